"""/sparql answers byte for byte what it answered before the worker wrote them itself.

The reference is the earlier path, which remains for remote stores and the query page: rows (or triples) back from
the worker as terms, cut at the row limit, written by the Python writers. Every format, on the seed graph and on
literals chosen for their escapes, with and without the row limit.
"""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from api.routers import sparql
from api.settings import Settings
from conftest import app_client
from samverkan.store import EmbeddedStore

ID = "https://w3id.org/samverkan/id/"
SAM = "https://w3id.org/samverkan/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOLUTIONS = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
             "text/tab-separated-values"]
GRAPHS = ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"]

SEED_QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    f"SELECT ?c ?timeframe ?measure WHERE {{ ?c a <{SAM}Commitment> "
    f"OPTIONAL {{ ?c <{SAM}timeframe> ?timeframe }} OPTIONAL {{ ?c <{SAM}activityMeasure> ?measure }} }} ORDER BY ?c",
    f"SELECT ?party (COUNT(?c) AS ?n) (AVG(STRLEN(STR(?c))) AS ?mean) WHERE {{ ?c <{SAM}committedBy> ?party }} "
    "GROUP BY ?party ORDER BY ?party",
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g",
    f"SELECT ?label WHERE {{ <{ID}agreement/boras-2015> ?p ?label FILTER(isLiteral(?label)) }} ORDER BY ?label",
    "SELECT * WHERE { ?s ?p ?o FILTER(false) }",
    "SELECT ?x WHERE { VALUES ?x { UNDEF 1 UNDEF } }",
]
SEED_GRAPHS = [
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), \"{ID}agreement/boras-2015\")) }}",
    f"DESCRIBE <{ID}org/polisen/lpo-boras>",
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(false) }",
]
ASKS = [f"ASK {{ <{ID}org/polisen/lpo-boras> ?p ?o }}", "ASK { <urn:nothing> ?p ?o }"]

# literals whose escapes differ between writers (control characters, quotes, markup, numbers written short)
EDGE_VALUES = [
    '"ctl\\u0001\\u0008\\u000C\\u001f\\u007f end"', '"line \\u2028 sep and 😀"', '"q\'uo\\"te <a>&amp; >&quot;"',
    '"cr\\r\\nlf\\ttab"', '"back\\\\slash\\\\"', '"\\\\\\""', '":"', '","', '":,{}[]"', '"},{}"', '"[{"',
    '"<result>"', '""', '"x"@en-GB', '"Årligen"@sv', f'"01"^^<{XSD}integer>', f'"-5"^^<{XSD}integer>',
    f'"1."^^<{XSD}decimal>', f'".5"^^<{XSD}decimal>', f'"1.0e0"^^<{XSD}double>', f'"INF"^^<{XSD}double>',
    f'"true"^^<{XSD}boolean>', f'"false"^^<{XSD}boolean>', f'"abc"^^<{XSD}integer>', f'"2020-01-01"^^<{XSD}date>',
    '<http://example.org/i?x=%221%22&y=2>', '_:b1', '"12"', '"a,b\\r\\n\\r\\nc"',
]
EDGE_QUERIES = [
    "SELECT ?s ?o ?n WHERE { ?s ?p ?o OPTIONAL { ?o ?p ?n } } ORDER BY ?s",
    "SELECT ?o WHERE { { ?s ?p ?o } UNION {} UNION {} } ORDER BY ?o",
]


@pytest.fixture(scope="module")
def edge_store():
    store = EmbeddedStore(None)
    data = " . ".join(f"<http://example.org/s{i}> <http://example.org/p> {v}" for i, v in enumerate(EDGE_VALUES))
    store.update(f"INSERT DATA {{ {data} . }}")
    yield store
    store.close()


def _before(store, query: str, accept: str, max_rows: int):
    """What /sparql answered before: the worker's rows as terms, written by the Python writers."""
    settings = Settings(max_rows=max_rows)
    result = asyncio.run(sparql.run_query(store, settings, query))
    response = sparql._query_response(SimpleNamespace(headers={"accept": accept}), result, max_rows)  # noqa: SLF001
    return response.body, response.headers.get("content-type"), response.headers.get("samverkan-truncated")


def _now(client, query: str, accept: str):
    response = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert response.status_code == 200, response.text
    return response.content, response.headers.get("content-type"), response.headers.get("samverkan-truncated")


@pytest.fixture(scope="module", params=[10_000, 5], ids=["whole", "cut-at-5"])
def max_rows(request):
    return request.param


@pytest.fixture(scope="module")
def seed_client(embedded_seed_store, max_rows):
    return app_client(embedded_seed_store, max_rows=max_rows)


@pytest.fixture(scope="module")
def edge_client(edge_store, max_rows):
    return app_client(edge_store, max_rows=max_rows)


@pytest.mark.parametrize("accept", SOLUTIONS)
@pytest.mark.parametrize("query", SEED_QUERIES)
def test_select_on_the_seed_graph_is_byte_identical(embedded_seed_store, seed_client, max_rows, query, accept):
    assert _now(seed_client, query, accept) == _before(embedded_seed_store, query, accept, max_rows)


@pytest.mark.parametrize("accept", GRAPHS)
@pytest.mark.parametrize("query", SEED_GRAPHS)
def test_graphs_on_the_seed_graph_are_byte_identical(embedded_seed_store, seed_client, max_rows, query, accept):
    assert _now(seed_client, query, accept) == _before(embedded_seed_store, query, accept, max_rows)


@pytest.mark.parametrize("accept", SOLUTIONS[:2])
@pytest.mark.parametrize("query", ASKS)
def test_ask_is_byte_identical(embedded_seed_store, seed_client, max_rows, query, accept):
    assert _now(seed_client, query, accept) == _before(embedded_seed_store, query, accept, max_rows)


@pytest.mark.parametrize("accept", SOLUTIONS)
@pytest.mark.parametrize("query", EDGE_QUERIES)
def test_escapes_and_short_numbers_are_byte_identical(edge_store, edge_client, max_rows, query, accept):
    assert _now(edge_client, query, accept) == _before(edge_store, query, accept, max_rows)


@pytest.mark.parametrize("accept", GRAPHS)
def test_escapes_in_graphs_are_byte_identical(edge_store, edge_client, max_rows, accept):
    query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert _now(edge_client, query, accept) == _before(edge_store, query, accept, max_rows)


def test_a_long_answer_is_cut_and_says_so(embedded_seed_store):
    client = app_client(embedded_seed_store, max_rows=5)
    body, _, cut = _now(client, SEED_QUERIES[0], "text/tab-separated-values")
    assert cut == "results cut off at 5 rows"
    assert len(body.decode().splitlines()) == 1 + 5
    body, _, cut = _now(client, SEED_GRAPHS[0], "application/n-triples")
    assert cut == "results cut off at 5 triples"
    assert len(body.decode().splitlines()) == 5


def test_a_client_that_accepts_no_format_of_the_answer_gets_406(seed_client):
    response = seed_client.get("/sparql", params={"query": SEED_GRAPHS[1]}, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "a graph" in response.text
    response = seed_client.get("/sparql", params={"query": ASKS[0]}, headers={"Accept": "text/csv"})
    assert response.status_code == 406
    assert "ASK" in response.text
