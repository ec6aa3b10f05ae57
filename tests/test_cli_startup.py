"""CLI start-up: `samverkan --help` and `samverkan queries` load none of the heavy libraries
(the times are in bench/startup.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

#: libraries that each add tens to hundreds of ms to start-up (python -X importtime; NOTES-i16-doors.md)
HEAVY = ("matplotlib", "scipy", "numpy", "networkx", "pyshacl", "rdflib", "jinja2", "fastapi", "starlette",
         "uvicorn", "openpyxl", "pypdf", "pyvis", "SPARQLWrapper", "pydantic", "rich")

_REPORT = ("import atexit, json, sys\n"
           "atexit.register(lambda: print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & set(%r))),"
           " file=sys.stderr))\n") % (HEAVY,)


def run_reporting_heavy(code: str, *args: str) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run `code` in a fresh Python with `args`; its output and the heavy libraries loaded when it exits."""
    proc = subprocess.run([sys.executable, "-c", _REPORT + code, *args], capture_output=True, text=True, cwd=REPO,
                          timeout=60)
    return proc, json.loads(proc.stderr.strip().splitlines()[-1])


def test_import_cli_loads_no_heavy_library():
    """Issue 16, CLI start-up: `import samverkan.cli` imports none of matplotlib, scipy, networkx, pyshacl,
    rdflib, jinja2, FastAPI, openpyxl, pypdf … (each command imports what it uses when it runs)."""
    proc, heavy = run_reporting_heavy("import samverkan.cli")
    assert proc.returncode == 0, proc.stderr
    assert heavy == []


def test_help_still_lists_every_command_and_loads_no_heavy_library():
    """Issue 16, CLI start-up: `samverkan --help` works, lists the commands, and loads no heavy library
    (neither rich for the help text nor pydantic for the options)."""
    proc, heavy = run_reporting_heavy("from samverkan.cli import main; main()", "--help")
    assert proc.returncode == 0, proc.stderr
    for command in ("build", "stats", "export", "validate", "queries", "query", "network", "serve", "generate",
                    "new", "import"):
        assert f"\n  {command} " in proc.stdout, command
    assert heavy == []


def test_queries_still_lists_every_named_query_and_loads_no_heavy_library():
    """Issue 16, CLI start-up: `samverkan queries` (no store needed) lists every query in queries/ and loads
    no heavy library."""
    proc, heavy = run_reporting_heavy("from samverkan.cli import main; main()", "queries")
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))
    assert len(names) > 10
    listed = [line.split()[0] for line in proc.stdout.splitlines() if line.strip()]
    for name in names:
        assert name in listed, name
    assert heavy == []


@pytest.mark.parametrize("command", [["validate", "--help"], ["network", "--help"], ["serve", "--help"]])
def test_help_of_commands_that_use_heavy_libraries_loads_none(command):
    """Issue 16, CLI start-up: the help of validate, network and serve does not import what they run with."""
    proc, heavy = run_reporting_heavy("from samverkan.cli import main; main()", *command)
    assert proc.returncode == 0, proc.stderr
    assert "Usage: " in proc.stdout and "--store" in proc.stdout
    assert heavy == []


@pytest.mark.parametrize("command", [["query", "forums"], ["stats"]])
def test_a_query_on_the_store_loads_no_heavy_library(command, built_store_dir):
    """Issue 16, CLI start-up: `samverkan query` and `samverkan stats` on an on-disk store answer without
    importing rdflib, jinja2, pydantic, rich or the other heavy libraries (pyoxigraph answers the query)."""
    proc, heavy = run_reporting_heavy("from samverkan.cli import main; main()", *command,
                                      "--store", str(built_store_dir))
    assert proc.returncode == 0, proc.stderr
    assert "Borås" in proc.stdout  # the seed graph's Borås forums and agreements
    assert heavy == []
