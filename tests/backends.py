"""The store back ends the store-dependent tests run on, and how to get the seed graph into each.

"remote" is a real Oxigraph server (`oxigraph serve` from the PyPI package) on a free loopback
port; "virtuoso" a real Virtuoso server (Debian's `virtuoso-opensource`), skipped with the reason
where it cannot start. A server is stopped when its store is closed (or at exit). The seed store
of each server back end is built once per session and shared: it is read-only by convention.
"""

from __future__ import annotations

import atexit
from pathlib import Path

import pytest

from oxigraph_server import OxigraphServer, oxigraph_binary
from samverkan.build import build
from samverkan.store import EmbeddedStore, Store
from samverkan.store.remote import RemoteStore
from samverkan.summaries.graphs import is_summary_graph
from virtuoso_server import VirtuosoServer, virtuoso_missing

BACKENDS = ["embedded", "remote", "virtuoso"]
SERVER_BACKENDS = ["remote", "virtuoso"]
VIRTUOSO_KNOWN_FAILURES = Path(__file__).with_name("virtuoso_known_failures.txt")


def pytest_collection_modifyitems(items) -> None:
    """Mark the tests listed in virtuoso_known_failures.txt as strict xfail (conftest.py imports this hook)."""
    lines = VIRTUOSO_KNOWN_FAILURES.read_text(encoding="utf-8").splitlines()
    known = {line.strip() for line in lines if line.strip() and not line.startswith("#")}
    reason = ("Virtuoso 7.2 cannot answer a query this test needs, or answers it differently "
              "(tests/virtuoso_known_failures.txt, docs/remote-store.md)")
    for item in items:
        if item.nodeid in known:
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))


class ServedRemoteStore(RemoteStore):
    """A RemoteStore that owns its server: closing the store stops the server."""

    def __init__(self, server: OxigraphServer | VirtuosoServer, **options):
        atexit.register(server.stop)  # first: the server is stopped at exit even if the store cannot be made
        super().__init__(server.url, **options)
        self.server = server

    def close(self) -> None:
        self.server.stop()


class SharedSeedStore(ServedRemoteStore):
    """A session-wide seed store: close() leaves the server running for the next user; it stops at exit."""

    def close(self) -> None:
        pass


def start_remote_store(tmp_path_factory, store_class=ServedRemoteStore, **options) -> ServedRemoteStore:
    """An empty Oxigraph server on disk in a fresh temporary folder, and a store talking to it."""
    if oxigraph_binary() is None:
        pytest.skip("the `oxigraph` server command is not installed (it comes with `pip install oxigraph`, see make test)")
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    return store_class(server, **options)


_VIRTUOSO_FAILED: list[str] = []  # why Virtuoso could not start, once it failed: later tests skip at once


def start_virtuoso(tmp_path_factory, **server_options) -> VirtuosoServer:
    """A fresh Virtuoso server in a temporary folder, or skip saying why it cannot run here."""
    reason = virtuoso_missing() or (_VIRTUOSO_FAILED[0] if _VIRTUOSO_FAILED else None)
    if reason:
        pytest.skip(reason)
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"), **server_options)
    atexit.register(server.stop)  # also when a test using it fails before stopping it
    try:
        return server.start()
    except RuntimeError as exc:
        _VIRTUOSO_FAILED.append(f"Virtuoso is installed but could not start here: {exc}")
        pytest.skip(_VIRTUOSO_FAILED[0])


def start_virtuoso_store(tmp_path_factory, store_class=ServedRemoteStore, **options) -> ServedRemoteStore:
    """An empty Virtuoso server and a store talking to it, allowed to write non-atomically (a scratch server)."""
    options.setdefault("allow_non_atomic", True)
    return store_class(start_virtuoso(tmp_path_factory), kind="virtuoso", **options)


def start_server_store(backend: str, tmp_path_factory, **options) -> ServedRemoteStore:
    """An empty store on a fresh server of the given back end ("remote" or "virtuoso")."""
    if backend == "remote":
        return start_remote_store(tmp_path_factory, **options)
    if backend == "virtuoso":
        return start_virtuoso_store(tmp_path_factory, **options)
    raise ValueError(f"unknown server back end {backend}")


_SHARED: dict[str, Store] = {}


def seed_store_for(backend: str, tmp_path_factory) -> Store:
    """A store holding the seed graph (graph/), on the given back end."""
    if backend == "embedded":
        store = EmbeddedStore(None)
        build(store)
        return store
    if backend not in SERVER_BACKENDS:
        raise ValueError(f"unknown back end {backend}")
    if backend not in _SHARED:
        store = start_server_store(backend, tmp_path_factory, store_class=SharedSeedStore)
        build(store)
        _SHARED[backend] = store
    return _SHARED[backend]


def without_summaries_on_virtuoso(remote: Store, graphs: list[str]) -> list[str]:
    """The graphs to compare with an embedded build: on Virtuoso, which cannot run the validation checks, a build
    stores no summary graphs (BuildReport.summary_error says why), so those are left out of the comparison."""
    if getattr(getattr(remote, "endpoints", None), "kind", None) != "virtuoso":
        return graphs
    return [g for g in graphs if not is_summary_graph(g)]
