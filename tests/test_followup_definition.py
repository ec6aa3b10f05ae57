"""Issue 13: one definition of "has a follow-up" — page, named query, validation, API and library agree.

Planned follow-up (planerad uppföljning): the commitment's own sam:followUp, or its agreement's owner and
frequency. Seed 002 (Borås 2015) has an empty Uppföljning column but a council that follows the plan up
yearly; seed 003 (Mark) names no follow-up at all; Boden 2010–2011 has both kinds.
"""

from __future__ import annotations

import re

import pytest
from conftest import app_client

from samverkan.followup import planned_follow_up
from samverkan.namespaces import ID, SAM
from samverkan.queries import run_named
from samverkan.validate import validate

BORAS, MARK, BODEN = (ID + "agreement/" + s for s in ("boras-2015", "mark-2022-2024", "boden-2010-2011"))


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    with app_client(embedded_seed_store) as test_client:
        yield test_client


def test_library_query_validation_and_api_agree_for_every_commitment(embedded_seed_store, client):
    """Issue 13: the same commitments lack a planned follow-up everywhere, and the same ones are covered
    by their agreement's follow-up."""
    store = embedded_seed_store
    planned = planned_follow_up(store)
    none = {c for c, p in planned.items() if p.kind is None}
    covered = {c for c, p in planned.items() if p.kind == "agreement"}
    own = {c for c, p in planned.items() if p.kind == "own"}

    query = {r["commitment"] for r in run_named(store, "commitments-without-follow-up").records()
             if r["missing"] == SAM + "followUp"}
    findings = [f for a in validate(store).agreements for f in a.results]
    warned = {f.focus for f in findings if f.shape.endswith("#CommitmentFollowUpShape")}
    informed = {f.focus for f in findings if f.shape.endswith("#CommitmentCoveredFollowUpShape")}
    api = client.get("/api/commitments", params={"limit": 1000}).json()["items"]
    api_none = {c["id"] for c in api if "follow-up" in c["missing"]}
    api_covered = {c["id"] for c in api if c["planned_follow_up_kind"] == "agreement"}

    assert query == warned == api_none == none
    assert informed == api_covered == covered
    # checked against the sources: all 38 of Borås 2015 covered, all 28 of Mark without, Boden's two own
    assert {c for c in covered if c.startswith(BORAS + "/")} == {c for c in planned if c.startswith(BORAS + "/")}
    assert len([c for c in covered if c.startswith(BORAS + "/")]) == 38
    assert len([c for c in none if c.startswith(MARK + "/")]) == 28
    assert {c.rsplit("/", 1)[-1] for c in own} and all(c.startswith(BODEN + "/") for c in own)


@pytest.mark.parametrize("slug, planned_text", [
    ("boras-2015", "planerad uppföljning: Brottsförebyggande rådet (Borås): Årligen"),
    ("mark-2022-2024", "planerad uppföljning: saknas"),
])
def test_page_says_planned_and_done_apart(client, slug, planned_text):
    """Issue 13: the Uppföljning column says *planerad uppföljning* and *genomförd uppföljning* apart; the
    real graph has no follow-up results, so none is recorded."""
    html = client.get(f"/agreements/{slug}").text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert planned_text in text
    assert "ingen genomförd uppföljning registrerad" in text
    assert "genomförd uppföljning 20" not in text
