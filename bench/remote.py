"""Remote (Oxigraph server over HTTP) vs embedded store on the seed graph: build, validate, named queries.

    python -m bench.remote [--repeats 5] [--out bench/RESULTS-remote.md]

Starts `oxigraph serve` from the `oxigraph` PyPI package on a free loopback port with an on-disk store,
compares it with an on-disk embedded store, and writes medians and the remote/embedded ratio (goal: ≤ 3×).
"""

from __future__ import annotations

import argparse
import datetime
import platform
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the server helper the tests use

from oxigraph_server import OxigraphServer  # noqa: E402

from samverkan.build import build  # noqa: E402
from samverkan.queries import list_queries, run_named  # noqa: E402
from samverkan.store import EmbeddedStore, Store  # noqa: E402
from samverkan.store.remote import RemoteStore  # noqa: E402
from samverkan.validate import validate  # noqa: E402


def _median(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _steps(store: Store) -> dict:
    """Read-only steps first: forced rebuilds leave deleted entries that slow later scans on both stores."""
    steps = {"validate (all agreements)": lambda: validate(store)}
    for query in list_queries():
        if all(p.optional or p.default for p in query.params):
            steps[f"query {query.name}"] = lambda name=query.name: run_named(store, name)
    steps["build (nothing changed)"] = lambda: build(store)
    steps["build (full, --force)"] = lambda: build(store, force=True)
    return steps


def measure(repeats: int) -> tuple[list[tuple[str, float, float]], int]:
    with tempfile.TemporaryDirectory() as tmp:
        embedded = EmbeddedStore(Path(tmp) / "embedded")
        server = OxigraphServer(Path(tmp) / "oxigraph").start()
        try:
            remote = RemoteStore(server.url)
            build(embedded)
            build(remote)
            local_steps, remote_steps = _steps(embedded), _steps(remote)
            rows = []
            for name, fn in local_steps.items():
                fn(), remote_steps[name]()  # warm up
                rows.append((name, _median(fn, repeats), _median(remote_steps[name], repeats)))
            triples = len(embedded.select("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }"))
        finally:
            server.stop()
            embedded.close()
    return rows, triples


def render(rows: list[tuple[str, float, float]], repeats: int, triples: int) -> str:
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("pyoxigraph", "oxigraph", "SPARQLWrapper"))
    lines = [
        "# Remote store vs embedded store (seed graph)",
        "",
        f"{datetime.date.today()} · {platform.machine()} · Python {platform.python_version()} · {versions}",
        f"Median of {repeats} runs each; seed graph from graph/ ({triples} quads). Embedded = pyoxigraph on disk in-process;",
        "remote = `oxigraph serve` on disk, reached over loopback HTTP by RemoteStore (SPARQLWrapper).",
        "",
        "| step | embedded (ms) | remote (ms) | remote / embedded |",
        "|---|---:|---:|---:|",
    ]
    worst = 0.0
    for name, local, remote in rows:
        ratio = remote / local if local else float("inf")
        worst = max(worst, ratio)
        lines.append(f"| {name} | {local * 1000:.1f} | {remote * 1000:.1f} | {ratio:.1f}× |")
    total_local, total_remote = sum(r[1] for r in rows), sum(r[2] for r in rows)
    lines += ["", f"All steps together: embedded {total_local * 1000:.0f} ms, remote {total_remote * 1000:.0f} ms "
              f"({total_remote / total_local:.1f}×); worst single step {worst:.1f}×. Goal: remote within 3× of embedded.", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "bench" / "RESULTS-remote.md")
    args = parser.parse_args(argv)
    rows, triples = measure(args.repeats)
    text = render(rows, args.repeats, triples)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
