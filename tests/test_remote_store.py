"""The remote store against real servers (Oxigraph, Virtuoso) gives the same answers as the embedded store."""

from __future__ import annotations

import time

import pyoxigraph as ox
import pytest

from backends import SERVER_BACKENDS, seed_store_for, start_server_store, without_summaries_on_virtuoso
from samverkan.namespaces import BUILD_GRAPH, ID, sparql_prefixes
from samverkan.store import EmbeddedStore, QueryError, QueryTimeout
from samverkan.store.remote import detect_kind, endpoints_for

pytestmark = pytest.mark.server

BORAS_2015 = ID + "agreement/boras-2015"
MARK = ID + "agreement/mark-2022-2024"


@pytest.fixture(scope="module", params=SERVER_BACKENDS)
def stores(request, tmp_path_factory, embedded_seed_store):
    """(embedded, remote), both built from graph/, for each server back end (the session's shared seed store)."""
    return embedded_seed_store, seed_store_for(request.param, tmp_path_factory)


def canonical(quads) -> ox.Dataset:
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return dataset


def in_graph(triples, graph: str) -> ox.Dataset:
    return canonical(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(graph)) for t in triples)


def rows_as_multiset(result) -> list:
    """Rows with blank nodes blanked, sorted: blank node labels differ between stores."""
    def cell(term):
        return "_:b" if isinstance(term, ox.BlankNode) else repr(term)
    return sorted(tuple(sorted((k, cell(v)) for k, v in row.items())) for row in result.rows)


QUERIES = {
    "parties of Mark (bound IRI)": ("SELECT ?party WHERE { ?a sam:party ?party }", {"a": ox.NamedNode(MARK)}),
    "labels in Swedish and English": ("SELECT ?x ?label WHERE { ?x rdfs:label ?label }", None),
    "dates are typed literals": ("SELECT ?a ?d WHERE { ?a sam:signedOn ?d }", None),
    "commitments per party (aggregate)":
        ("SELECT ?party (COUNT(?c) AS ?n) WHERE { ?c a sam:Commitment ; sam:committedBy ?party } GROUP BY ?party", None),
    "blank nodes and OPTIONAL": ("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }", None),
    "UNDEF binding leaves the variable free": ("SELECT ?a WHERE { ?a a sam:Agreement }", {"a": None}),
    "user text bound as a literal, not as syntax":
        ("SELECT ?x WHERE { ?x rdfs:label ?l }", {"l": ox.Literal('Borås" } ; DROP ALL ; #', language="sv")}),
}


@pytest.mark.parametrize("name", list(QUERIES))
def test_select_same_rows(stores, name):
    embedded, remote = stores
    query, bindings = QUERIES[name]
    expected = embedded.select(sparql_prefixes() + query, bindings)
    got = remote.select(sparql_prefixes() + query, bindings)
    assert got.variables == expected.variables
    assert rows_as_multiset(got) == rows_as_multiset(expected)


def test_terms_are_pyoxigraph_terms(stores):
    _, remote = stores
    row = remote.select(sparql_prefixes() + "SELECT ?a ?label ?signed WHERE { ?a rdfs:label ?label ; sam:signedOn ?signed "
                        "FILTER(lang(?label) = 'sv') }", {"a": ox.NamedNode(MARK)}).rows[0]
    assert row["a"] == ox.NamedNode(MARK)
    assert isinstance(row["label"], ox.Literal) and row["label"].language == "sv"
    assert row["signed"].datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")


@pytest.mark.parametrize("query, bindings, expected", [
    ("ASK WHERE { ?a sam:party <https://w3id.org/samverkan/id/org/polisen/lpo-boras> }", {"a": ox.NamedNode(MARK)}, True),
    ("ASK WHERE { ?a sam:party <https://w3id.org/samverkan/id/org/bodens-kommun> }", {"a": ox.NamedNode(MARK)}, False),
])
def test_ask(stores, query, bindings, expected):
    for store in stores:
        assert store.ask(sparql_prefixes() + query, bindings) is expected


def test_construct_same_triples(stores):
    embedded, remote = stores
    query = "CONSTRUCT { ?a ?p ?o } WHERE { ?a ?p ?o }"
    bindings = {"a": ox.NamedNode(BORAS_2015)}
    assert in_graph(remote.construct(query, bindings), "x:g") == in_graph(embedded.construct(query, bindings), "x:g")


def test_same_named_graphs_with_same_content(stores):
    embedded, remote = stores
    graphs = without_summaries_on_virtuoso(remote, embedded.graph_names())
    assert remote.graph_names() == graphs
    for graph in graphs:
        if graph == BUILD_GRAPH:
            continue  # holds each source file's path and hash: equal too, checked below without the order
        assert in_graph(remote.graph_triples(graph), graph) == in_graph(embedded.graph_triples(graph), graph), graph
    assert set(remote.graph_triples(BUILD_GRAPH)) == set(embedded.graph_triples(BUILD_GRAPH))
    assert remote.graph_triples(ID + "agreement/no-such-agreement") == []


@pytest.mark.parametrize("fmt", [ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES])
def test_dump_same_dataset(stores, fmt):
    embedded, remote = stores
    ours, theirs = (list(ox.parse(s.dump(fmt), format=fmt)) for s in (remote, embedded))
    left_out = set(embedded.graph_names()) - set(without_summaries_on_virtuoso(remote, embedded.graph_names()))
    # a summary's statements are about its own graph's IRI: left out by graph (TriG, N-Quads) or subject (the union)
    theirs = [q for q in theirs if getattr(getattr(q, "graph_name", None), "value", None) not in left_out
              and q.subject.value not in left_out]
    assert canonical(ours) == canonical(theirs)


DATASETS = [
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", (), ()),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", (BORAS_2015,), ()),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", (BORAS_2015, MARK), ()),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", (), (MARK,)),
    ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", (BORAS_2015,), (MARK, BORAS_2015)),
    ("ASK { <https://w3id.org/samverkan/id/agreement/mark-2022-2024> ?p ?o }", (BORAS_2015,), ()),
]


@pytest.mark.parametrize("query, default_graphs, named_graphs", DATASETS)
def test_sparql_with_a_dataset(stores, query, default_graphs, named_graphs):
    embedded, remote = stores
    expected = embedded.sparql(query, default_graphs=default_graphs, named_graphs=named_graphs)
    got = remote.sparql(query, default_graphs=default_graphs, named_graphs=named_graphs)
    if isinstance(expected, bool):
        assert got is expected
    else:
        assert rows_as_multiset(got) == rows_as_multiset(expected)


def test_sparql_construct_returns_triples(stores):
    embedded, remote = stores
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{MARK}> {{ ?s ?p ?o }} }}"
    assert in_graph(remote.sparql(query), "x:g") == in_graph(embedded.sparql(query), "x:g")


@pytest.mark.parametrize("call", [
    lambda s: s.select("SELEC ?x WHERE { ?x ?p ?o }"),
    lambda s: s.select("ASK { ?s ?p ?o }"),
    lambda s: s.ask("SELECT * WHERE { ?s ?p ?o }"),
    lambda s: s.construct("SELECT * WHERE { ?s ?p ?o }"),
    lambda s: s.sparql("DROP ALL"),  # an update sent as a query is refused, not run
])
def test_wrong_query_is_a_query_error_on_both(stores, call):
    for store in stores:
        with pytest.raises(QueryError):
            call(store)
    assert stores[1].graph_names() == without_summaries_on_virtuoso(stores[1], stores[0].graph_names())


def test_deadline_already_past_is_a_timeout(stores):
    _, remote = stores
    with pytest.raises(QueryTimeout):
        remote.sparql("SELECT * WHERE { ?s ?p ?o }", deadline=time.monotonic() - 1)


@pytest.mark.parametrize("backend", SERVER_BACKENDS)
def test_replace_graphs_replaces_and_drops_like_embedded(tmp_path_factory, backend):
    remote = start_server_store(backend, tmp_path_factory)
    embedded = EmbeddedStore(None)
    a, b = ox.NamedNode("https://example.org/a"), ox.NamedNode("https://example.org/b")
    p = ox.NamedNode("https://example.org/p")
    steps = [
        ({a.value: [ox.Triple(a, p, ox.Literal("ett", language="sv"))], b.value: [ox.Triple(b, p, ox.BlankNode())]}, []),
        ({a.value: [ox.Triple(a, p, ox.Literal("två", language="sv")), ox.Triple(a, p, ox.Literal(2))]}, [b.value]),
        ({a.value: []}, []),
    ]
    try:
        for graphs, drop in steps:
            for store in (embedded, remote):
                store.replace_graphs(graphs, drop=drop)
            assert remote.graph_names() == embedded.graph_names()
            for g in embedded.graph_names():
                assert in_graph(remote.graph_triples(g), g) == in_graph(embedded.graph_triples(g), g)
    finally:
        remote.close()


@pytest.mark.parametrize("url, kind, query, update, gsp", [
    ("http://127.0.0.1:7878", "oxigraph", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store"),
    ("http://127.0.0.1:7878/query", "oxigraph", "http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update",
     "http://127.0.0.1:7878/store"),
    ("http://host:3030/ds", "fuseki", "http://host:3030/ds/sparql", "http://host:3030/ds/update", "http://host:3030/ds/data"),
    ("http://host:3030/ds/sparql", "fuseki", "http://host:3030/ds/sparql", "http://host:3030/ds/update",
     "http://host:3030/ds/data"),
    ("http://host:7200/repositories/samverkan", "graphdb", "http://host:7200/repositories/samverkan",
     "http://host:7200/repositories/samverkan/statements", "http://host:7200/repositories/samverkan/rdf-graphs/service"),
    ("https://host/a/b/sparql", "generic", "https://host/a/b/sparql", "https://host/a/b/sparql", None),
])
def test_endpoint_urls_by_server_kind(url, kind, query, update, gsp):
    assert detect_kind(url) == kind
    endpoints = endpoints_for(url)
    assert (endpoints.kind, endpoints.query, endpoints.update, endpoints.gsp) == (kind, query, update, gsp)


def test_explicit_urls_and_kind_win():
    endpoints = endpoints_for("http://host:7878", kind="fuseki", update_url="http://other/update")
    assert (endpoints.query, endpoints.update, endpoints.gsp) == ("http://host:7878/sparql", "http://other/update",
                                                                  "http://host:7878/data")
