"""Load with distinct URLs: N client threads take the next URL of a list in turn until every URL was asked once
(one pass) or the time cap passed; and the old one-URL load for a bounded time.

A pass over all URLs right after the server started asks each one for the first time (cache misses); the
second pass asks them all again (what the server's caches keep: hits).
"""

from __future__ import annotations

import threading
import time


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary(latencies: list[float], statuses: dict, elapsed: float, asked: int, total: int, capped: bool) -> dict:
    return {"requests": len(latencies), "rps": len(latencies) / elapsed if elapsed else 0.0,
            "p50": pct(latencies, 50), "p99": pct(latencies, 99), "statuses": {str(k): v for k, v in statuses.items()},
            "distinct": total, "asked": asked, "capped": capped, "elapsed_s": elapsed}


def one_pass(urls: list[str], clients: int, cap_s: float) -> dict:
    """Every URL once, `clients` threads taking the next in turn; stops early (and says so) after `cap_s`."""
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    position = iter(range(len(urls)))
    stop = time.monotonic() + cap_s
    capped = threading.Event()

    def worker():
        with httpx.Client(timeout=60) as client:
            while True:
                with lock:
                    i = next(position, None)
                if i is None:
                    return
                if time.monotonic() > stop:
                    capped.set()
                    return
                t = time.perf_counter()
                try:
                    code = client.get(urls[i]).status_code
                except httpx.HTTPError as exc:
                    code = type(exc).__name__
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    statuses[code] = statuses.get(code, 0) + 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - start
    return summary(latencies, statuses, elapsed, len(latencies), len(urls), capped.is_set())


def one_url(url: str, clients: int, seconds: float) -> dict:
    """`clients` threads asking the same URL for `seconds` (all but the first are cache hits)."""
    import httpx

    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker():
        with httpx.Client(timeout=60) as client:
            while time.monotonic() < stop:
                t = time.perf_counter()
                code = client.get(url).status_code
                dt = time.perf_counter() - t
                with lock:
                    latencies.append(dt)
                    statuses[code] = statuses.get(code, 0) + 1

    start = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - start
    return summary(latencies, statuses, elapsed, len(latencies), 1, False)


def sequential(urls: list[str], repeats: int) -> dict:
    """One client: each URL asked in turn, `repeats` rounds after one warm-up round; p50/p95 of the timed ones."""
    import httpx

    times: list[float] = []
    statuses: dict[int, int] = {}
    first: float | None = None
    with httpx.Client(timeout=120) as client:
        for round_ in range(repeats + 1):
            for url in urls:
                t = time.perf_counter()
                code = client.get(url).status_code
                dt = time.perf_counter() - t
                if round_ == 0:
                    first = dt if first is None else first
                    continue
                times.append(dt)
                statuses[code] = statuses.get(code, 0) + 1
    return {"p50": pct(times, 50), "p95": pct(times, 95), "first_s": first, "requests": len(times),
            "statuses": {str(k): v for k, v in statuses.items()}}
