"""`samverkan validate` on the seed graph: the right answers from the source documents, the report's
forms (text, JSON, Turtle, HTML) and the exit codes a script relies on."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace

from conftest import seed_text
from samverkan.errors import NotFound, SamverkanError
from samverkan.namespaces import ID
from samverkan.store import EmbeddedStore
from samverkan.validate import ShapesError, render_html, render_text, to_turtle, validate
from samverkan.validate.data import agreement_data_graph

SH = Namespace("http://www.w3.org/ns/shacl#")
SAM = "https://w3id.org/samverkan/ontology#"
SEED_FILES = {"boras-2015": "002_93d1b150904f2eb5.txt", "mark-2022-2024": "003_1b21d44ff2a2d1b1.txt",
              "boden-2010-2011": "004_a545e772eaae0390.txt"}
SEED_AGREEMENTS = ["boden-2010-2011", "boras-2015", "boras-2021-2023", "mark-2022-2024"]


@pytest.fixture(scope="module")
def seed_report(seed_store):
    """Every seed agreement validated once."""
    return validate(seed_store)


@pytest.fixture(scope="module")
def reports(seed_report):
    """The seed report by slug, as the JSON a script would read."""
    return {a["id"].rsplit("/", 1)[-1]: a for a in seed_report.to_json()["agreements"] if a["id"] is not None}


def boras_2015_table(text: str) -> list[dict]:
    """The rows of the Borås 2015 åtagandeplan: initiative, activity-measure and follow-up cells."""
    rows: list[list[str]] = []
    for line in text.splitlines():
        cells = [re.sub(r"<[^>]+>", " ", c).strip() for c in line.split("\t")]
        if len(cells) != 6 or cells[4] == "Aktivitetsmått" or all(set(c) <= {"-"} for c in cells):
            continue
        if rows and (not cells[0] or cells[0][0].islower()):  # a row continued on the next line
            rows[-1] = [" ".join(filter(None, pair)) for pair in zip(rows[-1], cells)]
        else:
            rows.append(cells)
    return [{"initiative": r[0], "measure": r[4], "follow_up": r[5]} for r in rows]


def test_every_seed_agreement_is_validated(reports, seed_report):
    assert sorted(reports) == SEED_AGREEMENTS
    # whatever belongs to no agreement comes last, in a group of its own (id null)
    ids = [a.id for a in seed_report.agreements]
    assert ids.count(None) <= 1 and None not in ids[:-1]


@pytest.mark.parametrize("slug", SEED_AGREEMENTS)
def test_seed_agreements_conform_at_violation_level(reports, slug):
    # gaps in the documents are Warnings, never Violations caused by our own encoding
    agreement = reports[slug]
    assert agreement["conforms"] is True
    assert [r for r in agreement["results"] if r["severity"] == "violation"] == []


def test_boras_2015_flags_exactly_the_rows_with_an_empty_activity_measure(reports):
    table = boras_2015_table(seed_text(SEED_FILES["boras-2015"]))
    assert len(table) == 15
    empty = {row["initiative"] for row in table if not row["measure"]}
    assert empty == {"Våld i nära relationer", "Stöd till unga brottsoffer", "Organiserad brottslighet",
                     "Våldsbejakande extremism"}
    flagged = {r["initiative_label"] for r in reports["boras-2015"]["results"]
               if r["path"] == "sam:activityMeasure" and r["severity"] == "warning"}
    assert flagged == empty


def test_boras_2015_no_own_follow_up_all_covered_by_the_councils_yearly_follow_up(reports):
    text = seed_text(SEED_FILES["boras-2015"])
    assert all(not row["follow_up"] for row in boras_2015_table(text))  # the column is empty in every row
    assert "Uppföljning ska göras årligen" in text
    figures = reports["boras-2015"]["completeness"]
    assert figures["with_own_follow_up"] == 0
    assert figures["covered_by_agreement_follow_up"] == figures["commitments"] == 38
    covered = [r for r in reports["boras-2015"]["results"] if r["path"] == "sam:followUp"]
    assert {r["severity"] for r in covered} == {"info"}
    assert len({r["focus"] for r in covered}) == 38
    assert all("årligen" in r["message"] and "Brottsförebyggande rådet" in r["message"] for r in covered)


def test_mark_2022_2024_no_commitment_has_a_measure_or_own_follow_up(reports):
    text = seed_text(SEED_FILES["mark-2022-2024"])
    promised, in_list = 0, False
    for line in text.splitlines():
        if "förbinder sig att" in line:
            in_list = True
        elif line.startswith("- ") and in_list:
            promised += 1
        elif line.strip():
            in_list = False
    assert promised == 28
    assert "aktivitetsmått" not in text.lower()
    figures = reports["mark-2022-2024"]["completeness"]
    assert figures["commitments"] == promised
    assert figures["with_measure"] == 0
    assert figures["with_own_follow_up"] == 0
    # Mark names no follow-up owner or frequency: "no follow-up at all" (Warning), not "covered" (Info)
    assert figures["covered_by_agreement_follow_up"] == 0
    no_follow_up = {r["focus"] for r in reports["mark-2022-2024"]["results"]
                    if r["path"] == "sam:followUp" and r["severity"] == "warning"}
    assert len(no_follow_up) == promised


def test_boden_every_goal_has_its_indicator(reports, seed_store):
    text = seed_text(SEED_FILES["boden-2010-2011"])
    goals_text = text.split("De övergripande målen för överenskommelsen är: Mål ", 1)[1].split(" Indikator ", 1)[0]
    goals = re.findall(r"\s*(.+? ska (?:minska|öka))", goals_text)
    assert len(goals) == 5
    rows = seed_store.select(f"""SELECT ?label WHERE {{
        <{ID}agreement/boden-2010-2011> <{SAM}goal> ?g . ?g <http://www.w3.org/2000/01/rdf-schema#label> ?label }}""")
    assert sorted(r["label"].value for r in rows) == sorted(goals)
    goal_findings = [r for r in reports["boden-2010-2011"]["results"] if "/goal/" in r["focus"]]
    assert goal_findings == []


@pytest.mark.parametrize("slug, gaps", [
    # what the summary page of Borås 2021–2023 does not give (its header comment lists them)
    ("boras-2021-2023", {"sam:signature", "sam:followUpFrequency"}),
    # Mark names neither a follow-up owner nor a frequency
    ("mark-2022-2024", {"^sam:followsUp", "sam:followUpFrequency"}),
])
def test_agreement_level_gaps_are_warnings(reports, slug, gaps):
    iri = ID + "agreement/" + slug
    found = {r["path"] for r in reports[slug]["results"] if r["focus"] == iri and r["severity"] == "warning"}
    assert found == gaps


def test_json_has_exactly_the_documented_shape(reports):
    for agreement in reports.values():
        assert list(agreement) == ["id", "label", "conforms", "completeness", "results"]
        assert list(agreement["completeness"]) == ["commitments", "with_party", "with_responsible", "with_timeframe",
                                                   "with_measure", "with_own_follow_up",
                                                   "covered_by_agreement_follow_up", "score"]
        for result in agreement["results"]:
            assert list(result) == ["severity", "focus", "focus_label", "initiative_label", "party_label", "path",
                                    "message", "source"]
            assert result["severity"] in {"violation", "warning", "info"}


def test_findings_name_the_commitment_its_initiative_party_and_source(reports):
    result = next(r for r in reports["boras-2015"]["results"]
                  if r["focus"].endswith("/commitment/vald-i-nara-relationer-kommun") and r["path"] == "sam:activityMeasure")
    assert result["focus_label"].startswith("Utveckla samordnat stöd")
    assert result["initiative_label"] == "Våld i nära relationer"
    assert result["party_label"] == "Borås Stad"
    assert "Våld i nära relationer, kommunens åtagande" in result["source"] and "56" in result["source"]


def test_score_is_the_share_of_checks_met(reports):
    for agreement in reports.values():
        f = agreement["completeness"]
        if not f["commitments"]:
            assert f["score"] is None
            continue
        met = (f["with_party"] + f["with_responsible"] + f["with_timeframe"] + f["with_measure"]
               + f["with_own_follow_up"] + f["covered_by_agreement_follow_up"])
        assert f["score"] == round(100 * met / (5 * f["commitments"]), 1)


def test_english_messages_and_labels(seed_store):
    report = validate(seed_store, ID + "agreement/boras-2015", lang="en")
    data = report.to_json()
    assert data["agreements"][0]["label"].startswith("Collaboration agreement")
    messages = {r["message"] for r in data["agreements"][0]["results"]}
    assert "The commitment has no activity measure (sam:activityMeasure)." in messages
    assert "Yearly" not in render_text(report, "sv")  # Swedish text picks the Swedish frequency
    assert "covered by the agreement's follow-up (yearly)" in render_text(report, "en")


def test_unknown_agreement_is_not_found(seed_store):
    with pytest.raises(NotFound):
        validate(seed_store, ID + "agreement/nowhere-1999")


def test_one_agreements_data_does_not_grow_with_the_rest_of_the_store(embedded_seed_store):
    iri = ID + "agreement/boras-2015"
    before = agreement_data_graph(embedded_seed_store, iri)
    assert not any("/agreement/mark-2022-2024" in str(s) for s in before.subjects())
    # another agreement that names the same police area and council changes nothing for Borås 2015
    store = EmbeddedStore(None)
    store.update("INSERT DATA { " + " ".join(
        f"GRAPH {q.graph_name} {{ {q.subject} {q.predicate} {q.object} }}"
        for q in ox.parse(embedded_seed_store.dump(ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)) + " }")
    other = ID + "agreement/synthetic-2030"
    triples = [ox.Triple(ox.NamedNode(other), ox.NamedNode(SAM + "party"), ox.NamedNode(ID + "org/polisen/lpo-boras"))]
    for n in range(200):
        c = ox.NamedNode(f"{other}/commitment/c{n}")
        triples += [ox.Triple(c, ox.NamedNode(SAM + "committedBy"), ox.NamedNode(ID + "org/polisen/lpo-boras")),
                    ox.Triple(ox.NamedNode(ID + "org/polisen/lpo-boras"), ox.NamedNode(SAM + "responsibleFor"), c)]
    store.replace_graphs({other: triples})
    after = agreement_data_graph(store, iri)
    assert len(after) == len(before)


def test_turtle_is_a_standard_shacl_report(seed_report):
    report = seed_report
    graph = Graph().parse(data=to_turtle(report), format="turtle")
    roots = list(graph.subjects(predicate=SH.conforms))
    assert len(roots) == 1
    assert str(graph.value(roots[0], SH.conforms)) == "true"
    results = list(graph.objects(roots[0], SH.result))
    assert len(results) == sum(len(a.results) for a in report.agreements)
    assert all(graph.value(r, SH.focusNode) is not None for r in results)


def test_html_escapes_data_and_has_a_fragment_form():
    store = EmbeddedStore(None)
    a = ox.NamedNode(ID + "agreement/evil-2024")
    c = ox.NamedNode(ID + "agreement/evil-2024/commitment/x")
    sam = lambda local: ox.NamedNode(SAM + local)  # noqa: E731
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    store.replace_graphs({a.value: [
        ox.Triple(a, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sam("Agreement")),
        ox.Triple(a, label, ox.Literal("<script>alert(1)</script> & co", language="sv")),
        ox.Triple(c, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), sam("Commitment")),
        ox.Triple(c, sam("inAgreement"), a),
        ox.Triple(c, label, ox.Literal("<img src=x onerror=alert(2)>", language="sv")),
    ]})
    report = validate(store)
    assert not report.conforms  # no parties, no committing party
    page = render_html(report, "sv")
    fragment = render_html(report, "sv", standalone=False)
    for html in (page, fragment):
        assert "<script>" not in html and "<img" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert page.lstrip().startswith("<!DOCTYPE html>") and '<html lang="sv">' in page
    assert fragment.lstrip().startswith("<section") and "<html" not in fragment


# --- the command ------------------------------------------------------------------------------

@pytest.mark.parametrize("args, code", [
    ([], 0),                                     # default --fail-on violation; seeds have none
    (["--fail-on", "warning"], 1),               # the seeds have gaps
    (["--agreement", "boden-2010-2011", "--fail-on", "info"], 1),
    (["--agreement", "boras-2021-2023", "--fail-on", "none"], 0),
    (["-a", "Samverkansöverenskommelse Marks kommun och lokalpolisområde Borås 2022–2024"], 0),  # by label
    (["--agreement", "nowhere-1999"], 2),        # unknown agreement
    (["--format", "pdf"], 2),                    # usage error
    (["--fail-on", "sometimes"], 2),
])
def test_exit_codes(cli, built_store_dir, args, code):
    result = cli("validate", "--store", built_store_dir, *args)
    assert result.exit_code == code, result.output


def test_text_shows_the_completeness_table_and_findings_by_initiative(cli, built_store_dir):
    result = cli("validate", "--store", built_store_dir, "--agreement", "boras-2015")
    assert result.exit_code == 0
    out = result.stdout
    for row in ("Åtaganden", "med åtagande part", "med ansvarig enhet", "med tidsplan", "med aktivitetsmått",
                "med egen uppföljning", "omfattas av överenskommelsens uppföljning", "Poäng"):
        assert row in out
    assert re.search(r"med aktivitetsmått\s+28\s+74 %", out)  # 38 commitments, 10 in the four rows without
    section = out.split("\n  Våld i nära relationer\n", 1)[1]
    assert section.lstrip().startswith("”Utveckla samordnat stöd")
    assert "Åtagandet saknar aktivitetsmått" in section.split("\n  Stöd till unga brottsoffer\n")[0]


def test_json_output_file(cli, built_store_dir, tmp_path):
    target = tmp_path / "out" / "report.json"
    result = cli("validate", "--store", built_store_dir, "--format", "json", "-o", target, "--lang", "en",
                 "--agreement", "boden-2010-2011")
    assert result.exit_code == 0
    data = json.loads(target.read_text(encoding="utf-8"))
    assert [a["id"] for a in data["agreements"]] == [ID + "agreement/boden-2010-2011"]
    assert data["agreements"][0]["label"].startswith("Agreement on collaboration")


@pytest.mark.parametrize("fmt, marker", [("ttl", "sh:ValidationReport"), ("html", "<!DOCTYPE html>")])
def test_other_formats(cli, built_store_dir, fmt, marker):
    result = cli("validate", "--store", built_store_dir, "--format", fmt, "--agreement", "boras-2021-2023")
    assert result.exit_code == 0
    assert marker in result.stdout


def test_malformed_shapes_file_exits_2_with_file_and_line(cli, built_store_dir, tmp_path):
    bad = tmp_path / "commitment.ttl"
    bad.write_text("@prefix sh: <http://www.w3.org/ns/shacl#> .\n<a> a sh:NodeShape ;\n  sh:targetClass .\n",
                   encoding="utf-8")
    result = cli("validate", "--store", built_store_dir, "--shapes", tmp_path, "-o", tmp_path / "never.txt")
    assert result.exit_code == 2
    assert f"{bad}:3" in result.stderr
    assert not (tmp_path / "never.txt").exists()


def test_help_explains_severities_score_and_exit_codes(cli):
    result = cli("validate", "--help")
    assert result.exit_code == 0
    for words in ("--fail-on", "Score", "Exit codes", "Violation", "Warning", "Info"):
        assert words in result.stdout


# --- the two engines: shapes compiled to SPARQL (default) and plain pyshacl (the reference) -----

def findings_of(report) -> list[tuple]:
    """(group, severity, focus, path, source shape) of every finding: what both engines must agree on."""
    return sorted((a.id or "", f.severity, f.focus, f.path or "", f.shape or "") for a in report.agreements
                  for f in a.results)


def test_engines_agree_on_the_whole_seed_graph(seed_store):
    fast, reference = validate(seed_store), validate(seed_store, engine="pyshacl")
    assert findings_of(fast) == findings_of(reference)
    assert [a.completeness for a in fast.agreements] == [a.completeness for a in reference.agreements]


@pytest.mark.parametrize("slug", SEED_AGREEMENTS)
def test_engines_agree_on_one_seed_agreement(embedded_seed_store, slug):
    iri = ID + "agreement/" + slug
    fast, reference = validate(embedded_seed_store, iri), validate(embedded_seed_store, iri, engine="pyshacl")
    assert findings_of(fast) == findings_of(reference)
    assert fast.agreements[0].completeness == reference.agreements[0].completeness


@pytest.fixture(scope="module")
def generated_store(tmp_path_factory):
    from samverkan.build import build
    from samverkan.generate import generate

    out = tmp_path_factory.mktemp("gen") / "data"
    generate(out, municipalities=3, years=2, seed=11)
    store = EmbeddedStore(None)
    build(store, [out])
    return store


def test_engines_agree_on_generated_data(generated_store):
    fast, reference = validate(generated_store), validate(generated_store, engine="pyshacl")
    assert findings_of(fast) and findings_of(fast) == findings_of(reference)


def test_engines_agree_on_each_generated_agreement_with_follow_ups(generated_store):
    """Issue 17: one agreement validated alone (its focus nodes bound inside the checks' OPTIONAL groups, the
    focus nodes of non-class targets found first) gives pyshacl's findings, among them commitments without
    a status in a follow-up of their agreement."""
    agreements = [row[0].value for row in generated_store.select_tuples(
        "SELECT DISTINCT ?a WHERE { ?r <http://www.w3.org/ns/prov#used> ?a ; a <https://w3id.org/samverkan/ontology#FollowUpReport> } "
        "ORDER BY ?a")]
    assert agreements
    missing_status = 0
    for iri in agreements:
        fast, reference = validate(generated_store, iri), validate(generated_store, iri, engine="pyshacl")
        assert findings_of(fast) == findings_of(reference), iri
        missing_status += sum("CommitmentStatusShape" in (f.shape or "") for a in fast.agreements for f in a.results)
    assert missing_status


def test_engines_give_the_same_report_on_a_bigger_generated_graph_on_disk(tmp_path):
    """Every field a reader sees (labels, initiative, party, source, messages, completeness), not only
    the findings: the whole-graph path reads them in bulk, one agreement's path by its nodes."""
    from samverkan.build import build
    from samverkan.generate import generate

    generate(tmp_path / "data", municipalities=4, years=3, seed=5)
    store = EmbeddedStore(tmp_path / "store")
    build(store, [tmp_path / "data"])
    fast, reference = validate(store, lang="en"), validate(store, lang="en", engine="pyshacl")
    assert len(findings_of(fast)) > 100
    assert findings_of(fast) == findings_of(reference)
    assert fast.to_json() == reference.to_json()
    one = next(a for a in fast.agreements if a.results and a.id)
    assert validate(store, one.id).to_json()["agreements"][0] == one.to_json("sv")


@pytest.mark.parametrize("store_name", ["embedded_seed_store", "generated_store"])
def test_whole_graph_reports_each_finding_once_and_things_outside_agreements_apart(request, store_name):
    store = request.getfixturevalue(store_name)
    report = validate(store)
    found = [(f.focus, f.shape, f.raw.value) for a in report.agreements for f in a.results]
    assert len(found) == len(set(found))  # a forum two agreements name is reported once
    outside = {f.focus for a in report.agreements if a.id is None for f in a.results}
    in_agreements = {r["x"].value for r in store.select(f"""SELECT DISTINCT ?x WHERE {{
        GRAPH ?a {{ ?a a ?k . ?x a ?t }} ?k <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{SAM}Agreement> }}""")}
    with_agreement = {r["x"].value for r in store.select(f"SELECT ?x WHERE {{ ?x <{SAM}inAgreement> ?a }}")}
    assert not outside & (in_agreements | with_agreement)
    if store_name == "embedded_seed_store":  # the organisation description of Borås names forums no agreement does
        assert outside


def test_one_agreement_reports_the_forums_it_names(embedded_seed_store):
    # the council that follows up Borås 2015 is described in the organisation description, not the agreement
    whole = {f.focus for a in validate(embedded_seed_store).agreements for f in a.results}
    one = validate(embedded_seed_store, ID + "agreement/boras-2015").agreements[0]
    assert {f.focus for f in one.results} <= whole


UNSUPPORTED = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sam: <https://w3id.org/samverkan/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<https://w3id.org/samverkan/shapes#X> a sh:PropertyShape ; sh:targetClass sam:Commitment ;
    sh:path rdfs:label ; sh:minLength 3 ; sh:message "x"@sv , "x"@en .
"""


def test_a_constraint_the_sparql_engine_cannot_compile_fails_loudly(embedded_seed_store, tmp_path):
    (tmp_path / "pattern.ttl").write_text(UNSUPPORTED, encoding="utf-8")
    with pytest.raises(ShapesError, match="sh:minLength"):
        validate(embedded_seed_store, shapes=tmp_path)
    # the reference engine knows sh:minLength
    assert validate(embedded_seed_store, ID + "agreement/boras-2015", shapes=tmp_path, engine="pyshacl").agreements


def test_unknown_engine_is_an_error(embedded_seed_store):
    with pytest.raises(SamverkanError, match="engine"):
        validate(embedded_seed_store, engine="rdfs")


@pytest.mark.parametrize("agreement", ["boras-2015", "mark-2022-2024"])
def test_cli_engines_give_the_same_json(cli, built_store_dir, agreement):
    runs = [cli("validate", "--store", built_store_dir, "-a", agreement, "--format", "json", "--engine", engine)
            for engine in ("sparql", "pyshacl")]
    assert [r.exit_code for r in runs] == [0, 0]
    sparql, pyshacl = (json.loads(r.stdout)["agreements"][0] for r in runs)
    assert sparql["completeness"] == pyshacl["completeness"]
    def key(result):
        return result["severity"], result["focus"], result["path"], result["message"]

    assert sorted(map(key, sparql["results"])) == sorted(map(key, pyshacl["results"]))


def test_summary_is_one_line_per_agreement(cli, built_store_dir):
    result = cli("validate", "--store", built_store_dir, "--format", "summary")
    assert result.exit_code == 0
    lines = result.stdout.strip().splitlines()
    mark = next(line for line in lines if "Marks kommun" in line)
    assert " ja " in mark and "20,0 %" in mark  # 28 commitments: only the party of the five checks is stated


NESTED = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix sam: <https://w3id.org/samverkan/ontology#> .
@prefix samsh: <https://w3id.org/samverkan/shapes#> .
samsh:T1 a sh:NodeShape ; sh:targetClass sam:Commitment ;
    sh:or ( [ sh:property [ sh:path sam:followUp ; sh:minCount 1 ] ]
            [ sh:and ( [ sh:property [ sh:path sam:committedBy ; sh:maxCount 1 ; sh:class sam:Municipality ] ]
                       [ sh:not [ sh:property [ sh:path sam:inAgreement ; sh:qualifiedMinCount 1 ;
                           sh:qualifiedValueShape [ sh:property [ sh:path sam:party ; sh:minCount 3 ] ] ] ] ] ) ] ) .
samsh:T2 a sh:NodeShape ; sh:targetClass sam:Agreement ;
    sh:node [ sh:property [ sh:path sam:party ; sh:minCount 2 ; sh:maxCount 2 ; sh:class sam:Party ] ] ;
    sh:not [ sh:property [ sh:path [ sh:inversePath sam:followsUp ] ; sh:maxCount 0 ] ] .
samsh:T3 a sh:NodeShape ; sh:targetClass sam:Party ; sh:or ( [ sh:class sam:Municipality ] [ sh:hasValue <{police}> ] ) .
"""


def test_nested_shapes_read_as_sets_over_the_whole_graph_agree_with_pyshacl(embedded_seed_store, tmp_path):
    """sh:or/and/not/node over the whole graph run as joins, UNIONs and MINUS instead of a FILTER per node."""
    from samverkan.validate import load_shapes
    from samverkan.validate.sparql import compiled

    police = embedded_seed_store.select(f"SELECT ?p WHERE {{ ?p a <{SAM}PoliceArea> }} ORDER BY ?p LIMIT 1").rows[0]["p"]
    (tmp_path / "nested.ttl").write_text(NESTED.replace("{police}", police.value), encoding="utf-8")
    assert all(c.whole_query is not None for c in compiled(load_shapes(tmp_path)))
    fast = validate(embedded_seed_store, shapes=tmp_path)
    reference = validate(embedded_seed_store, shapes=tmp_path, engine="pyshacl")
    assert {f.shape.rsplit("#", 1)[-1] for a in fast.agreements for f in a.results} == {"T1", "T2", "T3"}
    assert findings_of(fast) == findings_of(reference)
