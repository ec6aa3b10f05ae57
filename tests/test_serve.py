"""`samverkan serve` as a user runs it: a live uvicorn server on a free loopback port, used by SPARQLWrapper."""

from __future__ import annotations

import os
import sys
import urllib.request

import pytest

from oxigraph_server import free_port
from processes import running

ID = "https://w3id.org/samverkan/id/"
TOKEN = "serve-test-token"


def test_serve_help(cli):
    result = cli("serve", "--help")
    assert result.exit_code == 0
    assert "--host" in result.stdout and "--port" in result.stdout and "--store" in result.stdout



def test_serve_uses_the_global_remote_store_options(cli, monkeypatch):
    """`samverkan --store-kind … --query-url … serve --store URL` serves that store through those endpoints
    (a remote store sends nothing until asked, so no server is needed here)."""
    import uvicorn

    served = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **kwargs: served.append(app))
    for name in ("SAMVERKAN_STORE_KIND", "SAMVERKAN_QUERY_URL", "SAMVERKAN_UPDATE_URL", "SAMVERKAN_TIMEOUT"):
        monkeypatch.delenv(name, raising=False)
    result = cli("--store-kind", "fuseki", "--query-url", "http://127.0.0.1:9/ds/custom-query",
                 "--update-url", "http://127.0.0.1:9/ds/custom-update", "--timeout", "7",
                 "serve", "--store", "http://127.0.0.1:9/ds")
    assert result.exit_code == 0, result.output
    store = served[0].state.store
    assert store.endpoints.kind == "fuseki"
    assert store.endpoints.query == "http://127.0.0.1:9/ds/custom-query"
    assert store.endpoints.update == "http://127.0.0.1:9/ds/custom-update"
    assert store.timeout == 7
    assert "visar lagret på http://127.0.0.1:9/ds på http://127.0.0.1:8000" in result.stderr  # the start-up line, in Swedish


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """`samverkan serve` over a freshly built store (its own copy: the tests write to it), stopped afterwards."""
    from typer.testing import CliRunner

    from samverkan.cli import app

    store = tmp_path_factory.mktemp("served") / "store"
    built = CliRunner().invoke(app, ["build", "--store", str(store)], catch_exceptions=False)
    assert built.exit_code == 0, built.output
    port = free_port()
    env = {**os.environ, "SAMVERKAN_WRITE_TOKEN": TOKEN}
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-c", "from samverkan.cli import main; main()", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--store", str(store)]
    with running(command, url + "/sparql", tmp_path_factory.mktemp("served-log") / "serve.log", env=env):
        yield url


def _client(url: str, query: str, fmt):
    from SPARQLWrapper import SPARQLWrapper

    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(query)
    client.setReturnFormat(fmt)
    return client


@pytest.mark.server
@pytest.mark.parametrize("fmt_name", ["JSON", "XML", "CSV", "TSV"])
def test_sparqlwrapper_select(live_server, fmt_name):
    import SPARQLWrapper as sw

    query = f"SELECT ?party WHERE {{ <{ID}agreement/mark-2022-2024> <https://w3id.org/samverkan/ontology#party> ?party }}"
    result = _client(live_server, query, getattr(sw, fmt_name)).query()
    converted = result.convert()
    if fmt_name == "JSON":
        parties = {b["party"]["value"] for b in converted["results"]["bindings"]}
    elif fmt_name == "XML":
        parties = {n.firstChild.data for n in converted.getElementsByTagName("uri")}
    else:
        text = converted.decode() if isinstance(converted, bytes) else converted
        parties = {line.strip().strip("<>") for line in text.splitlines()[1:] if line.strip()}
    # Seed 003: "Samverkansöverenskommelse mellan Marks kommun och Polismyndigheten, lokalpolisområde Borås"
    assert parties == {ID + "org/marks-kommun", ID + "org/polisen/lpo-boras"}


@pytest.mark.server
def test_sparqlwrapper_ask_and_construct(live_server):
    import SPARQLWrapper as sw

    ask = _client(live_server, f"ASK {{ <{ID}agreement/boras-2015> ?p ?o }}", sw.JSON).query().convert()
    assert ask["boolean"] is True
    graph = _client(live_server, f"CONSTRUCT {{ <{ID}agreement/boras-2015> ?p ?o }} WHERE {{ <{ID}agreement/boras-2015> ?p ?o }}",
                    sw.TURTLE).queryAndConvert()
    assert b"2015-12-14" in graph


@pytest.mark.server
def test_sparqlwrapper_post_and_update_with_token(live_server):
    import SPARQLWrapper as sw

    client = _client(live_server, "INSERT DATA { <http://example.org/x> <http://example.org/p> 1 }", sw.JSON)
    client.setMethod(sw.POST)
    with pytest.raises(sw.SPARQLExceptions.Unauthorized):
        client.query()  # no token sent
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    assert client.query().response.status == 204
    check = _client(live_server, "ASK { <http://example.org/x> ?p ?o }", sw.JSON)
    check.setMethod(sw.POST)
    assert check.queryAndConvert()["boolean"] is True


@pytest.mark.server
def test_live_api_and_errors(live_server):
    import json

    import SPARQLWrapper as sw

    with urllib.request.urlopen(live_server + "/api/agreements?limit=1") as response:
        assert json.load(response)["total"] >= 3
    with pytest.raises(sw.SPARQLExceptions.QueryBadFormed) as bad:
        _client(live_server, "SELECT * WHERE { ?s ", sw.JSON).query()
    assert "malformed SPARQL" in str(bad.value)
