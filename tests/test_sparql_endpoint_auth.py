"""Who may update through /sparql: no token configured / wrong token / right token × query / update.
Each case runs on its own scratch store (updates write)."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from samverkan.store import EmbeddedStore

TOKEN = "s3cret-token"
INSERT = 'INSERT DATA { <http://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> "a" }'
ASK = "ASK { <http://example.org/a> ?p ?o }"


def _send(client: TestClient, operation: str, via: str, auth: str | None):
    headers = {"Authorization": auth} if auth else {}
    text = INSERT if operation == "update" else ASK
    if via == "form":
        return client.post("/sparql", data={operation: text}, headers=headers)
    media = "application/sparql-update" if operation == "update" else "application/sparql-query"
    return client.post("/sparql", content=text, headers={**headers, "Content-Type": media})


@pytest.mark.parametrize("via", ["form", "direct"])
@pytest.mark.parametrize("configured, auth, operation, status, written", [
    (None, None, "query", 200, False),
    (None, f"Bearer {TOKEN}", "query", 200, False),
    (None, None, "update", 403, False),
    (None, f"Bearer {TOKEN}", "update", 403, False),       # no token configured: nobody may write
    (TOKEN, None, "query", 200, False),
    (TOKEN, "Bearer wrong", "query", 200, False),           # reading never needs the token
    (TOKEN, None, "update", 401, False),
    (TOKEN, "Bearer wrong", "update", 403, False),
    (TOKEN, f"Basic {TOKEN}", "update", 401, False),
    (TOKEN, f"Bearer {TOKEN}", "query", 200, False),
    (TOKEN, f"Bearer {TOKEN}", "update", 204, True),
])
def test_update_authorisation(configured, auth, operation, status, written, via):
    store = EmbeddedStore(None)
    client = TestClient(create_app(store, settings=Settings(write_token=configured)))
    response = _send(client, operation, via, auth)
    assert response.status_code == status, response.text
    assert store.ask(ASK) is written
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Bearer")
    if status == 403 and configured is None:
        assert "no write token is configured" in response.text


def test_update_by_get_is_refused_even_with_the_token():
    store = EmbeddedStore(None)
    client = TestClient(create_app(store, settings=Settings(write_token=TOKEN)))
    response = client.get("/sparql", params={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400 and "POST" in response.text
    assert store.ask(ASK) is False


def test_malformed_update_is_400_with_the_parser_message():
    client = TestClient(create_app(EmbeddedStore(None), settings=Settings(write_token=TOKEN)))
    response = client.post("/sparql", data={"update": "INSERT DATA { <a> <b> }"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400 and response.text.startswith("malformed SPARQL: error at 1:")
