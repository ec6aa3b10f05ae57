"""The Samverkan web app: JSON API, SPARQL 1.1 Protocol endpoint, /id dereferencing and HTML pages."""
