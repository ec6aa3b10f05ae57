"""Issue 16 item 5: failures reach a user as a clear status and message, never a bare "Internal Server Error";
a browser on an HTML page gets an HTML error page, a program gets JSON (or plain text on /sparql)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from conftest import app_client
from oxigraph_server import free_port
from samverkan.store.remote import RemoteStore


@pytest.fixture(scope="module")
def down():
    """The app over a remote store whose server is not running (nothing listens on the port)."""
    port = free_port()
    store = RemoteStore(f"http://127.0.0.1:{port}", retries=0, timeout=2)
    return TestClient(create_app(store, settings=Settings()), raise_server_exceptions=False), port


@pytest.mark.parametrize("lang, title", [("sv", "Databasen svarar inte"), ("en", "The store is not answering")])
def test_a_page_over_a_store_that_is_down_is_an_html_error_page(down, lang, title):
    """Issue 16 item 5: the home page answers 503 with an HTML page that names the store, in the reader's language."""
    client, port = down
    response = client.get("/", params={"lang": lang}, headers={"Accept": "text/html"})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert title in response.text
    assert f"127.0.0.1:{port}" in response.text and "connection refused" in response.text


def test_the_json_api_over_a_store_that_is_down_says_so(down):
    """Issue 16 item 5: /api answers 503 JSON with a message that names the store."""
    client, port = down
    response = client.get("/api/agreements")
    assert response.status_code == 503
    detail = response.json()["detail"]
    assert detail["error"] == "store_unavailable" and f"127.0.0.1:{port}" in detail["message"]


@pytest.mark.parametrize("params", [{"query": "ASK {}"}, {}])
def test_sparql_over_a_store_that_is_down_says_so(down, params):
    """Issue 16 item 5: a query, and the service description, answer 503 with the reason as text."""
    client, port = down
    response = client.get("/sparql", params=params)
    assert response.status_code == 503, response.text
    assert response.headers["content-type"].startswith("text/plain")
    assert f"127.0.0.1:{port}" in response.text


def test_service_to_a_closed_port_is_a_clear_refusal(seed_store):
    """Issue 16 item 5: the issue's SERVICE to a closed port was a bare 500; now a 400 that says why."""
    response = app_client(seed_store).get("/sparql", params={
        "query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }"})
    assert response.status_code == 400
    assert "SERVICE" in response.text and "Internal Server Error" not in response.text
