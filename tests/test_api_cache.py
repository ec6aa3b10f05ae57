"""Served answers are cached per store state: a coordinator sees a new build or a SPARQL update at once,
never a stale page; concurrent first requests compute a page once; a read-only server answers from an
in-memory copy of the store; named queries give the same answer with their parameters written inline."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.routers import analysis
from api.settings import Settings
from samverkan import resources
from samverkan.resources import cache as cache_module
from samverkan.build import build
from samverkan.queries import run_named
from samverkan.queries.catalog import get_query
from samverkan.queries.params import bind_params
from samverkan.queries.run import _run, inline_bindings
from samverkan.store import EmbeddedStore

REPO = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/samverkan/id/"
TOKEN = "cache-test-token"
# graph/agreements/boras-2015.ttl (seed 002: "Samverkansöverenskommelse ... Borås 2015")
BORAS_LABEL = "Samverkansöverenskommelse Borås Stad och lokalpolisområde Borås 2015"


@pytest.fixture
def graph_copy(tmp_path) -> Path:
    target = tmp_path / "graph"
    shutil.copytree(REPO / "graph", target)
    return target


@pytest.fixture
def built(graph_copy):
    """The seed graph without stored summaries: requests validate (tests/test_summaries.py has the stored path)."""
    store = EmbeddedStore(None)
    build(store, [graph_copy], summaries=False)
    return store, graph_copy


def _label(client: TestClient) -> str:
    response = client.get("/api/agreements/boras-2015")
    assert response.status_code == 200
    return response.json()["label"]


def test_a_new_build_shows_at_once(built):
    store, graph = built
    client = TestClient(create_app(store, settings=Settings()))
    assert _label(client) == BORAS_LABEL
    assert _label(client) == BORAS_LABEL  # served from the cache
    source = graph / "agreements" / "boras-2015.ttl"
    source.write_text(source.read_text(encoding="utf-8").replace(BORAS_LABEL, "Borås 2015, reviderad"), encoding="utf-8")
    build(store, [graph])
    assert _label(client) == "Borås 2015, reviderad"


def test_a_sparql_update_through_the_app_shows_at_once(built):
    store, _ = built
    client = TestClient(create_app(store, settings=Settings(write_token=TOKEN)))
    assert _label(client) == BORAS_LABEL
    update = f"""DELETE {{ GRAPH ?g {{ <{ID}agreement/boras-2015> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}
                 INSERT {{ GRAPH ?g {{ <{ID}agreement/boras-2015> <http://www.w3.org/2000/01/rdf-schema#label> "Ändrad"@sv }} }}
                 WHERE {{ GRAPH ?g {{ <{ID}agreement/boras-2015> <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}"""
    response = client.post("/sparql", data={"update": update}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code in (200, 204), response.text
    assert _label(client) == "Ändrad"
    assert client.get("/api/organisations/boras-stad").status_code == 200


@pytest.mark.parametrize("path, module, name", [
    ("/api/agreements/boras-2015", resources, "agreement_detail"),
    ("/api/organisations/org/boras-stad", resources, "organisation"),
    ("/api/forums/forum/boras/brottsforebyggande-radet", resources, "forum"),
    ("/api/themes", resources, "themes"),
    ("/api/commitments?agreement=boras-2015", resources, "commitments"),
    ("/api/validation?agreement=boras-2015", resources, "validation"),
    ("/api/queries/commitments?agreement=boras-2015", analysis, "run_named"),
    ("/api/network?municipality=boras-stad", analysis, "build_network"),
])
def test_a_second_request_is_answered_from_the_cache(built, monkeypatch, path, module, name):
    store, _ = built
    calls = []
    original = getattr(module, name)
    monkeypatch.setattr(module, name, lambda *args, **kwargs: calls.append(1) or original(*args, **kwargs))
    client = TestClient(create_app(store, settings=Settings()))
    first, second = client.get(path), client.get(path)
    assert first.status_code == second.status_code == 200
    assert len(calls) == 1
    assert first.content == second.content
    assert first.headers["content-type"].startswith("application/json")


THREADS = 6


@pytest.fixture
def key_locks(monkeypatch):
    """Count the callers that reach the cache's per-key locks (samverkan.resources.cache): `arrived` is
    released once per caller, whether it takes the lock or waits for it."""
    arrived = threading.Semaphore(0)
    real_lock = threading.Lock

    class WatchedLock:
        def __init__(self):
            self.lock = real_lock()

        def __enter__(self):
            arrived.release()
            return self.lock.__enter__()

        def __exit__(self, *exc):
            return self.lock.__exit__(*exc)

    monkeypatch.setattr(cache_module, "threading", SimpleNamespace(Lock=WatchedLock))
    return arrived


def _all_at_once(target) -> None:
    threads = [threading.Thread(target=target) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def test_concurrent_first_requests_compute_once(key_locks):
    store = EmbeddedStore(None)
    calls, results = [], []

    def compute():
        calls.append(1)
        for _ in range(THREADS):  # hold the first computation until every caller is at the key's lock
            key_locks.acquire(timeout=5)
        return {"answer": 42}

    _all_at_once(lambda: results.append(resources.cached(store, ("test",), compute)))
    assert len(calls) == 1
    assert results == [{"answer": 42}] * THREADS


def test_concurrent_first_validations_validate_each_agreement_once(built, key_locks, monkeypatch):
    store, _ = built
    calls: list[str] = []
    real = cache_module.validate_agreement

    def validate_agreement(store, iri, *args):
        calls.append(iri)
        if len(calls) == 1:  # hold the first validation until every caller is at a report's lock
            for _ in range(THREADS):
                key_locks.acquire(timeout=5)
        return real(store, iri, *args)

    monkeypatch.setattr(cache_module, "validate_agreement", validate_agreement)
    reports = []
    _all_at_once(lambda: reports.append(resources.validation(store)))
    # graph/agreements/: the four seed agreements, each with its own graph
    expected = sorted(ID + "agreement/" + a for a in ("boden-2010-2011", "boras-2015", "boras-2021-2023", "mark-2022-2024"))
    assert sorted(calls) == expected
    assert [sorted(a.id for a in r.agreements if not a.outside) for r in reports] == [expected] * THREADS


def test_an_unknown_id_is_not_found_every_time(built):
    store, _ = built
    client = TestClient(create_app(store, settings=Settings()))
    for _ in range(2):
        assert client.get("/api/agreements/no-such-agreement").status_code == 404


def test_read_only_server_answers_from_disk_or_its_copy_and_a_writer_from_disk(graph_copy, tmp_path):
    folder = tmp_path / "store"
    with EmbeddedStore(folder) as disk:
        build(disk, [graph_copy])
    app = create_app(settings=Settings(store=str(folder), in_memory=True))
    with TestClient(app) as client:
        assert app.state.store.in_memory and "copied into memory" in app.state.store.description
        assert _label(client) == BORAS_LABEL
    writer = create_app(settings=Settings(store=str(folder), write_token=TOKEN, in_memory=True))
    with TestClient(writer) as client:
        assert writer.state.store.path == folder and not writer.state.store.read_only
        assert not writer.state.store.in_memory
        assert _label(client) == BORAS_LABEL
    on_disk = create_app(settings=Settings(store=str(folder)))
    with TestClient(on_disk) as client:
        assert on_disk.state.store.path == folder and not on_disk.state.store.in_memory
        assert _label(client) == BORAS_LABEL


def test_inline_bindings_writes_values_into_the_where_group():
    text = """SELECT ?a ?t WHERE { ?a <http://x/p> ?t . FILTER(!BOUND(?t) || ?t != "?t") OPTIONAL { ?a <http://x/q> ?t2 } }"""
    inlined, rest = inline_bindings(text, {"t": ox.NamedNode("http://x/theme"), "a": None})
    assert "<http://x/p> <http://x/theme>" in inlined
    assert '!true || <http://x/theme> != "?t"' in inlined  # a string that looks like the variable stays
    assert "?t2" in inlined and inlined.rstrip().endswith("BIND(<http://x/theme> AS ?t)\n}")
    assert rest == {"a": None}
    assigned = "SELECT ?t WHERE { BIND(<http://x/o> AS ?t) }"
    assert inline_bindings(assigned, {"t": ox.NamedNode("http://x/o")}) == (assigned, {"t": ox.NamedNode("http://x/o")})


SUBSELECTS = [
    # projected in a sub-SELECT: written into it and dropped from its projection and GROUP BY
    ("SELECT ?a WHERE { { SELECT ?t ?a (COUNT(?b) AS ?n) WHERE { ?a ?p ?t } GROUP BY ?t ?a } }",
     ["SELECT   ?a (COUNT(?b) AS ?n) WHERE { ?a ?p <http://x/t> } GROUP BY   ?a"]),
    # the only projected variable: the sub-SELECT projects * (an existence check)
    ("SELECT ?t WHERE { { SELECT ?t WHERE { ?t a <http://x/C> } } }", ["SELECT  *  WHERE { <http://x/t> a <http://x/C> }"]),
    # a sub-SELECT's own ?t (not projected) is another variable: left alone
    ("SELECT ?a WHERE { { SELECT ?a WHERE { ?a ?p ?t } } ?a ?q ?t }", None),
    # inside an aggregate, or the only GROUP BY key (no rows would become one row of zeros): left alone
    ("SELECT ?n WHERE { { SELECT (COUNT(?t) AS ?n) WHERE { ?a ?p ?t } } }", None),
    ("SELECT ?t ?n WHERE { { SELECT ?t (COUNT(?a) AS ?n) WHERE { ?a ?p ?t } GROUP BY ?t } }", None),
]


@pytest.mark.parametrize("text, expected", SUBSELECTS)
def test_inline_bindings_into_sub_selects_only_where_the_answer_stays_the_same(text, expected):
    term = ox.NamedNode("http://x/t")
    inlined, rest = inline_bindings(text, {"t": term})
    if expected is None:
        assert (inlined, rest) == (text, {"t": term})
    else:
        assert rest == {} and all(part in inlined for part in expected) and "BIND(<http://x/t> AS ?t)" in inlined


def test_compare_themes_reads_one_theme_inline():
    query = get_query("compare-themes")
    inlined, rest = inline_bindings(query.text, {"theme": ox.NamedNode(ID + "theme/x")}, query.inline)
    assert rest == {} and inlined.count(f"<{ID}theme/x>") == 8  # six branches, the type check, the BIND


@pytest.mark.parametrize("name, params", [
    ("compare-themes", {"theme": "theme/barn-och-unga-i-riskzon"}),
    ("compare-themes", {}),
    ("commitments", {"agreement": "boras-2015"}),
    ("police-area-commitments", {"police_area": "org/polisen/lpo-boras"}),
])
def test_named_queries_answer_the_same_inline_and_bound(embedded_seed_store, name, params):
    query = get_query(name)
    bindings = bind_params(embedded_seed_store, query, params)
    bound = _run(embedded_seed_store, name, query.text, bindings, "sv")
    inline = _run(embedded_seed_store, name, query.text, bindings, "sv", inline=[p.name for p in query.params] + ["lang"])
    assert bound.to_json() == inline.to_json()
    assert run_named(embedded_seed_store, name, params).to_json() == bound.to_json()
    assert bound.rows or not params
