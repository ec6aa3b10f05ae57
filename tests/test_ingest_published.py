"""Issue 15: `samverkan import text` on texts written in the structures of published medborgarlöften and
samverkansöverenskommelser (tests/fixtures_ingest/before/ and after/, answer keys beside each): commitments found
even where parties are not, every promise-like sentence not drafted is listed, follow-up and forums are drafted,
two versions of one document give one agreement, and a draft builds and validates."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.importer import AFTER, AFTER2, AFTER3, AFTER4, BEFORE, heldout_files, score_heldout
from samverkan.ingest.text import draft_from_text
from samverkan.ingest.writer import to_turtle
from samverkan.namespaces import ID, SAM

FILES = heldout_files(BEFORE) + heldout_files(AFTER) + heldout_files(AFTER2) + heldout_files(AFTER3) \
    + heldout_files(AFTER4)
#: agreement-level facts the rules do not get (docs/importing.md says why): a municipality never named, and a
#: police party named only as "polisen i Strömsby"
KNOWN_GAPS = {("13-flera-kommuner.txt", "parties"), ("21-period-hosten.md", "parties")}


def test_the_published_structure_texts_are_there():
    """Issue 15: at least 15 texts written before the rule changes and 5 after."""
    assert len(heldout_files(BEFORE)) >= 15 and len(heldout_files(AFTER)) >= 5 and len(heldout_files(AFTER2)) >= 5
    assert len(heldout_files(AFTER3)) >= 8 and len(heldout_files(AFTER4)) >= 5


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
                                  "before/22-sa-foljer-vi-upp.txt", "after/28-numrerade-avsnitt.txt",
                                  "after3/37-passiva-punkter.txt", "after3/41-vi-lovar-att-vi.md",
                                  "after4/49-nyhet-valt-att.txt"])
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


# --- Third round (after3/, after4/): list scope, passive items, "vi", verb-first promises ---------------------------

HEAD3 = "Medborgarlöfte för Ekbacka kommun och lokalpolisområde Ekbacka 2026\n\n"


def _drafted(tmp_path, body: str) -> tuple[set[tuple[str, frozenset[str]]], object]:
    path = tmp_path / "lofte.txt"
    path.write_text(HEAD3 + body, encoding="utf-8")
    draft, review = draft_from_text(path)
    kinds = {(c.text, frozenset("police" if p.is_police else "municipality" for p in c.parties)) for c in draft.commitments}
    return kinds, review


M3, PO3, BOTH3 = frozenset({"municipality"}), frozenset({"police"}), frozenset({"municipality", "police"})


@pytest.mark.parametrize("name, body, expected", [
    ("a lead-in 'X ska arbeta för att … genom att:' gives its doer to items that name none; the aim is not drafted",
     "Polis och kommun ska arbeta för att minska klottret genom att:\n\n• Polisen ska anmäla allt klotter.\n"
     "• Sprida information till fastighetsägare.\n• Kommunen ser över belysningen vid torget.\n",
     {("Anmäla allt klotter", PO3), ("Sprida information till fastighetsägare", BOTH3),
      ("Kommunen ser över belysningen vid torget", M3)}),
    ("a doer-less 'Bland annat:' takes the doer of the sentence before it",
     "Där lovar polisen att lägga mer kraft på narkotika. Bland annat:\n\n• Att besöka skolorna med narkotikahund.\n"
     "• Ett möte om droger ska ordnas för föräldrar.\n",
     {("Besöka skolorna med narkotikahund", PO3), ("Ett möte om droger ska ordnas för föräldrar", PO3)}),
    ("passive items under a 'Medborgarlöfte 2026' heading are the promisers' own",
     "Medborgarlöftet är ett löfte från polis och kommun.\n\n## Medborgarlöfte 2026\n\n"
     "• Varje år kommer minst två tillsyner av krogarna att göras.\n",
     {("Varje år kommer minst två tillsyner av krogarna att göras", BOTH3)}),
    ("'kommer man tillsammans att' and '… och dessutom kommer X att …' in prose",
     "I löftet som skrevs under i går kommer man tillsammans att öka närvaron i centrum. Polisen kommer att patrullera "
     "i parken och dessutom kommer kommunens fältassistenter att finnas vid torget.\n",
     {("Öka närvaron i centrum", BOTH3), ("Patrullera i parken", PO3),
      ("Kommunens fältassistenter finnas vid torget", M3)}),
    ("'Detta ska göras genom att:' makes the promise before it the list's aim",
     "Kommunen och polisen lovar att arbeta för att minska skadegörelsen.\n\nDetta ska göras genom att:\n\n"
     "• Kommunen och polisen gemensamt genomför tre kvällsvandringar.\n• Kommunen bjuder in fastighetsägarna.\n",
     {("Kommunen och polisen gemensamt genomför tre kvällsvandringar", BOTH3),
      ("Kommunen bjuder in fastighetsägarna", M3)}),
    ("a second sentence that comments on a promise is not part of its text",
     "• Kommunen lovar att arbeta med grannsamverkan. Målet är att starta 10 nya områden.\n",
     {("Arbeta med grannsamverkan", M3)}),
])
def test_third_round_patterns(tmp_path, name, body, expected):
    kinds, _review = _drafted(tmp_path, body)
    assert kinds == expected


def test_earlier_promise_on_the_same_page_is_not_drafted_but_listed(tmp_path):
    """A page with this year's and an earlier promise under period headings drafts the newest; the review lists
    the earlier one's items."""
    kinds, review = _drafted(tmp_path, "## Medborgarlöfte 2026\n\n- Polisen ska patrullera vid skolan.\n\n"
                                       "## Medborgarlöfte 2024\n\n- Kommunen ska laga belysningen.\n")
    assert kinds == {("Patrullera vid skolan", PO3)}
    assert any("Kommunen ska laga belysningen" in x and "earlier promise" in x for x in review.possible)


def test_vi_is_the_police_on_the_polices_own_page():
    """after3/40 and 41: "vi" on the police's own page is the police, and the review says so."""
    draft, review = draft_from_text(AFTER3 / "41-vi-lovar-att-vi.md")
    assert draft.commitments and all([p.is_police for p in c.parties] == [True] for c in draft.commitments)
    assert any("“vi” read as the police" in u for u in review.uncertain)


def test_signatories_named_in_a_sentence():
    draft, _review = draft_from_text(AFTER4 / "49-nyhet-valt-att.txt")
    sigs = {s.name: s for s in draft.signatures}
    assert set(sigs) == {"Stefan Karlsson", "Maria Nilsson", "Tomas Jansson", "Annika Ström"}
    assert sigs["Tomas Jansson"].party.is_police and not sigs["Stefan Karlsson"].party.is_police


def test_goals_of_the_method_under_a_lead_in_are_not_drafted(tmp_path):
    """A page explaining medborgarlöften ("Medborgarlöften ska: • öka tryggheten …") after a sentence about the police's
    yearly promise: the goals are listed for review, not drafted as the police's commitments."""
    kinds, review = _drafted(tmp_path, "Varje år lovar polisen i stadsdelen att de ska satsa på något särskilt. "
                                       "Det kallas för medborgarlöfte.\n\nMedborgarlöften ska:\n\n• öka tryggheten\n"
                                       "• förebygga brott\n")
    assert not any(text in ("Öka tryggheten", "Förebygga brott") for text, _ in kinds)
    assert any("öka tryggheten" in x for x in review.possible)


def test_any_counted_thing_after_minst_is_the_measure_and_the_title_is_no_focus_area():
    """after3/39: "minst tre kvällsvandringar" is a measure (the review must not say none), and the page title
    "Ekeby – medborgarlöften" is not taken as a focus area."""
    draft, _ = draft_from_text(AFTER3 / "39-detta-ska-goras.html")
    by_text = {c.text: c.measure for c in draft.commitments}
    assert by_text["Kommunen och polisen gemensamt genomför minst tre kvällsvandringar i centrum under våren 2026"] \
        == "minst tre kvällsvandringar"
    assert not draft.areas
