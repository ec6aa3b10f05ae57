"""/api/validation, /api/network and /api/queries: the library's reports through the API, on the seed graph."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from conftest import app_client
from samverkan.store import EmbeddedStore

ID = "https://w3id.org/samverkan/id/"


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    with app_client(embedded_seed_store) as test_client:
        yield test_client


def test_validation_of_one_agreement(client):
    body = client.get("/api/validation", params={"agreement": "mark-2022-2024"}).json()
    assert [a["id"] for a in body["agreements"]] == [ID + "agreement/mark-2022-2024"]
    # Mark's document gives no activity measure for any commitment
    assert body["agreements"][0]["completeness"]["with_measure"] == 0


def test_validation_figure_is_the_agreement_lists_figure(client):
    listed = {a["id"]: a["completeness"]["score"] for a in client.get("/api/agreements").json()["items"]}
    validated = {a["id"]: a["completeness"]["score"] for a in client.get("/api/validation").json()["agreements"]
                 if a["id"] is not None}  # the findings outside any agreement come last, with no figure
    assert listed == validated


def test_network_of_mark_joins_marks_kommun_and_lpo_boras(client):
    response = client.get("/api/network", params={"agreement": "mark-2022-2024", "format": "json"})
    assert response.status_code == 200
    nodes = {n["id"] for n in json.loads(response.content)["nodes"]}
    assert {ID + "org/marks-kommun", ID + "org/polisen/lpo-boras"} <= nodes


@pytest.mark.parametrize("fmt, media, start", [("graphml", "application/graphml+xml", b"<?xml"),
                                               ("dot", "text/vnd.graphviz", b"")])
def test_network_exports(client, fmt, media, start):
    response = client.get("/api/network", params={"format": fmt})
    assert response.headers["content-type"].startswith(media) and response.content.startswith(start)


def test_named_queries_are_listed(client):
    names = {q["name"] for q in client.get("/api/queries").json()["items"]}
    assert {"who-coordinates-what", "forum-members"} <= names


def test_named_query_with_a_parameter(client):
    response = client.get("/api/queries/agreement-follow-up", params={"agreement": "boras-2015"})
    assert response.status_code == 200, response.text
    # "Brottsförebyggande rådet i Borås är processägare och ansvarar för att följa upp"
    assert "Brottsförebyggande rådet" in response.text


@pytest.mark.parametrize("path, params, status, says", [
    ("/api/queries/no-such-query", {}, 404, "no-such-query"),
    ("/api/queries/who-coordinates-what", {"bogus": "x"}, 422, "bogus"),
    ("/api/network", {"view": "pie"}, 422, "view"),
    ("/api/network", {"format": "xls"}, 422, "format"),
    ("/api/network", {"agreement": "nowhere-1900"}, 404, "nowhere-1900"),
    ("/api/validation", {"agreement": "nowhere-1900"}, 404, "nowhere-1900"),
])
def test_analysis_errors(client, path, params, status, says):
    response = client.get(path, params=params)
    assert response.status_code == status
    assert says in response.text


# --- The validation cache: one validation per agreement and store state ---------------------------

TOKEN = "s3cret"


@pytest.fixture
def counted(monkeypatch):
    """A freshly built seed store without stored summaries (so requests validate), an app over it that may write
    with TOKEN, and the agreements validated."""
    from samverkan.build import build
    from samverkan.resources import cache

    store = EmbeddedStore(None)
    build(store, summaries=False)
    validated: list[str] = []
    real = cache.validate_agreement

    def counting(store, agreement, *args, **kwargs):
        validated.append(agreement)
        return real(store, agreement, *args, **kwargs)

    monkeypatch.setattr(cache, "validate_agreement", counting)
    app = create_app(store, settings=Settings(write_token=TOKEN))
    with TestClient(app) as client:
        yield client, validated


def test_agreement_is_validated_once_and_only_itself(counted):
    client, validated = counted
    for path in ["/api/agreements/mark-2022-2024", "/agreements/mark-2022-2024", "/api/agreements/mark-2022-2024",
                 "/api/validation?agreement=mark-2022-2024"]:
        assert client.get(path).status_code == 200
    assert validated == [ID + "agreement/mark-2022-2024"]
    for path in ["/api/agreements", "/", "/validation", "/api/validation"]:
        assert client.get(path).status_code == 200
    assert len(validated) == len(set(validated))  # every agreement validated once, whichever page asked first
    assert {ID + "agreement/boras-2015", ID + "agreement/boras-2021-2023"} <= set(validated)


def test_an_update_through_the_endpoint_is_seen_by_the_next_validation(counted):
    client, validated = counted
    before = client.get("/api/agreements/mark-2022-2024").json()["completeness"]
    assert before["with_measure"] == 0  # seed 003 gives no activity measure
    commitment = ID + "agreement/mark-2022-2024/commitment/kommun-samordna-sspf"
    response = client.post("/sparql", data={"update": (
        f'INSERT DATA {{ GRAPH <{ID}agreement/mark-2022-2024> {{ <{commitment}> '
        f'<https://w3id.org/samverkan/ontology#activityMeasure> "Antal möten"@sv }} }}')},
        headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204, response.text
    after = client.get("/api/agreements/mark-2022-2024").json()["completeness"]
    assert after["with_measure"] == 1
    assert validated.count(ID + "agreement/mark-2022-2024") == 2
