"""The graph says what the source documents say: counts, parties, coordinators, signatories, provenance."""

from __future__ import annotations

import re

import pytest

from conftest import seed_text
from samverkan.namespaces import ID, sparql_prefixes
from samverkan.stats import agreement_stats

SEED_FILES = {
    "boras-2021-2023": "000_a5080315fd8004f4.txt",
    "boras-saker-och-trygg-kommun": "001_c5dbde0b6dd457f7.txt",
    "boras-2015": "002_93d1b150904f2eb5.txt",
    "mark-2022-2024": "003_1b21d44ff2a2d1b1.txt",
    "boden-2010-2011": "004_a545e772eaae0390.txt",
}


def select(store, query, **bindings):
    return store.select(sparql_prefixes() + query, bindings or None).rows


@pytest.fixture(scope="module")
def stats(embedded_seed_store):
    return {a["slug"]: a for a in agreement_stats(embedded_seed_store)["agreements"]}


# What the documents state (numbers as the issue and the documents give them).
@pytest.mark.parametrize(
    "agreement, parties, areas, initiatives, commitments",
    [
        ("boras-2015", {"Borås Stad", "Lokalpolisområde Borås"}, 4, 15, None),
        ("mark-2022-2024", {"Marks kommun", "Lokalpolisområde Borås"}, 3, 0, {"Marks kommun": 14, "Lokalpolisområde Borås": 14}),
        ("boras-2021-2023", {"Borås Stad", "Polismyndigheten"}, 3, 0, {}),
        # seed 004 lines 211-217: seven commitments, four of them joint (krogtillsyn, tidig upptäckt,
        # kommunikationsstrategi, kommunicera insatserna); the "Syftet/Målet är …" sentences are goals
        ("boden-2010-2011", {"Bodens kommun", "Områdespolisen i Boden"}, 3, 8, {"Bodens kommun": 6, "Områdespolisen i Boden": 5}),
    ],
)
def test_agreement_counts(stats, agreement, parties, areas, initiatives, commitments):
    a = stats[agreement]
    assert set(a["parties"]) == parties
    assert a["areas"] == areas
    if initiatives is not None:
        assert a["initiatives"] == initiatives
    if commitments is not None:
        assert a["commitments_by_party"] == commitments


def test_mark_commitment_counts_match_the_bullet_lists():
    """Count the bullets under 'X förbinder sig att:' in the Mark document, per party."""
    text = seed_text(SEED_FILES["mark-2022-2024"])
    counts = {"Marks kommun": 0, "Polisen": 0}
    party = None
    for line in (raw.strip() for raw in text.splitlines()):
        heading = re.search(r"(Marks kommun|Polisen) förbinder sig att", line)
        if heading:
            party = heading.group(1)
        elif line.startswith("- ") and party:
            counts[party] += 1
        elif line:
            party = None
    assert counts == {"Marks kommun": 14, "Polisen": 14}


def test_boras_2015_every_plan_row_has_both_parties_commitments(embedded_seed_store):
    rows = select(embedded_seed_store, """
        SELECT ?i (COUNT(DISTINCT ?kc) AS ?k) (COUNT(DISTINCT ?pc) AS ?p) WHERE {
          ?i a sam:Initiative ; sam:inAgreement ?a .
          OPTIONAL { ?kc sam:initiative ?i ; sam:committedBy <https://w3id.org/samverkan/id/org/boras-stad> }
          OPTIONAL { ?pc sam:initiative ?i ; sam:committedBy <https://w3id.org/samverkan/id/org/polisen/lpo-boras> }
        } GROUP BY ?i""", a=_iri("agreement/boras-2015"))
    assert len(rows) == 15
    assert all(int(r["k"].value) >= 1 and int(r["p"].value) >= 1 for r in rows)
    # one cell holding activity days, safety walks and neighbourhood watch: three commitments a party
    trivsel = [r for r in rows if r["i"].value.endswith("trygghet-och-trivsel")]
    assert [(int(r["k"].value), int(r["p"].value)) for r in trivsel] == [(3, 3)]


@pytest.mark.parametrize("agreement", ["boras-2015", "mark-2022-2024", "boden-2010-2011"])
def test_commitment_texts_come_from_the_document(embedded_seed_store, agreement):
    """Every word of every commitment stands in the source document: nothing is invented."""
    words = set(_words(seed_text(SEED_FILES[agreement])))
    rows = select(embedded_seed_store, "SELECT ?c ?label WHERE { ?c a sam:Commitment ; sam:inAgreement ?a ; rdfs:label ?label }",
                  a=_iri(f"agreement/{agreement}"))
    assert rows
    for row in rows:
        missing = [w for w in _words(row["label"].value) if w not in words]
        assert not missing, f"{row['c'].value}: {missing}"


@pytest.mark.parametrize(
    "agreement, signatories, signed, place",
    [
        ("boras-2015", {("Ulf Olsson", "Kommunstyrelsens ordförande"), ("Tomas Jansson", "Lokalpolisområdeschef")}, "2015-12-14", "Borås"),
        ("mark-2022-2024", {("Mattias Ramsö", "Lokalpolisområdeschef"), ("Jessica Rodén", "Kommunstyrelsens ordförande i Marks kommun")}, "2022-05-18", "Kinna"),
        ("boden-2010-2011", {("Olle Lindström", "Kommunstyrelsens ordförande"), ("Håkan Ershammar", "Områdeschef Luleå/Boden")}, None, None),
    ],
)
def test_signatories_dates_and_place(embedded_seed_store, agreement, signatories, signed, place):
    a = _iri(f"agreement/{agreement}")
    rows = select(embedded_seed_store, "SELECT ?name ?post WHERE { ?a sam:signature ?s . ?s sam:signatory/rdfs:label ?name ; sam:post ?post }", a=a)
    assert {(r["name"].value, r["post"].value) for r in rows} == signatories
    dates = select(embedded_seed_store, "SELECT ?d ?p WHERE { OPTIONAL { ?a sam:signedOn ?d } OPTIONAL { ?a sam:signedAt ?p } }", a=a)
    assert (dates[0].get("d") and dates[0]["d"].value) == signed
    assert (dates[0].get("p") and dates[0]["p"].value) == place


def test_one_police_area_signs_with_both_boras_and_mark(embedded_seed_store):
    rows = select(embedded_seed_store, "SELECT ?a WHERE { ?a sam:party ?p }", p=_iri("org/polisen/lpo-boras"))
    assert {r["a"].value for r in rows} == {_iri("agreement/boras-2015").value, _iri("agreement/mark-2022-2024").value}


@pytest.mark.parametrize(
    "coordinator, forum",
    [
        ("org/boras-stad/fritids-och-folkhalsonamnden", "forum/boras/brottsforebyggande-radet"),
        ("org/boras-stad/fritids-och-folkhalsonamnden", "forum/boras/lokal-samverkan"),
        ("org/boras-stad/tekniska-namnden", "forum/boras/trygghet-i-offentlig-miljo"),
        ("org/boras-stad/individ-och-familjeomsorgsnamnden", "forum/boras/barn-och-unga-i-riskzon"),
        ("org/boras-stad/vard-och-aldrenamnden", "forum/boras/trygg-och-saker-vard-och-omsorg"),
        ("org/boras-stad/arbetslivsnamnden", "forum/boras/arbete-och-utbildning"),
        ("org/marks-kommun/kommunledningskontoret", "forum/mark/trygghets-och-sakerhetsradet"),
    ],
)
def test_named_coordinators(embedded_seed_store, coordinator, forum):
    assert embedded_seed_store.ask(sparql_prefixes() + "ASK WHERE { ?c sam:coordinates ?f }",
                                   {"c": _iri(coordinator), "f": _iri(forum)})


@pytest.mark.parametrize(
    "agreement, owner, frequency",
    [
        ("boras-2015", "forum/boras/brottsforebyggande-radet", "Årligen"),
        ("boden-2010-2011", "forum/boden/brottsforebyggande-radet", "En gång per år"),
    ],
)
def test_follow_up_owner_and_frequency(embedded_seed_store, agreement, owner, frequency):
    rows = select(embedded_seed_store, "SELECT ?owner ?f WHERE { ?owner sam:followsUp ?a . ?a sam:followUpFrequency ?f FILTER(lang(?f) = 'sv') }",
                  a=_iri(f"agreement/{agreement}"))
    assert {(r["owner"].value, r["f"].value) for r in rows} == {(_iri(owner).value, frequency)}


def test_boden_goals_each_have_an_indicator(embedded_seed_store):
    rows = select(embedded_seed_store, "SELECT ?g (COUNT(?i) AS ?n) WHERE { ?a sam:goal ?g . OPTIONAL { ?g sam:indicator ?i } } GROUP BY ?g",
                  a=_iri("agreement/boden-2010-2011"))
    assert len(rows) == 5 and all(int(r["n"].value) == 1 for r in rows)


def test_every_traced_thing_links_to_its_source(embedded_seed_store):
    rows = select(embedded_seed_store, """
        SELECT ?x WHERE {
          ?x a ?class . ?class rdfs:subClassOf* ?root .
          VALUES ?root { sam:Agreement sam:Initiative sam:Commitment sam:Goal sam:Forum }
          FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?doc . ?doc a sam:SourceDocument }
        }""")
    assert [r["x"].value for r in rows] == []
    unlocated = select(embedded_seed_store, """
        SELECT ?x WHERE { ?x a ?class . VALUES ?class { sam:Commitment sam:Initiative sam:Goal }
                          FILTER NOT EXISTS { ?x sam:sourceLocation ?where } }""")
    assert [r["x"].value for r in unlocated] == []


def test_seed_documents_are_marked_encoded(embedded_seed_store):
    rows = select(embedded_seed_store, "SELECT ?file WHERE { ?d sam:seedFile ?file ; sam:encoded true }")
    assert {r["file"].value for r in rows} == set(SEED_FILES.values())


def _iri(path: str):
    import pyoxigraph as ox

    return ox.NamedNode(ID + path)


def _words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)
    return [w for w in re.findall(r"[a-zåäöé]{4,}", text.lower().replace("-\n", ""))]
