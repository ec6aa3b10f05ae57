"""The benchmark harness runs end to end at the smallest size (no timing asserts: numbers go to RESULTS.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    out, raw = work / "RESULTS.md", work / "results.json"
    proc = subprocess.run([sys.executable, "-m", "bench", "--sizes", "tiny", "--repeats", "1", "--query-repeats", "1",
                           "--api-seconds", "0.5", "--cap", "120", "--work", str(work / "w"), "--out", str(out),
                           "--json", str(raw)], capture_output=True, text=True, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out.read_text(encoding="utf-8"), json.loads(raw.read_text())


def test_results_name_machine_versions_and_every_step(tiny_run):
    text, _ = tiny_run
    for needle in ("- Machine:", "pyoxigraph", "pyshacl", "rdflib", "- Date:", "full build", "incremental build",
                   "validate one agreement", "validate whole graph", "network + metrics, national", "Named queries",
                   "API under load", "## Targets"):
        assert needle in text, needle


def test_every_step_ran(tiny_run):
    _, results = tiny_run
    steps = results[0]["steps"]
    assert set(steps) >= {"build_full", "build_incremental", "validate_one", "validate_all", "queries", "network_municipality",
                          "network_national", "api", "naive_build", "naive_validate_all", "naive_queries"}
    for name, step in steps.items():
        if step["status"] == "skipped":  # the one deliberate skip: a naive step killed at --cap (120 s here)
            assert name.startswith("naive_") and "exceeded the cap" in step["reason"], (name, step)
            continue
        assert step["status"] == "ok", (name, step.get("reason"))
        assert step["peak_mb"] > 0, name
    assert steps["build_full"]["status"] == "ok" and steps["naive_build"]["status"] == "ok"
    # both stacks read the same generated files: the same number of triples (plus the ontology on both sides)
    assert steps["build_full"]["triples"] == results[0]["triples"] > 1000


def test_incremental_build_reloads_only_the_changed_agreement(tiny_run):
    _, results = tiny_run
    step = results[0]["steps"]["build_incremental"]
    assert step["changed_file"].endswith(".ttl") and step["times"]


def test_named_queries_are_timed_on_disk_and_in_memory(tiny_run):
    text, results = tiny_run
    queries = results[0]["steps"]["queries"]["queries"]
    assert "commitments (whole-country)" in queries and "police-area-commitments (selective)" in queries
    assert queries["commitments (whole-country, first page)"]["page"] == 1
    assert "compare-themes (whole-country, one theme)" in queries and "compare-themes (selective)" not in queries
    for key, entry in queries.items():
        assert "error" not in entry, (key, entry.get("error"))
        assert entry["times"] and entry["memory_times"], key
    assert "| query | on disk p50 | p95 | in memory p50 |" in text


def test_network_steps_report_the_first_call(tiny_run):
    text, results = tiny_run
    for step in ("network_municipality", "network_national"):
        assert results[0]["steps"][step]["first_s"] > 0, step
    assert "(first call " in text
