"""samverkan build / stats / export as a user runs them: counts, atomicity, errors, exit codes."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import rdflib

from samverkan.paths import graph_dir

BROKEN = [
    # (what is wrong, text appended to a copy of the Mark agreement, expected words in the error)
    ("turtle syntax", '\n<agreement/mark-2022-2024/commitment/x> rdfs:label "unterminated .\n', "mark-2022-2024.ttl:"),
    ("unknown term", "\n<agreement/mark-2022-2024> sam:comittedBy <org/marks-kommun> .\n", "unknown term sam:comittedBy"),
    ("two agreements", "\n<agreement/mark-2099> a sam:Agreement .\n", "more than one sam:Agreement"),
]


@pytest.fixture
def graph_copy(tmp_path):
    target = tmp_path / "graph"
    shutil.copytree(graph_dir(), target)
    return target


def test_build_then_stats_show_every_agreement(cli, tmp_path):
    store = tmp_path / "store"
    built = cli("build", "--store", store)
    assert built.exit_code == 0
    assert "grafer" in built.stdout and "tripler" in built.stdout  # Swedish by default
    table = cli("stats", "--store", store)
    assert table.exit_code == 0
    for slug in ["boras-2015", "boras-2021-2023", "mark-2022-2024", "boden-2010-2011"]:
        assert slug in table.stdout
    data = json.loads(cli("stats", "--store", store, "--format", "json").stdout)
    mark = next(a for a in data["agreements"] if a["slug"] == "mark-2022-2024")
    assert set(mark) >= {"id", "label", "parties", "period", "signed", "initiatives", "commitments",
                         "commitments_by_party", "areas", "source"}
    assert mark["period"] == {"start": "2022", "end": "2024", "until_further_notice": False}
    assert mark["signed"] == "2022-05-18"


def test_second_build_skips_unchanged_files(cli, tmp_path):
    store = tmp_path / "store"
    cli("build", "--store", store)
    again = cli("build", "--store", store)
    assert "läste ingenting (allt oförändrat)" in again.stdout
    assert "loaded nothing (all unchanged)" in cli("--lang", "en", "build", "--store", store).stdout


@pytest.mark.parametrize("problem, addition, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_source_file_leaves_the_store_as_it_was(cli, tmp_path, graph_copy, problem, addition, expected):
    store = tmp_path / "store"
    assert cli("build", "--store", store, graph_copy).exit_code == 0
    before = cli("export", "--store", store, "--format", "nq").stdout
    mark = graph_copy / "agreements" / "mark-2022-2024.ttl"
    lines_before = mark.read_text(encoding="utf-8").count("\n")
    with mark.open("a", encoding="utf-8") as fh:
        fh.write(addition)
    (graph_copy / "agreements" / "boras-2015.ttl").write_text(
        (graph_copy / "agreements" / "boras-2015.ttl").read_text(encoding="utf-8") + "\n# touched\n", encoding="utf-8")
    result = cli("build", "--store", store, graph_copy)
    assert result.exit_code == 2
    assert expected in result.stderr
    if problem != "two agreements":
        line = int(result.stderr.split("mark-2022-2024.ttl:")[1].split(":")[0])
        assert line > lines_before
    assert cli("export", "--store", store, "--format", "nq").stdout == before


def test_missing_source_is_a_usage_error(cli, tmp_path):
    result = cli("build", "--store", tmp_path / "s", tmp_path / "nowhere.ttl")
    assert result.exit_code == 2
    assert "nowhere.ttl" in result.stderr


def test_unknown_option_exits_2(cli):
    assert cli("stats", "--no-such-option").exit_code == 2


def test_removed_source_file_drops_its_graph(cli, tmp_path, graph_copy):
    store = tmp_path / "store"
    cli("build", "--store", store, graph_copy)
    (graph_copy / "agreements" / "boras-2021-2023.ttl").unlink()
    # a folder given explicitly is an upsert; the default (graph/) is a full sync, tested via the library
    from samverkan.build import build
    from samverkan.store import EmbeddedStore

    with EmbeddedStore(store) as st:
        import samverkan.build as b

        original = b.graph_dir
        b.graph_dir = lambda: graph_copy
        try:
            report = build(st)
        finally:
            b.graph_dir = original
        assert "https://w3id.org/samverkan/id/agreement/boras-2021-2023" in report.dropped


@pytest.mark.parametrize("fmt, rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld"), ("trig", "trig"), ("nq", "nquads")])
def test_export_formats_parse_back(cli, built_store_dir, tmp_path, fmt, rdflib_format):
    out = tmp_path / f"graph.{fmt}"
    assert cli("export", "--store", built_store_dir, "--format", fmt, "-o", out).exit_code == 0
    if rdflib_format in ("trig", "nquads"):
        dataset = rdflib.Dataset()
        dataset.parse(out, format=rdflib_format)
        graphs = {str(g.identifier) for g in dataset.graphs()}
        assert "https://w3id.org/samverkan/id/agreement/mark-2022-2024" in graphs
    else:
        g = rdflib.Graph().parse(out, format=rdflib_format)
        assert (rdflib.URIRef("https://w3id.org/samverkan/id/agreement/mark-2022-2024"), None, None) in g


def test_store_from_environment(cli, tmp_path):
    store = tmp_path / "env-store"
    assert cli("build", env={"SAMVERKAN_STORE": str(store)}).exit_code == 0
    assert "mark-2022-2024" in cli("stats", env={"SAMVERKAN_STORE": str(store)}).stdout


def test_english_labels(cli, built_store_dir):
    out = cli("--lang", "en", "stats", "--store", built_store_dir).stdout
    assert "Local police area Borås" in out and "Agreement" in out


def test_remote_store_options_choose_the_endpoints(cli):
    result = cli("--store-kind", "fuseki", "--timeout", "0.5", "stats", "--store", "http://127.0.0.1:9/ds")
    assert result.exit_code == 2
    assert "http://127.0.0.1:9/ds/sparql" in result.stderr
    custom = cli("--query-url", "http://127.0.0.1:9/my-query", "stats", "--store", "http://127.0.0.1:9")
    assert custom.exit_code == 2 and "http://127.0.0.1:9/my-query" in custom.stderr


def test_building_one_file_keeps_what_is_known_about_the_others(cli, tmp_path, graph_copy):
    store = tmp_path / "store"
    cli("build", "--store", store, graph_copy)
    mark = graph_copy / "agreements" / "mark-2022-2024.ttl"
    mark.write_text(mark.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    one = cli("build", "--store", store, mark)
    assert "läste 1 fil från" in one.stdout
    again = cli("build", "--store", store, graph_copy)
    assert "läste ingenting (allt oförändrat)" in again.stdout
    counts = [line for line in (one.stdout + again.stdout).splitlines() if line.startswith("byggde")]
    assert counts[0].split(": ", 1)[1] == counts[1].split(": ", 1)[1]


def test_a_file_that_now_names_another_agreement_replaces_its_old_graph(cli, tmp_path, graph_copy):
    store = tmp_path / "store"
    cli("build", "--store", store, graph_copy)
    mark = graph_copy / "agreements" / "mark-2022-2024.ttl"
    mark.write_text(mark.read_text(encoding="utf-8").replace("agreement/mark-2022-2024", "agreement/mark-2022-2025"),
                    encoding="utf-8")
    assert cli("build", "--store", store, mark).exit_code == 0
    slugs = [a["slug"] for a in json.loads(cli("stats", "--store", store, "--format", "json").stdout)["agreements"]]
    assert "mark-2022-2025" in slugs and "mark-2022-2024" not in slugs


def test_bookkeeping_names_project_files_relative_to_the_project(cli, tmp_path):
    store = tmp_path / "store"
    cli("build", "--store", store)
    nq = cli("export", "--store", store, "--format", "nq").stdout
    paths = re.findall(r'<https://w3id.org/samverkan/ontology#sourcePath> "([^"]+)"', nq)
    assert "graph/agreements/mark-2022-2024.ttl" in paths
    assert not any(p.startswith("/") for p in paths)


def test_an_output_file_that_cannot_be_written_is_one_line_and_exit_2(cli, built_store_dir, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    result = cli("stats", "--store", built_store_dir, "-o", blocker / "stats.txt")
    assert result.exit_code == 2
    assert result.stderr.startswith("fel: ") and len(result.stderr.strip().splitlines()) == 1
