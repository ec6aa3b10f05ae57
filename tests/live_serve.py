"""`samverkan serve` in a subprocess on a free loopback port, for tests about what a running server does."""

from __future__ import annotations

import contextlib
import os
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from oxigraph_server import free_port
from processes import running


@contextlib.contextmanager
def samverkan_serve(store: str, log: Path, *args: str, env: dict | None = None):
    """Serve `store` (a folder or an http URL) until the block ends; yields (base URL, process)."""
    port = free_port()
    command = [sys.executable, "-c", "from samverkan.cli import main; main()", "serve", "--host", "127.0.0.1",
               "--port", str(port), "--store", store, *args]
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SAMVERKAN_")}
    environment.update(env or {})
    url = f"http://127.0.0.1:{port}"
    with running(command, f"{url}/api/agreements", log, env=environment) as process:
        yield url, process


def post_query(url: str, query: str, timeout: float = 60, token: str | None = None,
               update: bool = False) -> tuple[int, str]:
    """POST a query (or update) to /sparql as its own body; the status and the body's text."""
    headers = {"Content-Type": "application/sparql-update" if update else "application/sparql-query",
               "Accept": "application/sparql-results+json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(f"{url}/sparql", data=query.encode(), headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def get_query(url: str, query: str, timeout: float = 60) -> tuple[int, str]:
    """GET /sparql?query=…; the status and the body's text."""
    full = f"{url}/sparql?" + urllib.parse.urlencode({"query": query})
    try:
        with urllib.request.urlopen(urllib.request.Request(full, headers={"Accept": "application/sparql-results+json"}),
                                    timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
