"""Load on distinct resources, the way users arrive: 8 clients asking for every agreement in turn, each URL once per round, against a real `samverkan serve`. Prints req/s, p50 and p99 per kind,
with the first round (cache misses) and a second round (cache hits) as separate rows.

    python -m bench.load_resources --store var/store-1m [--on-disk] [--clients 8] [--limit N] [--kinds api,html]

The server is started on a free loopback port and stopped at the end."""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(store: str, on_disk: bool) -> tuple[subprocess.Popen, str, float]:
    port = free_port()
    command = [str(Path(sys.executable).with_name("samverkan")), "serve", "--store", store, "--port", str(port)]
    process = subprocess.Popen(command + (["--on-disk"] if on_disk else []), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, env={**os.environ, "SAMVERKAN_WRITE_TOKEN": ""})
    url, started = f"http://127.0.0.1:{port}", time.perf_counter()
    while time.perf_counter() - started < 120:
        try:
            if httpx.get(url + "/api/agreements?limit=1", timeout=60).status_code == 200:
                return process, url, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.05)
    process.kill()
    raise SystemExit("the server did not answer within 120 s")


def run(url: str, paths: list[str], clients: int) -> tuple[float, list[float], int]:
    """Every path once, `clients` threads taking the next one in turn: (seconds, latencies, errors)."""
    latencies: list[float] = []
    errors = [0]
    index = iter(range(len(paths)))
    lock = threading.Lock()

    def client():
        with httpx.Client(base_url=url, timeout=120) as http:
            while True:
                with lock:
                    n = next(index, None)
                if n is None:
                    return
                started = time.perf_counter()
                ok = http.get(paths[n]).status_code == 200
                took = time.perf_counter() - started
                with lock:
                    latencies.append(took)
                    errors[0] += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - started, latencies, errors[0]


def row(name: str, seconds: float, latencies: list[float], errors: int) -> str:
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return (f"| {name} | {len(latencies)} | {len(latencies) / seconds:.1f} | {statistics.median(ordered) * 1000:.0f} | "
            f"{p99 * 1000:.0f} | {errors} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", default="var/store-1m")
    parser.add_argument("--on-disk", action="store_true")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--limit", type=int, default=0, help="at most this many resources of each kind (0: all)")
    parser.add_argument("--kinds", default="api,html")
    args = parser.parse_args()
    process, url, up = start(args.store, args.on_disk)
    try:
        slugs: list[str] = []
        while True:
            items = httpx.get(f"{url}/api/agreements?limit=1000&offset={len(slugs)}", timeout=600).json()["items"]
            if not items:
                break
            slugs += [a["slug"] for a in items]
        if args.limit:
            slugs = slugs[: args.limit]
        print(f"server up in {up:.2f} s ({'on disk' if args.on_disk else 'in memory'}), {len(slugs)} agreements, "
              f"{args.clients} clients, load average {os.getloadavg()[0]:.2f}")
        print("| what | requests | req/s | p50 ms | p99 ms | errors |\n|---|---|---|---|---|---|")
        for kind in args.kinds.split(","):
            paths = [f"/api/agreements/{s}" if kind == "api" else f"/agreements/{s}" for s in slugs]
            for label in ("first round (misses)", "second round (hits)"):
                print(row(f"agreements {kind}, {label}", *run(url, paths, args.clients)), flush=True)
        print(f"load average at the end {os.getloadavg()[0]:.2f}")
    finally:
        process.terminate()
        process.wait(timeout=30)


if __name__ == "__main__":
    main()
