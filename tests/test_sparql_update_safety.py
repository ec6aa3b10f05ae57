"""Issue 16 item 4: with the update token, LOAD and SERVICE in an update make no outgoing request.

Before, `LOAD <url>` fetched the URL (and a failed LOAD was a bare 500) and SERVICE inside an update's WHERE
was sent on. Now both are decided from rdflib's parse of the update: LOAD answers 403, SERVICE 400, each with
a message, and the store is unchanged. A listener on loopback proves that nothing connects.
"""

from __future__ import annotations

import pytest

from backends import seed_store_for
from conftest import app_client
from test_sparql_service import Listener

TOKEN = "update-safety-token"
AUTH = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module", params=["embedded", "remote"])
def store(request, tmp_path_factory):
    """The seed graph in a store of its own (these tests send updates)."""
    built = seed_store_for(request.param, tmp_path_factory)
    yield built
    built.close()


@pytest.fixture(scope="module")
def client(store):
    return app_client(store, write_token=TOKEN)


@pytest.fixture(scope="module")
def listener():
    server = Listener()
    yield server
    server.close()


def _count(client) -> int:
    response = client.post("/sparql", content=COUNT, headers={"Content-Type": "application/sparql-query"})
    assert response.status_code == 200, response.text
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def _loads(port: int) -> dict[str, str]:
    at = f"http://127.0.0.1:{port}/data.ttl"
    return {
        "LOAD": f"LOAD <{at}>",
        "LOAD SILENT INTO GRAPH": f"LOAD SILENT <{at}> INTO GRAPH <http://example.org/g>",
        "lower case after another operation": f"CLEAR SILENT GRAPH <http://example.org/none> ; load <{at}>",
        "prefixed IRI": f"PREFIX d: <http://127.0.0.1:{port}/> LOAD d:data.ttl",
        # rdflib ends a comment at a line feed only, the engine at a carriage return too: the check saw no LOAD
        "after a comment ended by a carriage return": f"# note\rLOAD <{at}>",
    }


def _services(port: int) -> dict[str, str]:
    at = f"http://127.0.0.1:{port}/sparql"
    return {
        "INSERT WHERE": f"INSERT {{ GRAPH <http://example.org/g> {{ ?s ?p ?o }} }} WHERE {{ SERVICE <{at}> {{ ?s ?p ?o }} }}",
        "DELETE WHERE with < and no spaces": f"DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o FILTER(?s<?o)SERVICE<{at}>{{?s?p?o}} }}",
        "after INSERT DATA": f'INSERT DATA {{ <http://e/a> <http://e/b> """x"y""" }} ; '
                             f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <{at}> {{ ?s ?p ?o }} }}",
        "after a comment ended by a carriage return":
            f"INSERT {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o # note\rSERVICE <{at}> {{ ?s ?p ?o }}\n}}",
    }


@pytest.mark.parametrize("form", list(_loads(0)))
def test_load_is_refused_with_403(client, listener, form):
    """Issue 16 item 4: LOAD answers 403 and says why; nothing is fetched and nothing changes."""
    before, connections = _count(client), listener.connections
    response = client.post("/sparql", content=_loads(listener.port)[form], headers=AUTH)
    assert response.status_code == 403, response.text
    assert "LOAD is not allowed" in response.text and "INSERT DATA" in response.text
    assert listener.connections == connections
    assert _count(client) == before


@pytest.mark.parametrize("form", list(_services(0)))
def test_service_in_an_update_is_refused_with_400(client, listener, form):
    """Issue 16 item 4: SERVICE inside an update answers 400; nothing connects, nothing changes
    (not even the INSERT DATA before it in the same request)."""
    before, connections = _count(client), listener.connections
    response = client.post("/sparql", content=_services(listener.port)[form], headers=AUTH)
    assert response.status_code == 400, response.text
    assert "SERVICE" in response.text
    assert listener.connections == connections
    assert _count(client) == before


def test_a_plain_update_still_works(client):
    """Issue 16 item 4: the checks leave ordinary updates alone (one triple in, then out again)."""
    before = _count(client)
    triple = '<http://example.org/load-test> <http://example.org/says> "LOAD and SERVICE are words" '
    response = client.post("/sparql", content=f"INSERT DATA {{ GRAPH <http://example.org/t> {{ {triple} }} }}",
                           headers=AUTH)
    assert response.status_code == 204, response.text
    assert _count(client) == before + 1
    response = client.post("/sparql", content="DROP GRAPH <http://example.org/t>", headers=AUTH)
    assert response.status_code == 204, response.text
    assert _count(client) == before
