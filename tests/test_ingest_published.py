"""Issue 15: `samverkan import text` on texts written in the structures of published medborgarlöften and
samverkansöverenskommelser (tests/fixtures_ingest/before/ and after/, answer keys beside each): commitments found
even where parties are not, every promise-like sentence not drafted is listed, follow-up and forums are drafted,
two versions of one document give one agreement, and a draft builds and validates."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.importer import AFTER, AFTER2, BEFORE, heldout_files, score_heldout
from samverkan.ingest.text import draft_from_text
from samverkan.ingest.writer import to_turtle
from samverkan.namespaces import ID, SAM

FILES = heldout_files(BEFORE) + heldout_files(AFTER) + heldout_files(AFTER2)
#: agreement-level facts the rules do not get (docs/importing.md says why): a municipality never named, and a
#: police party named only as "polisen i Strömsby"
KNOWN_GAPS = {("13-flera-kommuner.txt", "parties"), ("21-period-hosten.md", "parties")}


def test_the_published_structure_texts_are_there():
    """Issue 15: at least 15 texts written before the rule changes and 5 after."""
    assert len(heldout_files(BEFORE)) >= 15 and len(heldout_files(AFTER)) >= 5 and len(heldout_files(AFTER2)) >= 5


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_commitments_found_with_their_doer(path):
    """Issue 15: ≥ 90 % recall, precision and party attribution on each text, against its hand-written key."""
    s = score_heldout(path)
    assert s.recall >= 0.9, s.missed
    assert s.precision >= 0.9, s.extra
    assert s.attribution >= 0.9, s.wrong_party


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_parties_period_signatories_follow_up(path):
    """Issue 15: the agreement gets its parties, period, signatories and follow-up arrangement."""
    s = score_heldout(path)
    for fact in ("parties", "period", "follow-up"):
        if (path.name, fact) not in KNOWN_GAPS:
            assert s.facts[fact] == "ok", (fact, s.facts[fact])
    got, want = s.facts["signatories"].split(" ")[0].split("/")
    assert got == want and "extra" not in s.facts["signatories"]


def test_a_text_with_promises_is_drafted_even_without_parties():
    """Issue 15: a text naming no municipality and only "polisen" is drafted (it was refused), and the review says
    which party could not be found."""
    draft, review = draft_from_text(BEFORE / "13-flera-kommuner.txt")
    assert len(draft.commitments) == 4
    assert any("names no municipality" in u and "--municipality" in u for u in review.uncertain)


def test_review_lists_promise_like_sentences_not_drafted(tmp_path):
    """Issue 15: a sentence that promises without naming a doer is not drafted, but the review lists it with its
    line, so nothing is lost silently."""
    path = tmp_path / "lofte.txt"
    path.write_text("Medborgarlöfte 2025 mellan Ekedals kommun och lokalpolisområde Ekedal\n\n"
                    "Polisen lovar att patrullera i centrum varje fredag.\n\n"
                    "Under året ska en ny plan för skolornas trygghet tas fram.\n", encoding="utf-8")
    draft, review = draft_from_text(path)
    assert [c.text for c in draft.commitments] == ["Patrullera i centrum varje fredag"]
    assert "line 5: “Under året ska en ny plan för skolornas trygghet tas fram.”" in review.possible


def test_a_table_not_read_as_commitments_is_listed_for_review(tmp_path):
    """Issue 15: a table whose columns name no commitment or party column is not dropped silently: the review
    lists it with its lines."""
    path = tmp_path / "plan.md"
    path.write_text("# Medborgarlöfte 2025 mellan Ekedals kommun och lokalpolisområde Ekedal\n\n"
                    "| Punkt | Vem då | Färg |\n|---|---|---|\n| Öka närvaron vid stationen | P | Blå |\n",
                    encoding="utf-8")
    _draft, review = draft_from_text(path)
    assert any(x.startswith("line 3, 5: a table not read as commitments") and "“Punkt”" in x for x in review.possible)


def test_promises_inside_a_sentence_are_each_drafted(tmp_path):
    """Issue 15: "Det handlar om att polisen ska X och att kommunen ska Y" gives two commitments with their doers."""
    path = tmp_path / "nyhet.txt"
    path.write_text("Medborgarlöfte 2026 mellan Ekedals kommun och lokalpolisområde Ekedal\n\n"
                    "Det handlar om att polisen ska kontrollera mopeder vid skolorna och att kommunen ska bygga "
                    "farthinder på Storgatan.\n", encoding="utf-8")
    draft, _ = draft_from_text(path)
    assert [(c.text, [p.is_police for p in c.parties]) for c in draft.commitments] == \
        [("Kontrollera mopeder vid skolorna", [True]), ("Bygga farthinder på Storgatan", [False])]


def test_a_number_or_frequency_in_the_text_is_the_measure():
    """Issue 15: the review never says "no measure" for a commitment whose text gives a number or a frequency."""
    draft, _ = draft_from_text(BEFORE / "13-flera-kommuner.txt")
    by_text = {c.text: c.measure for c in draft.commitments}
    assert by_text["Genomföra minst 25 riktade insatser mot narkotikaförsäljning i de tre kommunerna"] == \
        "minst 25 riktade insatser"
    assert by_text["Besöka fritidsgårdarna minst en kväll i månaden"] == "minst en kväll i månaden"


def test_two_versions_of_one_promise_give_one_agreement():
    """Issue 15: the municipality's news item and the police's page of the same promise give the same agreement
    identity and the same commitments."""
    a, _ = draft_from_text(BEFORE / "12-taggar-efter-punkt.txt")
    b, _ = draft_from_text(BEFORE / "26-polisens-sida.html")
    assert a.slug == b.slug == "bredvik-2026"
    kinds = lambda d: {(c.text, tuple(sorted(p.is_police for p in c.parties))) for c in d.commitments}  # noqa: E731
    assert kinds(a) == kinds(b) and len(kinds(a)) == 4


def test_follow_up_and_forums_are_drafted():
    """Issue 15: a "Så följer vi upp" section becomes the agreement's follow-up (with its frequency), and the
    council it names follows the agreement up."""
    draft, _ = draft_from_text(BEFORE / "22-sa-foljer-vi-upp.txt")
    triples = list(ox.parse(to_turtle(draft), format=ox.RdfFormat.TURTLE, base_iri=ID))
    agreement = ID + "agreement/vinteras-2025-2026"
    freq = [t.object.value for t in triples if t.predicate.value == SAM + "followUpFrequency"]
    assert freq == ["i mars och oktober varje år"]
    followers = {t.subject.value for t in triples if t.predicate.value == SAM + "followsUp" and t.object.value == agreement}
    assert followers == {ID + "forum/vinteras/lokala-brottsforebyggande-radet"}


def test_other_parties_commit_in_their_own_name():
    """Issue 15: commitments by a housing company, the rescue service and the region are theirs, not the
    municipality's."""
    draft, _ = draft_from_text(BEFORE / "19-andra-parter.txt")
    who = {c.text: [p.label for p in c.parties] for c in draft.commitments}
    assert who["Besöka skolorna i Kvarnen och prata om anlagda bränder"] == ["Räddningstjänsten Mellanbygd"]
    assert who["Installera nya lås och belysning i alla källare och cykelrum under 2025"] == ["Ekbackahem"]


@pytest.mark.parametrize("name", ["before/13-flera-kommuner.txt", "before/19-andra-parter.txt",
                                  "before/22-sa-foljer-vi-upp.txt", "after/28-numrerade-avsnitt.txt"])
def test_a_draft_builds_and_validates_like_a_hand_written_one(tmp_path, cli, name):
    """Issue 15: a drafted agreement (placeholder parties, other parties, forums, signatures) builds and passes
    validation at violation level."""
    out, store = tmp_path / "draft.ttl", tmp_path / "store"
    result = cli("import", "text", Path(__file__).parent / "fixtures_ingest" / name, "-o", out)
    assert result.exit_code == 0, result.stderr
    organisations = Path(__file__).parent.parent / "graph" / "organisations"  # parties it reuses (Polismyndigheten)
    assert cli("build", "--store", store, organisations, out).exit_code == 0
    checked = cli("validate", "--store", store, "--fail-on", "violation")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
