"""Issue 16 item 3: a query past the time limit really stops, and its slot is free again.

Before, the 503 said "stopped" while the query kept a core busy in a thread pool; four of them made every
/sparql request answer 503 until a restart. Now queries on the embedded store run in worker processes and a
worker whose query passes the limit is killed. Checked on a real `samverkan serve` with a 1 s limit.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from live_serve import post_query, samverkan_serve

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"  # 3,264³ rows: hours of work
LPO_BORAS = "ASK { <https://w3id.org/samverkan/id/org/polisen/lpo-boras> ?p ?o }"


def _cpu_seconds(process: psutil.Process) -> float:
    """CPU time used so far by the server and every process below it."""
    total = 0.0
    for p in [process, *process.children(recursive=True)]:
        try:
            times = p.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


@pytest.mark.server
def test_timed_out_queries_stop_and_free_their_slots(built_store_dir, tmp_path):
    """Issue 16 item 3: after 6 timed-out queries (3 rounds of 2 at once) the next query is answered
    normally, and the server's processes are idle again."""
    with samverkan_serve(str(built_store_dir), tmp_path / "serve.log", "--query-timeout", "1",
                         env={"SAMVERKAN_QUERY_WORKERS": "2"}) as (url, process):
        server = psutil.Process(process.pid)
        for _ in range(3):
            with ThreadPoolExecutor(2) as pool:
                answers = list(pool.map(lambda q: post_query(url, q), [RUNAWAY, RUNAWAY]))
            for status, body in answers:
                assert status == 503, body
                assert "time limit of 1 s" in body
        status, body = post_query(url, LPO_BORAS)
        assert status == 200, body
        assert json.loads(body)["boolean"] is True
        time.sleep(0.5)  # let the last answer's bookkeeping finish
        before = _cpu_seconds(server)
        time.sleep(2)
        used = _cpu_seconds(server) - before
        assert used < 0.5, f"the server used {used:.2f} s of CPU in 2 s of idling: a query is still running"
        assert process.poll() is None


@pytest.mark.server
def test_a_crash_inside_the_engine_costs_one_answer_not_the_server(built_store_dir, tmp_path):
    """Issue 16 item 3 (and 1): a worker that dies is replaced; the request gets a clear 500 and the next one works.
    A worker is killed from outside here, as a segfault would end it."""
    with samverkan_serve(str(built_store_dir), tmp_path / "serve.log", "--query-timeout", "30",
                         env={"SAMVERKAN_QUERY_WORKERS": "1"}) as (url, process):
        assert post_query(url, LPO_BORAS)[0] == 200  # the worker exists now
        server = psutil.Process(process.pid)
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(post_query, url, RUNAWAY)
            deadline = time.monotonic() + 10
            workers = []
            while not workers and time.monotonic() < deadline:
                workers = [p for p in server.children() if p.cpu_percent(interval=0.2) > 20]
            assert workers, "no worker process got busy with the query"
            workers[0].kill()
            status, body = pending.result(timeout=30)
        assert status == 500, body
        assert "crashed" in body and "still running" in body
        status, body = post_query(url, LPO_BORAS)
        assert status == 200 and json.loads(body)["boolean"] is True, body
