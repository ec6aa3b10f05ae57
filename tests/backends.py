"""The store back ends the store-dependent tests run on, and how to get the seed graph into each."""

from __future__ import annotations

from samverkan.build import build
from samverkan.store import EmbeddedStore, Store

BACKENDS = ["embedded"]


def seed_store_for(backend: str, tmp_path_factory) -> Store:
    """A store holding the seed graph (graph/), on the given back end."""
    if backend == "embedded":
        store = EmbeddedStore(None)
        build(store)
        return store
    raise ValueError(f"unknown back end {backend}")
