"""`/sparql` beside `oxigraph serve` on the same store, the same query texts and the same formats.

    python -m bench.sparql_peer --store var/store-1m [--memory] [--repeats 11]

On disk: `samverkan serve` with SAMVERKAN_IN_MEMORY=0 beside `oxigraph serve-read-only --location STORE`. With
--memory: `samverkan serve` (its in-memory copy) beside `oxigraph serve` in memory, loaded over HTTP with the
store's quads. Requests one at a time on 127.0.0.1; medians after one warm-up; prints a Markdown table.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox

SAM = "https://w3id.org/samverkan/ontology#"
PREFIX = f"PREFIX sam: <{SAM}>\n"
SELECTS = {
    "selective (one police area's commitments)": PREFIX + "SELECT ?c ?a WHERE { ?c sam:committedBy %s ; sam:inAgreement ?a }",
    "10,000 rows (the row limit)": "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 10000",
    "aggregate (commitments per party)": PREFIX + "SELECT ?party (COUNT(?c) AS ?n) WHERE { ?c sam:committedBy ?party } GROUP BY ?party",
}
GRAPH = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5000"
SOLUTION_TYPES = ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                  "text/tab-separated-values"]
GRAPH_TYPES = ["text/turtle", "application/n-triples"]


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(url: str, seconds: float = 600) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {seconds:g} s")


def _get(url: str, query: str, accept: str) -> bytes:
    request = urllib.request.Request(url + "?" + urllib.parse.urlencode({"query": query}), headers={"Accept": accept})
    with urllib.request.urlopen(request, timeout=120) as response:
        return response.read()


def _median(url: str, query: str, accept: str, repeats: int) -> tuple[float, int]:
    size = len(_get(url, query, accept))
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        _get(url, query, accept)
        times.append(time.perf_counter() - started)
    return statistics.median(times), size


def _police_area(store: str) -> str:
    found = ox.Store.read_only(store).query(
        PREFIX + "SELECT ?p WHERE { ?a sam:party ?p . ?p a sam:PoliceArea } ORDER BY ?p LIMIT 1",
        use_default_graph_as_union=True)
    return next(iter(found))["p"].value


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True)
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--repeats", type=int, default=11)
    args = parser.parse_args(argv)
    store = str(Path(args.store).resolve())
    oxigraph = str(Path(sys.executable).parent / "oxigraph")
    ours_port, peer_port = _port(), _port()
    env = {**os.environ, "SAMVERKAN_IN_MEMORY": "1" if args.memory else "0"}
    processes = []
    try:
        processes.append(subprocess.Popen([str(Path(sys.executable).parent / "samverkan"), "serve", "--store", store,
                                           "--host", "127.0.0.1", "--port", str(ours_port)], env=env,
                                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        bind = ["--bind", f"127.0.0.1:{peer_port}", "--union-default-graph"]  # queries see every graph, as ours do
        if args.memory:
            processes.append(subprocess.Popen([oxigraph, "serve", *bind], stdout=subprocess.DEVNULL,
                                              stderr=subprocess.DEVNULL))
        else:
            processes.append(subprocess.Popen([oxigraph, "serve-read-only", "--location", store, *bind],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        peer = f"http://127.0.0.1:{peer_port}/query"
        _wait(peer + "?query=ASK%7B%7D")
        if args.memory:
            with tempfile.TemporaryDirectory() as folder:
                dump = Path(folder) / "all.nq"
                ox.Store.read_only(store).dump(str(dump), format=ox.RdfFormat.N_QUADS)
                with dump.open("rb") as body:
                    request = urllib.request.Request(f"http://127.0.0.1:{peer_port}/store", data=body, method="POST",
                                                     headers={"Content-Type": "application/n-quads",
                                                              "Content-Length": str(dump.stat().st_size)})
                    urllib.request.urlopen(request, timeout=1800).read()
        ours = f"http://127.0.0.1:{ours_port}/sparql"
        _wait(ours + "?query=ASK%7B%7D")
        police = f"<{_police_area(store)}>"
        cases = [(name, text % police if "%s" in text else text, accept)
                 for name, text in SELECTS.items() for accept in SOLUTION_TYPES]
        cases += [("CONSTRUCT 5,000 triples", GRAPH, accept) for accept in GRAPH_TYPES]
        print(f"| query ({'in memory' if args.memory else 'on disk'}) | format | /sparql | oxigraph serve | ratio "
              "| bytes (ours / theirs) |")
        print("|---|---|---|---|---|---|")
        for name, text, accept in cases:
            (mine, size), (theirs, peer_size) = (_median(ours, text, accept, args.repeats),
                                                 _median(peer, text, accept, args.repeats))
            print(f"| {name} | {accept} | {mine * 1000:.1f} ms | {theirs * 1000:.1f} ms | {mine / theirs:.2f}× "
                  f"| {size} / {peer_size} |", flush=True)
        print(f"\nload average: {os.getloadavg()[0]:.2f} (1 min)")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
