"""Benchmarks of samverkan against the naive rdflib + pyshacl stack (python -m bench)."""
