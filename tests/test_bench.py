"""The benchmark harness runs end to end at the smallest size (no timing asserts: numbers go to RESULTS.md).

One run of the cheaper steps is shared by the module; the browser, report and /sparql-peer steps are left to
`make bench` (their parts have tests of their own)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STEPS = ["build_full", "oxigraph_load", "validate_all", "queries", "load", "serve_start", "pyrudof_validate",
         "naive_build", "naive_validate_all", "naive_queries"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    out, raw = work / "RESULTS.md", work / "results.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--sizes", "tiny", "--repeats", "1", "--query-repeats", "1",
                           "--pass-seconds", "20", "--cap", "120", "--no-seed-graph", "--only", ",".join(STEPS),
                           "--work", str(work / "w"), "--out", str(out), "--json", str(raw)],
                          capture_output=True, text=True, cwd=REPO, timeout=900)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out.read_text(encoding="utf-8"), json.loads(raw.read_text())["sizes"][0], work / "w" / "tiny"


def test_results_name_machine_versions_peers_and_targets(tiny_run):
    text, _, _ = tiny_run
    for needle in ("- Machine:", "pyoxigraph", "pyshacl", "pyrudof", "rdflib", "- Date:", "Load average at the start",
                   "full build", "`oxigraph load` of the same quads", "validate whole graph", "pyrudof (native engine",
                   "Named queries", "`samverkan serve` start-up", "misses (1st pass)", "hits (2nd pass)", "one URL",
                   "## Targets: issues 17, 13 (Scale) and 14 (Speed)"):
        assert needle in text, needle
    targets = text.split("## Targets", 1)[1]
    for issue in ("| 17 |", "| 13 |", "| 14 |"):
        assert issue in targets, issue


def test_every_step_ran(tiny_run):
    _, result, _ = tiny_run
    steps = result["steps"]
    assert set(steps) >= {"prepare", *STEPS}
    for name, step in steps.items():
        assert step["status"] == "ok", (name, step.get("reason"))
        assert step["peak_mb"] > 0, name


def test_one_triple_count_the_distinct_triples_of_the_sources(tiny_run):
    """The heading's count is the prepare step's; rdflib, parsing every file and the ontology into one Graph (a set
    of triples), counts the same; the bookkeeping makes the store's quads more."""
    text, result, _ = tiny_run
    triples = result["triples"]
    assert triples == result["steps"]["prepare"]["triples"] == result["steps"]["naive_build"]["graph_triples"] > 1000
    assert result["steps"]["prepare"]["quads"] > triples
    assert text.count(f"## tiny: {triples} triples") == 1


def test_load_asks_every_resource_once_per_pass(tiny_run):
    _, result, work = tiny_run
    prepared = json.loads((work / "prepared.json").read_text())
    rows = result["steps"]["load"]["rows"]
    expected = {"agreement (API)": len(prepared["agreements"]), "organisation page (HTML)": len(prepared["organisations"]),
                "forum (API)": len(prepared["forums"]),
                "named query police-area-commitments, every police area (API)": len(prepared["police_areas"])}
    for name, count in expected.items():
        for label in ("misses", "hits"):
            e = rows[name][label]
            assert e["distinct"] == e["asked"] == e["requests"] == count > 0, (name, label, e)
            assert e["statuses"] == {"200": count}, (name, label)
    assert rows["agreement (API), one URL"]["one_url"]["distinct"] == 1


def test_naive_queries_have_their_own_budget_after_the_parse(tiny_run):
    _, result, _ = tiny_run
    naive = result["steps"]["naive_queries"]
    assert naive["budget_s"] == 120 and naive["parse_s"] > 0
    fast = result["steps"]["queries"]["queries"]
    assert "follow-up-status (selective)" in fast and fast["follow-up-status (selective)"]["params"]["year"]
    timed = [k for k, v in naive["queries"].items() if v.get("times")]
    assert "police-area-commitments (selective)" in timed and "follow-up-status (selective)" in timed


def test_peers_ran_on_the_same_work(tiny_run):
    _, result, _ = tiny_run
    assert result["steps"]["oxigraph_load"]["times"]
    for key in ("equality", "equality_pyrudof"):  # both compared with our findings, on the same data and shapes
        assert result[key]["fast"] == result["steps"]["validate_all"]["findings"] > 0, key
    modes = result["steps"]["serve_start"]["modes"]
    assert modes["default"]["first_home_s"] >= modes["default"]["first_answer_s"] > 0


def test_a_naive_run_past_its_cap_is_stopped_and_says_so():
    from bench.naive import Capped, cap

    started = time.monotonic()
    with pytest.raises(Capped):
        with cap(0.2):
            while True:  # pure Python, like rdflib's evaluation
                sum(range(1000))
    assert time.monotonic() - started < 5
