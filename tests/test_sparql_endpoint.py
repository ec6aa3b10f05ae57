"""/sparql as a SPARQL 1.1 Protocol client sees it: content negotiation, errors, limits, the service description."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph

from conftest import app_client
from samverkan.store import EmbeddedStore

ID = "https://w3id.org/samverkan/id/"
SELECT = f"SELECT ?label WHERE {{ <{ID}agreement/boras-2015> <https://w3id.org/samverkan/ontology#signedOn> ?label }}"
ASK = f"ASK {{ <{ID}org/polisen/lpo-boras> ?p ?o }}"
CONSTRUCT = f"CONSTRUCT {{ <{ID}agreement/boras-2015> ?p ?o }} WHERE {{ <{ID}agreement/boras-2015> ?p ?o }}"
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


make_client = app_client


@pytest.fixture(scope="module")
def client(seed_store):
    return make_client(seed_store)


def _signed_from(media: str, body: bytes) -> str:
    """The one ?label value of SELECT, read back from each result format."""
    if media == "application/sparql-results+json" or media == "application/json":
        return json.loads(body)["results"]["bindings"][0]["label"]["value"]
    if media in ("application/sparql-results+xml", "application/xml"):
        return ET.fromstring(body).find(f"{RESULTS}results/{RESULTS}result/{RESULTS}binding/{RESULTS}literal").text
    if media == "text/csv":
        return list(csv.reader(io.StringIO(body.decode())))[1][0]
    if media == "text/tab-separated-values":
        return body.decode().splitlines()[1]
    raise AssertionError(media)


@pytest.mark.parametrize("accept, media", [
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/json", "application/json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, text/tab-separated-values", "text/tab-separated-values"),
    ("application/sparql-results+xml;q=0.9, text/csv;q=0.1, */*;q=0.01", "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/xml"),  # a browser
])
def test_select_negotiation(client, accept, media):
    response = client.get("/sparql", params={"query": SELECT}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    signed = _signed_from(media, response.content)
    # "Borås den 14 december 2015"
    assert signed in ("2015-12-14", '"2015-12-14"^^<http://www.w3.org/2001/XMLSchema#date>')


@pytest.mark.parametrize("accept, media", [
    (None, "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
])
def test_ask_negotiation(client, accept, media):
    response = client.post("/sparql", content=ASK, headers={"Content-Type": "application/sparql-query",
                                                             **({"Accept": accept} if accept else {})})
    assert response.headers["content-type"].split(";")[0] == media
    text = response.text
    assert ('"boolean": true' in text) or ("<boolean>true</boolean>" in text)


@pytest.mark.parametrize("accept, media, rdflib_format", [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/turtle,text/turtle", "text/turtle", "turtle"),  # SPARQLWrapper's; a tie goes to text/turtle
    ("application/turtle", "application/turtle", "turtle"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
])
def test_construct_negotiation(client, accept, media, rdflib_format):
    response = client.post("/sparql", data={"query": CONSTRUCT}, headers={"Accept": accept} if accept else {})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.content, format=rdflib_format)
    signed = {str(o) for s, p, o in graph if str(p).endswith("#signedOn")}
    assert signed == {"2015-12-14"}


@pytest.mark.parametrize("query, accept", [(SELECT, "text/turtle"), (ASK, "text/csv"), (CONSTRUCT, "text/csv")])
def test_unacceptable_format_is_406_listing_what_is_available(client, query, accept):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 406
    assert "available" in response.text


def test_unknown_parameters_are_ignored(client):
    # SPARQLWrapper adds format=, output= and results=
    response = client.get("/sparql", params={"query": ASK, "format": "json", "output": "json", "results": "json"})
    assert response.status_code == 200 and response.json()["boolean"] is True


@pytest.mark.parametrize("request_kwargs, status, message", [
    ({"method": "GET", "params": {"query": "SELECT * WHERE { ?s ?p "}}, 400, "malformed SPARQL: error at 1:"),
    ({"method": "POST", "content": "PREFIX x: <http://x/>\nSELEKT * {}",
      "headers": {"Content-Type": "application/sparql-query"}}, 400, "error at 2:"),  # the client's own line number
    ({"method": "GET", "params": {"query": "SELECT * WHERE { SERVICE <http://evil.example/sparql> { ?s ?p ?o } }"}},
     400, "SERVICE"),
    ({"method": "GET", "params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400, "not an IRI"),
    ({"method": "GET", "params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400, "given 2 times"),
    ({"method": "POST", "content": "ASK {}", "headers": {"Content-Type": "text/plain"}}, 415, "text/plain"),
    ({"method": "POST", "content": b""}, 400, "no SPARQL query"),
    ({"method": "GET", "params": {"update": "CLEAR ALL"}}, 400, "POST"),
    ({"method": "PUT", "params": {"query": "ASK {}"}}, 405, ""),
])
def test_bad_requests_get_a_clear_4xx(client, request_kwargs, status, message):
    kwargs = dict(request_kwargs)
    response = client.request(kwargs.pop("method"), "/sparql", **kwargs)
    assert response.status_code == status, response.text
    assert message in response.text


@pytest.mark.parametrize("query", [
    # "SERVICE" in a string, a comment, an IRI or as a variable name is not a federated query
    'SELECT ?service WHERE { BIND("SERVICE <http://x/>" AS ?service) }',
    "# SERVICE <http://x/> { }\nASK {}",
    "ASK { <http://example.org/SERVICE> ?p ?o }",
])
def test_service_word_elsewhere_is_not_refused(client, query):
    assert client.get("/sparql", params={"query": query}).status_code == 200


@pytest.fixture(scope="module")
def embedded(embedded_seed_store):
    return embedded_seed_store


@pytest.mark.parametrize("query", [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f }",   # blocks until the aggregate is done
    "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }",                   # streams rows past the deadline
])
def test_heavy_query_times_out_with_503(embedded, query):
    client = make_client(embedded, query_timeout=0.001)
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 503
    assert "time limit of 0.001 s" in response.text


@pytest.mark.parametrize("host", ["ex>ample.org", "a b", "x}{y"])
def test_a_host_header_that_is_no_iri_does_not_break_queries(client, host):
    # BASE comes from the request's URL, which a client's Host header makes; it must not end up in the query text
    response = client.get("/sparql", params={"query": ASK}, headers={"Host": host, "Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    assert response.json()["boolean"] is True
    assert client.get("/sparql", headers={"Host": host, "Accept": "text/turtle"}).status_code == 200


def test_row_limit_cuts_results_and_says_so(embedded):
    client = make_client(embedded, max_rows=5)
    response = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert len(response.json()["results"]["bindings"]) == 5
    assert "5 rows" in response.headers["samverkan-truncated"]
    small = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 3"})
    assert "samverkan-truncated" not in small.headers


def test_body_size_limit(embedded):
    client = make_client(embedded, max_body=100)
    response = client.post("/sparql", content="ASK {}" + " " * 200, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 413 and "100 bytes" in response.text


def test_service_description_in_rdf(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    graph = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert any(str(p) == sd + "endpoint" and str(o) == "http://testserver/sparql" for _, p, o in graph)
    names = {str(o) for _, p, o in graph if str(p) == sd + "name"}
    assert ID + "agreement/boras-2015" in names  # each agreement is a named graph
    languages = {str(o) for _, p, o in graph if str(p) == sd + "supportedLanguage"}
    assert languages == {sd + "SPARQL11Query"}  # no write token → no updates


def test_service_description_html_escapes_labels():
    store = EmbeddedStore(None)
    store.update('INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/g> '
                 '<http://www.w3.org/2000/01/rdf-schema#label> "<script>alert(1)</script>"@sv } }')
    response = make_client(store).get("/sparql", headers={"Accept": "text/html"})
    assert response.headers["content-type"].startswith("text/html")
    assert "<script>alert(1)" not in response.text  # the site's SPARQL page (tests/test_sparql_page.py)
