"""Start and stop a real Oxigraph SPARQL server (from the `oxigraph` PyPI package) for tests."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from processes import stop


def oxigraph_binary() -> str | None:
    """The `oxigraph` command beside this Python (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve --location DIR --bind 127.0.0.1:PORT`, restartable on the same folder and port."""

    def __init__(self, location: Path, port: int | None = None):
        self.location = Path(location)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.log = self.location.parent / f"{self.location.name}-oxigraph.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> OxigraphServer:
        binary = oxigraph_binary()
        if binary is None:
            raise RuntimeError("the `oxigraph` command is not installed (pip install oxigraph)")
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [binary, "serve", "--location", str(self.location), "--bind", f"127.0.0.1:{self.port}"],
                stdout=log, stderr=subprocess.STDOUT,
            )
        limit = time.monotonic() + timeout
        while time.monotonic() < limit:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}: {self.log.read_text()[-500:]}")
            try:
                with urllib.request.urlopen(f"{self.url}/query?query=ASK%7B%7D", timeout=1):
                    return self
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer on {self.url} within {timeout} s")

    def stop(self, kill: bool = False) -> None:
        """Stop the server (SIGKILL with kill=True, like a crash) and wait until it is gone."""
        if self.process is None:
            return
        stop(self.process, kill=kill)
        self.process = None

    def restart(self) -> OxigraphServer:
        self.stop()
        return self.start()

    def __enter__(self) -> OxigraphServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
