"""A `samverkan serve` (or `oxigraph serve`) process for a benchmark step: started, waited for, measured, stopped.

    with Server(store, mode="default") as server:      # mode: a flag of `samverkan serve` (--on-disk, --in-memory)
        server.first_answer_s, server.url("/api/agreements")
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from functools import lru_cache
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: what the server is asked until it answers: the cheapest API request
PROBE = "/api/agreements?limit=1"


class ServerError(RuntimeError):
    """The server did not start or did not answer: the step fails with this message."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@lru_cache(maxsize=1)
def serve_help() -> str:
    return subprocess.run([sys.executable, "-c", "from samverkan.cli import main; main()", "serve", "--help"],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "COLUMNS": "200"}).stdout


def serve_modes() -> list[str]:
    """The serving modes of this version: the default, and --in-memory / --on-disk where `serve --help` has them."""
    text = serve_help()
    return ["default"] + [flag for flag in ("--in-memory", "--on-disk") if flag in text]


def settled_rss_mb(pid: int, most_s: float = 60.0) -> tuple[float, float, float]:
    """(RSS, RSS with children, seconds waited) once memory stops growing: three readings a second apart within
    2 MB of each other (a copy loading in the background has then finished), or after `most_s`."""
    readings = []
    started = time.monotonic()
    while time.monotonic() - started < most_s:
        readings.append(rss_mb(pid))
        if len(readings) >= 3 and max(r[1] for r in readings[-3:]) - min(r[1] for r in readings[-3:]) < 2:
            break
        time.sleep(1.0)
    return (*readings[-1], time.monotonic() - started)


def rss_mb(pid: int) -> tuple[float, float]:
    """(the process's resident memory, with its child processes) in MB."""
    import psutil

    proc = psutil.Process(pid)
    own = proc.memory_info().rss
    children = sum(c.memory_info().rss for c in proc.children(recursive=True) if c.is_running())
    return own / 2**20, (own + children) / 2**20


class Server:
    """`samverkan serve --store STORE [mode]` on a free loopback port; `first_answer_s` is the time from the
    process's start to the first answered PROBE."""

    def __init__(self, store: str, mode: str = "default", timeout: float = 120, env: dict | None = None):
        self.store, self.mode, self.timeout = store, mode, timeout
        self.port = free_port()
        self.env = {**os.environ, **(env or {})}
        self.proc: subprocess.Popen | None = None
        self.first_answer_s: float | None = None
        self.peak_mb: float | None = None

    def command(self) -> list[str]:
        cmd = [sys.executable, "-c", "from samverkan.cli import main; main()", "--store", self.store, "serve",
               "--host", "127.0.0.1", "--port", str(self.port)]
        return cmd + ([self.mode] if self.mode != "default" else [])

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> "Server":
        import httpx

        self.log = tempfile.TemporaryFile()  # a file, not a pipe: a server that logs much must never block on it
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(self.command(), stdout=subprocess.DEVNULL, stderr=self.log, cwd=REPO,
                                     env=self.env, start_new_session=True)
        deadline = time.monotonic() + self.timeout
        with httpx.Client(timeout=self.timeout) as client:
            while time.monotonic() < deadline:
                try:
                    if client.get(self.url(PROBE)).status_code == 200:
                        self.first_answer_s = time.perf_counter() - self.started
                        return self
                except httpx.HTTPError:
                    pass
                if self.proc.poll() is not None:
                    raise ServerError("samverkan serve exited: " + self.stderr()[-300:])
                time.sleep(0.02)
        self.__exit__(None, None, None)
        raise ServerError(f"samverkan serve did not answer within {self.timeout:.0f} s")

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def since_start(self) -> float:
        return time.perf_counter() - self.started

    def __exit__(self, *exc) -> None:
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            _, _, usage = os.wait4(self.proc.pid, 0)
            self.peak_mb = usage.ru_maxrss / 1024
        except ChildProcessError:
            self.proc.wait(10)
        try:  # workers the server started, should any outlive it
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc = None
        self.log.close()


class OxigraphServer:
    """`oxigraph serve` (in memory, loaded over the Graph Store protocol) or `oxigraph serve-read-only --location`."""

    def __init__(self, location: str | None = None, nquads: str | None = None, extra: list[str] | None = None):
        self.location, self.nquads, self.extra = location, nquads, extra or []
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def __enter__(self) -> "OxigraphServer":
        import httpx

        binary = str(Path(sys.executable).with_name("oxigraph"))
        if not Path(binary).is_file():
            raise ServerError("the oxigraph server is not installed (pip install oxigraph)")
        cmd = [binary, "serve-read-only", "--location", self.location] if self.location else [binary, "serve"]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(cmd + self.extra + ["--bind", f"127.0.0.1:{self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=self.log, start_new_session=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                httpx.get(self.url("/query"), params={"query": "ASK {}"}, timeout=5)
                break
            except httpx.HTTPError:
                if self.proc.poll() is not None:
                    self.log.seek(0)
                    raise ServerError("oxigraph serve exited: " + self.log.read().decode(errors="replace")[-300:])
                time.sleep(0.05)
        if self.nquads:
            with open(self.nquads, "rb") as body:
                r = httpx.post(self.url("/store"), content=body, headers={"Content-Type": "application/n-quads"}, timeout=600)
            if r.status_code >= 300:
                raise ServerError(f"oxigraph serve refused the data: {r.status_code} {r.text[:200]}")
        return self

    def __exit__(self, *exc) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(30)
            self.proc = None
            self.log.close()
