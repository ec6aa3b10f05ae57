"""The store back ends the store-dependent tests run on, and how to get the seed graph into each.

"remote" is a real Oxigraph server (`oxigraph serve` from the PyPI package) on a free loopback
port, started for the session and stopped when its store is closed (or at exit).
"""

from __future__ import annotations

import atexit

import pytest

from oxigraph_server import OxigraphServer, oxigraph_binary
from samverkan.build import build
from samverkan.store import EmbeddedStore, Store
from samverkan.store.remote import RemoteStore

BACKENDS = ["embedded", "remote"]


class ServedRemoteStore(RemoteStore):
    """A RemoteStore that owns its server: closing the store stops the server."""

    def __init__(self, server: OxigraphServer, **options):
        super().__init__(server.url, **options)
        self.server = server
        atexit.register(server.stop)

    def close(self) -> None:
        self.server.stop()


def start_remote_store(tmp_path_factory, **options) -> ServedRemoteStore:
    """An empty Oxigraph server on disk in a fresh temporary folder, and a store talking to it."""
    if oxigraph_binary() is None:
        pytest.skip("the `oxigraph` server command is not installed (it comes with `pip install oxigraph`, see make test)")
    server = OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "db").start()
    return ServedRemoteStore(server, **options)


def seed_store_for(backend: str, tmp_path_factory) -> Store:
    """A store holding the seed graph (graph/), on the given back end."""
    if backend == "embedded":
        store = EmbeddedStore(None)
        build(store)
        return store
    if backend == "remote":
        store = start_remote_store(tmp_path_factory)
        build(store)
        return store
    raise ValueError(f"unknown back end {backend}")
