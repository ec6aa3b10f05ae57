"""Issue 13/words: the follow-up as JSON, /api/agreements/{id}/follow-ups and …/follow-ups/{year}, over the seed graph
and the invented Borås 2016 follow-up (tests/fixtures_followup, which says at its top that it is invented). The
records are checked against the file itself (read with rdflib), the counts against the agreement page's table."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import app_client
from rdflib import Graph, URIRef

from samverkan.build import build
from samverkan.namespaces import ID, SAM
from samverkan.store import EmbeddedStore

EXAMPLE = Path(__file__).resolve().parent / "fixtures_followup" / "boras-2015" / "2016.ttl"
STATUS = ID + "follow-up-status/"
API = "/api/agreements/boras-2015/follow-ups"


@pytest.fixture(scope="module")
def client():
    store = EmbeddedStore(None)
    build(store)
    build(store, [EXAMPLE])
    return app_client(store)


@pytest.fixture(scope="module")
def example() -> dict[str, dict]:
    """commitment → {"status", "comment", "date", "value", "unit"} as the example file states them."""
    g = Graph().parse(EXAMPLE, format="turtle", publicID=ID)
    out = {}
    for record in g.subjects(URIRef(SAM + "aboutCommitment"), None):
        get = lambda p: g.value(record, URIRef(p))  # noqa: E731
        out[str(get(SAM + "aboutCommitment"))] = {
            "status": str(get(SAM + "status")) if get(SAM + "status") else None,
            "comment": str(get("http://www.w3.org/2000/01/rdf-schema#comment") or "") or None,
            "date": str(get(SAM + "statusDate") or "") or None,
            "value": get(SAM + "measuredValue").toPython() if get(SAM + "measuredValue") is not None else None,
            "unit": str(get(SAM + "unit") or "") or None}
    return out


def test_one_year_has_a_record_per_commitment_as_the_file_says(client, example):
    answer = client.get(API + "/2016")
    assert answer.status_code == 200
    data = answer.json()
    assert data["agreement"]["id"] == ID + "agreement/boras-2015" and data["year"] == 2016 and data["due"]
    records = {r["commitment"]["id"]: r for r in data["records"]}
    assert set(records) == set(example) and len(records) == data["commitments"] == 38
    for c, want in example.items():
        got = records[c]
        assert (got["status"] or {}).get("id") == want["status"], c
        assert got["comment"] == want["comment"] and got["date"] == want["date"], c
        assert (got["indicator"] or {}).get("value") == (float(want["value"]) if want["value"] is not None else None)
        assert (got["indicator"] or {}).get("unit") == (want["unit"] if want["value"] is not None else None)
    labels = {r["status"]["id"]: r["status"]["label"] for r in data["records"] if r["status"]}
    assert labels[STATUS + "genomford"] == "Genomförd"
    counts = {c["status"]["id"]: c["count"] for c in data["counts"]}
    stated = Counter(w["status"] for w in example.values())
    assert {s: n for s, n in counts.items() if n} == {s or STATUS + "ej-uppfoljd": n for s, n in stated.items()}


def test_the_counts_are_the_agreement_pages_table(client):
    """Each year's counts as the agreement page's summary shows them ("7 genomförd, 7 pågår, …")."""
    page = client.get("/agreements/boras-2015").text
    years = client.get(API).json()["years"]
    assert [y["year"] for y in years] == list(range(2016, years[-1]["year"] + 1)) and len(years) >= 10
    for year in years:
        row = re.search(rf'<th scope="row">{year["year"]}</th>(.*?)</tr>', page, re.DOTALL).group(1)
        shown = re.search(r'<p class="meta">(?:[^:<]*: )?(.*?)</p>', row, re.DOTALL).group(1)
        said = ", ".join(f"{c['count']} {c['status']['label'].lower()}" for c in year["counts"] if c["count"])
        assert shown == said, year["year"]
        detail = client.get(f"{API}/{year['year']}").json()
        assert detail["counts"] == year["counts"]
    assert {c["status"]["id"]: c["count"] for c in years[1]["counts"]}[STATUS + "ej-uppfoljd"] == 38  # 2017


def test_english_labels_and_404s_that_name_the_agreement_and_year(client):
    english = client.get(API + "/2016", params={"lang": "en"}).json()
    assert {c["status"]["label"] for c in english["counts"]} >= {"Completed", "Delayed"}
    year = client.get(API + "/2014")
    assert year.status_code == 404
    detail = year.json()["detail"]
    assert "boras-2015" in detail["message"] and "2014" in detail["message"] and "2016" in detail["candidates"]
    assert "has no follow-up for 2014" in client.get(API + "/2014", params={"lang": "en"}).json()["detail"]["message"]
    unknown = client.get("/api/agreements/nowhere-1999/follow-ups")
    assert unknown.status_code == 404 and unknown.json()["detail"]["value"] == "nowhere-1999"


def test_in_the_openapi_description_with_response_models(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/agreements/{id}/follow-ups", "/api/agreements/{id}/follow-ups/{year}"):
        answers = paths[path]["get"]["responses"]
        assert "$ref" in str(answers["200"]["content"]["application/json"]["schema"]) and "404" in answers
