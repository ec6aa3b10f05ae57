"""Issue 17: the summaries `samverkan build` stores (samverkan.summaries) equal what validating on request gives, on
the seeds and on generated data, after incremental changes too; the pages read them instead of validating."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from samverkan import summaries
from samverkan.build import build
from samverkan.generate import generate
from samverkan.resources import cache as cache_module
from samverkan.store import EmbeddedStore
from samverkan.summaries import graphs as summary_graphs
from samverkan.validate import load_shapes, outside_reports, validate_agreement
from samverkan.validate.data import agreement_iris

REPO = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/samverkan/id/"


def assert_summaries_current(store) -> None:
    """Every agreement's stored report equals validate_agreement's, and the outside group the whole graph's."""
    known = agreement_iris(store)
    stored = summaries.stored_reports(store, known)
    assert sorted(stored) == known
    shapes = load_shapes()
    for agreement in known:
        assert stored[agreement] == validate_agreement(store, agreement, shapes), agreement
    figures = summaries.stored_figures(store)
    assert {a: (f["completeness"], f["counts"]) for a, f in figures.items()} == \
        {a: (r.completeness, r.counts()) for a, r in stored.items()}
    assert summaries.stored_outside(store) == outside_reports(store, shapes, known)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    """Invented national-style data: 3 municipalities × 2 years with follow-up history (samverkan generate)."""
    folder = tmp_path_factory.mktemp("generated") / "data"
    generate(folder, municipalities=3, years=2, seed=7)
    return folder


def test_seed_summaries_equal_validation_on_request():
    store = EmbeddedStore(None)
    report = build(store)
    assert report.summarised == 4  # graph/agreements/: the four seed agreements
    assert_summaries_current(store)
    # bookkeeping, not data: the build's counts leave the summary graphs out
    assert report.graphs == len([g for g in store.graph_names() if g != ID + "build" and not summaries.is_summary_graph(g)])


def test_generated_summaries_stay_equal_after_incremental_changes(generated, tmp_path):
    data = tmp_path / "data"
    shutil.copytree(generated, data)
    store = EmbeddedStore(tmp_path / "store")
    assert build(store, [data]).summarised == len(agreement_iris(store))
    assert_summaries_current(store)
    assert build(store, [data]).summarised == 0  # nothing changed

    # one follow-up file: a status recorded as completed becomes "not started" (no date needed then)
    follow_up = sorted((data / "follow-ups").rglob("*.ttl"))[0]
    text = follow_up.read_text(encoding="utf-8")
    assert "follow-up-status/genomford" in text
    follow_up.write_text(re.sub(r"sam:status <follow-up-status/genomford> ;\n\s*sam:statusDate \"[^\"]+\"\^\^xsd:date ;",
                                "sam:status <follow-up-status/ej-paborjad> ;", text, count=1), encoding="utf-8")
    assert build(store, [data]).summarised == 1
    assert_summaries_current(store)

    # one agreement file: its first commitment loses its activity measure
    agreement = sorted((data / "agreements").glob("*.ttl"))[1]
    text = agreement.read_text(encoding="utf-8")
    changed = re.sub(r"\n\s*sam:activityMeasure \"[^\"]*\"@sv ;", "", text, count=1)
    assert changed != text
    agreement.write_text(changed, encoding="utf-8")
    assert build(store, [data]).summarised == 1
    assert_summaries_current(store)

    # one organisation description: its forum loses its coordinator, which every agreement naming it reports
    description = sorted((data / "descriptions").glob("*.ttl"))[0]
    text = description.read_text(encoding="utf-8")
    changed = re.sub(r"\n<[^>]+> sam:coordinates <[^>]+> \.", "", text, count=1)
    assert changed != text
    description.write_text(changed, encoding="utf-8")
    assert 0 < build(store, [data]).summarised < len(agreement_iris(store))
    assert_summaries_current(store)

    # an agreement file removed: its summary goes with it
    gone = agreement.stem
    agreement.unlink()
    shutil.rmtree(data / "follow-ups" / gone, ignore_errors=True)
    build(store, [data])
    assert summaries.summary_graph(ID + "agreement/" + gone) not in store.graph_names()
    assert_summaries_current(store)


@pytest.fixture
def seed_app(monkeypatch):
    """The seed graph built with its summaries, an app over it, and the agreements validated on request."""
    store = EmbeddedStore(None)
    build(store)
    validated: list[str] = []
    real = cache_module.validate_agreement

    def counting(store, agreement, *args, **kwargs):
        validated.append(agreement)
        return real(store, agreement, *args, **kwargs)

    def outside(*args, **kwargs):
        validated.append("outside")
        return real_outside(*args, **kwargs)

    real_outside = cache_module.outside_reports
    monkeypatch.setattr(cache_module, "validate_agreement", counting)
    monkeypatch.setattr(cache_module, "outside_reports", outside)
    return store, TestClient(create_app(store, settings=Settings(write_token="summary-token"))), validated


PAGES = ["/", "/?lang=en", "/validation", "/validation?agreement=boras-2015", "/api/validation", "/api/agreements",
         "/agreements/boras-2015", "/api/agreements/mark-2022-2024", "/agreements", "/validation?format=csv",
         "/validation?severity=warning&lang=en", "/organisations/org/boras-stad"]


def test_pages_read_the_stored_summaries_and_show_what_validation_on_request_shows(seed_app):
    store, client, validated = seed_app
    answers = {path: client.get(path) for path in PAGES}
    assert all(r.status_code == 200 for r in answers.values())
    assert validated == []  # no request validated anything

    slow = EmbeddedStore(None)
    build(slow, summaries=False)
    slow_client = TestClient(create_app(slow, settings=Settings()))
    for path, answer in answers.items():
        assert answer.text == slow_client.get(path).text, path


def test_a_summary_of_another_year_is_not_used(seed_app, monkeypatch):
    _, client, validated = seed_app
    monkeypatch.setattr(summary_graphs, "this_year", lambda: 1999)
    monkeypatch.setattr("samverkan.summaries.read.this_year", lambda: 1999)
    assert client.get("/api/validation?agreement=boras-2015").status_code == 200
    assert validated == [ID + "agreement/boras-2015"]


def test_after_a_sparql_update_the_pages_validate_again(seed_app):
    _, client, validated = seed_app
    assert client.get("/api/validation?agreement=boden-2010-2011").status_code == 200
    assert validated == []
    update = f"DELETE WHERE {{ GRAPH ?g {{ <{ID}agreement/boden-2010-2011> <https://w3id.org/samverkan/ontology#signedOn> ?d }} }}"
    response = client.post("/sparql", data={"update": update}, headers={"Authorization": "Bearer summary-token"})
    assert response.status_code in (200, 204), response.text
    assert client.get("/api/validation?agreement=boden-2010-2011").status_code == 200
    assert validated == [ID + "agreement/boden-2010-2011"]
