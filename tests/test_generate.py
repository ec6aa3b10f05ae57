"""samverkan generate: deterministic, realistic, and its output builds and validates like real data."""

from __future__ import annotations

import collections
import re
from pathlib import Path

import pytest

from samverkan.build import build
from samverkan.generate import Gaps, generate, load_municipalities
from samverkan.namespaces import SAM
from samverkan.paths import graph_dir
from samverkan.store import open_store
from samverkan.validate import validate

P = f"PREFIX sam: <{SAM}> PREFIX org: <http://www.w3.org/ns/org#> PREFIX prov: <http://www.w3.org/ns/prov#> "


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    """3 municipalities × 4 years, built into an in-memory store."""
    out = tmp_path_factory.mktemp("gen") / "data"
    report = generate(out, 3, 4, seed=7)
    store = open_store(":memory:")
    build(store, [out])
    return out, report, store


def test_same_seed_gives_byte_identical_files(tmp_path, small):
    out, _, _ = small
    again = tmp_path / "again"
    generate(again, 3, 4, seed=7)
    assert _files(again) == _files(out)
    other = tmp_path / "other"
    generate(other, 3, 4, seed=8)
    assert _files(other) != _files(out)


def test_layout_one_file_per_agreement_municipality_and_description(small):
    out, report, store = small
    agreements = sorted(p.stem for p in (out / "agreements").glob("*.ttl"))
    assert len(agreements) == report.agreements
    assert all(re.fullmatch(r"[a-z0-9-]+-\d{4}(-\d{4})?", a) for a in agreements)
    assert len(list((out / "descriptions").glob("*.ttl"))) == 3
    assert (out / "organisations" / "polisen-generated.ttl").is_file()
    assert len(list((out / "organisations").glob("*.ttl"))) == 3 + 1
    graphs = {r["g"].value for r in store.select(P + "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a sam:Agreement } }")}
    assert graphs == {f"https://w3id.org/samverkan/id/agreement/{a}" for a in agreements}


def test_the_290_municipalities_are_real_and_distinct():
    munis = load_municipalities()
    assert len(munis) == 290
    assert len({m.slug for m in munis}) == 290
    labels = {m.label for m in munis}
    # names as the seed data writes them (graph/organisations/, graph/documents.ttl)
    assert {"Marks kommun", "Bodens kommun", "Borås Stad", "Arboga kommun", "Åtvidabergs kommun", "Eslövs kommun"} <= labels
    assert {m.slug for m in munis} >= {"marks-kommun", "bodens-kommun", "boras-stad", "goteborgs-stad"}


def test_police_areas_serve_one_to_five_municipalities_of_one_county(tmp_path):
    generate(tmp_path / "d", 290, 1, seed=3, commitments=(1, 1))
    store = open_store(":memory:")
    build(store, [tmp_path / "d"])
    rows = store.select(P + "SELECT ?m ?p WHERE { ?a a sam:Agreement ; sam:party ?m , ?p . ?m a sam:Municipality . "
                            "?p a sam:PoliceArea }").rows
    served = collections.defaultdict(set)
    for r in rows:
        served[r["p"].value].add(r["m"].value)
    by_slug = {m.slug: m.county for m in load_municipalities()}
    assert len({m for ms in served.values() for m in ms}) > 250  # about one in ten agreements names Polismyndigheten instead
    for area, munis in served.items():
        assert 1 <= len(munis) <= 5, area
        assert len({by_slug[m.rsplit("/", 1)[-1]] for m in munis}) == 1, area
    assert any(len(m) > 1 for m in served.values())


@pytest.mark.parametrize("question, sparql, check", [
    ("20–60 commitments per agreement",
     "SELECT ?a (COUNT(?c) AS ?n) WHERE { ?c a sam:Commitment ; sam:inAgreement ?a } GROUP BY ?a",
     lambda rows: rows and all(20 <= int(r["n"].value) <= 60 for r in rows)),
    ("3–4 focus areas per agreement",
     "SELECT ?a (COUNT(?f) AS ?n) WHERE { ?f a sam:FocusArea ; sam:inAgreement ?a } GROUP BY ?a",
     lambda rows: rows and all(3 <= int(r["n"].value) <= 4 for r in rows)),
    ("every focus area maps to a national theme of graph/themes.ttl",
     "SELECT ?f WHERE { ?f a sam:FocusArea FILTER NOT EXISTS { ?f sam:theme ?t . ?t a sam:Theme } }",
     lambda rows: rows == []),
    ("both parties commit in every agreement",
     "SELECT ?a WHERE { ?a a sam:Agreement FILTER NOT EXISTS { ?c sam:inAgreement ?a ; sam:committedBy ?m . ?m a sam:Municipality } "
     "FILTER NOT EXISTS { ?c2 sam:inAgreement ?a ; sam:committedBy ?p . ?p a ?k FILTER(?k IN (sam:PoliceArea, sam:PoliceAuthority)) } }",
     lambda rows: rows == []),
    ("every agreement, area, initiative, commitment and forum says where it comes from",
     "SELECT ?x WHERE { ?x a ?k FILTER(?k IN (sam:Agreement, sam:FocusArea, sam:Initiative, sam:Commitment, sam:Council, "
     "sam:CollaborationGroup)) FILTER NOT EXISTS { ?x prov:wasDerivedFrom ?d . ?d a sam:SourceDocument . ?x sam:sourceLocation ?l } }",
     lambda rows: rows == []),
    ("responsible units belong to a party",
     "SELECT ?u WHERE { ?u sam:responsibleFor ?c . ?c a sam:Commitment FILTER NOT EXISTS { ?u org:unitOf ?party } }",
     lambda rows: rows == []),
    ("every municipality has a council with a coordinator or a gap",
     "SELECT ?m WHERE { ?m a sam:Municipality FILTER NOT EXISTS { ?f a sam:Council ; sam:forumOf ?m } }",
     lambda rows: rows == []),
    ("agreements cover the requested years without overlap",
     "SELECT ?m (MIN(?s) AS ?first) (MAX(?e) AS ?last) (SUM(?e - ?s + 1) AS ?years) WHERE { ?a sam:party ?m ; "
     "sam:periodStart ?ys ; sam:periodEnd ?ye . ?m a sam:Municipality BIND(xsd:integer(str(?ys)) AS ?s) "
     "BIND(xsd:integer(str(?ye)) AS ?e) } GROUP BY ?m",
     lambda rows: rows and all((int(r["first"].value), int(r["last"].value), int(r["years"].value)) == (2021, 2024, 4) for r in rows)),
])
def test_generated_agreements_follow_the_seed_patterns(small, question, sparql, check):
    _, _, store = small
    rows = store.select("PREFIX xsd: <http://www.w3.org/2001/XMLSchema#> " + P + sparql).rows
    assert check(rows), (question, rows[:5])


@pytest.mark.parametrize("gaps, prop, expect", [
    (Gaps(measure=0), "activityMeasure", "all"),
    (Gaps(measure=1), "activityMeasure", "none"),
    (Gaps(timeframe=0), "timeframe", "all"),
    (Gaps(timeframe=1), "timeframe", "none"),
    (Gaps(follow_up=1), "followUp", "none"),
    (Gaps(), "activityMeasure", "some"),
])
def test_gap_rates_leave_statements_out(tmp_path, gaps, prop, expect):
    generate(tmp_path / "d", 2, 2, seed=1, gaps=gaps)
    store = open_store(":memory:")
    build(store, [tmp_path / "d"])
    row = store.select(P + f"SELECT (COUNT(?c) AS ?all) (COUNT(?v) AS ?with) WHERE {{ ?c a sam:Commitment "
                           f"OPTIONAL {{ ?c sam:{prop} ?v }} }}").rows[0]
    total, present = int(row["all"].value), int(row["with"].value)
    assert total > 0
    assert {"all": present == total, "none": present == 0, "some": 0 < present < total}[expect]


def test_cli_generate_then_build(cli, tmp_path):
    out = tmp_path / "national"
    result = cli("generate", "--municipalities", "2", "--years", "2", "--seed", "1", "-o", out)
    assert result.exit_code == 0, result.output
    assert "2 kommuner" in result.stdout
    built = cli("build", "--store", tmp_path / "store", out)
    assert built.exit_code == 0, built.output
    assert (out / "themes.ttl").read_text() == (graph_dir() / "themes.ttl").read_text()


@pytest.mark.parametrize("args, message", [
    (["--municipalities", "0"], "between 1 and 290"),
    (["--municipalities", "291"], "between 1 and 290"),
    (["--commitments", "sixty"], "MIN-MAX"),
    (["--commitments", "30-20"], "MIN-MAX"),
    (["--missing-measure", "1.5"], "between 0 and 1"),
])
def test_cli_bad_options_exit_2(cli, tmp_path, args, message):
    result = cli("generate", "-o", tmp_path / "x", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_cli_refuses_to_overwrite_without_force(cli, tmp_path):
    out = tmp_path / "d"
    assert cli("generate", "--municipalities", "1", "--years", "1", "-o", out).exit_code == 0
    again = cli("generate", "--municipalities", "1", "--years", "1", "-o", out)
    assert again.exit_code == 2 and "--force" in again.stderr
    assert cli("generate", "--municipalities", "1", "--years", "1", "--force", "-o", out).exit_code == 0
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep")
    other = cli("generate", "--municipalities", "1", "--years", "1", "--force", "-o", tmp_path / "mine")
    assert other.exit_code == 2 and "notes.txt" in other.stderr


def test_generated_graph_validates_without_violations(small):
    _, _, store = small
    report = validate(store, lang="sv").to_json()
    assert report["agreements"], "no agreement was validated"
    violations = [(a["id"], r["focus"], r["message"]) for a in report["agreements"] for r in a["results"]
                  if r["severity"] == "violation"]
    assert violations == []
    # the gaps the generator leaves are found as Warnings
    assert any(r["severity"] == "warning" for a in report["agreements"] for r in a["results"])


@pytest.fixture(scope="module")
def both_engines(small):
    from bench.__main__ import compare_findings
    from bench.naive import load_graph, pyshacl_findings, shapes_graph
    from bench.steps import _findings

    out, _, store = small
    fast = _findings(validate(store, lang="sv"))
    naive, _ = pyshacl_findings(load_graph(str(out)), shapes_graph())
    return compare_findings(fast, naive)


def test_fast_validation_reports_nothing_plain_pyshacl_does_not(both_engines):
    assert both_engines["only_fast"] == 0, both_engines
    assert both_engines["fast"] > 0


def test_fast_validation_finds_everything_plain_pyshacl_finds(both_engines):
    assert both_engines["identical"], both_engines
