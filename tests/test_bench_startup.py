"""The start-up benchmark runs end to end (no timing asserts: the numbers go to bench/RESULTS-startup.md)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_startup_bench_times_each_command_and_lists_the_slowest_imports(tmp_path):
    """Issue 16, CLI start-up: `python -m bench.startup` (a `make bench` step) times --help, queries and a query
    on the seed graph, marks the 150 ms goal and lists the slowest imports of samverkan.cli."""
    out = tmp_path / "RESULTS-startup.md"
    proc = subprocess.run([sys.executable, "-m", "bench.startup", "--repeats", "1", "--out", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    text = out.read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in text.splitlines() if line.startswith("| `")}
    for command in ("samverkan --help", "samverkan queries", "samverkan query forums (seed graph on disk)"):
        assert f"`{command}`" in rows, command
    assert "≤ 150 ms (median)" in rows["`samverkan --help`"] and "≤ 150 ms (median)" in rows["`samverkan queries`"]
    assert "`samverkan.cli`" in rows and "`typer`" in rows  # the import table: samverkan.cli and what it pulls in
