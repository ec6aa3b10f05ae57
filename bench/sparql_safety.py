"""`python -m bench.sparql_safety`: reliability figures of /sparql against crashes, SERVICE and runaway queries,
and the cost of running queries in worker processes. Prints a Markdown table (for the README).

Uses the crash triggers and SERVICE forms of tests/test_sparql_crash.py and tests/test_sparql_service.py on a
real `samverkan serve` over the seed graph (embedded, and on a real Oxigraph server).
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

import psutil  # noqa: E402

from live_serve import get_query, post_query, samverkan_serve  # noqa: E402
from oxigraph_server import OxigraphServer  # noqa: E402
from samverkan.build import build  # noqa: E402
from samverkan.sparql_pool import pool_for  # noqa: E402
from samverkan.store import EmbeddedStore, open_store  # noqa: E402
from test_sparql_crash import TRIGGERS  # noqa: E402
from test_sparql_service import Listener, _generated, service_forms  # noqa: E402
from test_sparql_timeout import RUNAWAY, _cpu_seconds  # noqa: E402

ASK = "ASK { <https://w3id.org/samverkan/id/org/polisen/lpo-boras> ?p ?o }"


class _Pytest:
    """processes.running calls pytest.fail; outside pytest that is just an error."""

    @staticmethod
    def fail(message):
        raise RuntimeError(message)


def crashes(url: str, process, oxigraph, repeats: int) -> tuple[int, int, bool]:
    tried = refused = 0
    for _ in range(repeats):
        for query in TRIGGERS.values():
            tried += 1
            status, _ = post_query(url, query)
            refused += status == 400
    alive = process.poll() is None and (oxigraph is None or oxigraph.process.poll() is None)
    return tried, refused, alive and get_query(url, ASK)[0] == 200


def services(url: str, generated: int) -> tuple[int, int, int]:
    listener = Listener()
    try:
        queries = list(service_forms(listener.port).values())
        rng = random.Random(1616)
        queries += [_generated(rng, listener.port) for _ in range(generated)]
        refused = sum(post_query(url, q)[0] == 400 for q in queries)
        time.sleep(0.2)
        return len(queries), refused, listener.connections
    finally:
        listener.close()


def timeouts(url: str, process, rounds: int) -> tuple[int, int, bool, float]:
    server = psutil.Process(process.pid)
    stopped = 0
    for _ in range(rounds):
        with ThreadPoolExecutor(2) as pool:
            stopped += sum(s == 503 for s, _ in pool.map(lambda q: post_query(url, q), [RUNAWAY, RUNAWAY]))
    status, body = post_query(url, ASK)
    answered = status == 200 and json.loads(body)["boolean"] is True
    time.sleep(0.5)
    before = _cpu_seconds(server)
    time.sleep(2)
    return rounds * 2, stopped, answered, _cpu_seconds(server) - before


def hop(repeats: int) -> tuple[float, float]:
    """Median seconds of one small ASK: in this process, and through a worker process."""
    store = EmbeddedStore(None)
    build(store)
    pool = pool_for(store)
    pool.query(ASK, deadline=time.monotonic() + 60)
    direct, worker = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        store.sparql(ASK)
        direct.append(time.perf_counter() - started)
        started = time.perf_counter()
        pool.query(ASK, deadline=time.monotonic() + 60)
        worker.append(time.perf_counter() - started)
    pool.close()
    return statistics.median(direct), statistics.median(worker)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3, help="rounds of the crash triggers")
    parser.add_argument("--generated", type=int, default=200, help="generated SERVICE queries")
    parser.add_argument("--rounds", type=int, default=10, help="rounds of 2 runaway queries at once")
    args = parser.parse_args()
    import processes  # noqa: PLC0415

    processes.pytest = _Pytest
    work = Path(tempfile.mkdtemp(prefix="sparql-safety-"))
    with open_store(str(work / "store")) as store:
        build(store)
    oxigraph = OxigraphServer(work / "oxigraph").start()
    with open_store(oxigraph.url) as remote:
        build(remote)
    rows = []
    try:
        for name, spec, ox in (("embedded", str(work / "store"), None), ("remote Oxigraph", oxigraph.url, oxigraph)):
            with samverkan_serve(spec, work / f"{name}.log", "--query-timeout", "1") as (url, process):
                tried, refused, alive = crashes(url, process, ox, args.repeats)
                rows.append((f"crash triggers ({len(TRIGGERS)} kinds × {args.repeats}), {name}", tried,
                             f"{refused} refused with 400; server{' and Oxigraph' if ox else ''} "
                             f"{'up' if alive else 'DOWN'}"))
                tried, refused, connections = services(url, args.generated)
                rows.append((f"SERVICE forms (16 written + {args.generated} generated), {name}", tried,
                             f"{refused} refused with 400; {connections} connections reached the listener"))
                if ox is None:
                    tried, stopped, answered, cpu = timeouts(url, process, args.rounds)
                    rows.append((f"runaway queries, 2 at once, 1 s limit, {name}", tried,
                                 f"{stopped} stopped with 503; next query {'answered' if answered else 'FAILED'}; "
                                 f"{cpu:.2f} s CPU in the next 2 s"))
    finally:
        oxigraph.stop()
    direct, worker = hop(500)
    rows.append(("one small ASK on the seed graph: in-process vs worker process (median of 500)", 500,
                 f"{direct * 1000:.2f} ms vs {worker * 1000:.2f} ms (+{(worker - direct) * 1000:.2f} ms per query)"))
    print("| what was tried | how many | result |\n|---|---|---|")
    for what, count, result in rows:
        print(f"| {what} | {count} | {result} |")


if __name__ == "__main__":
    main()
