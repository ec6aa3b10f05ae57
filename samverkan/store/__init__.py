"""Open a store from a spec: a folder path (embedded, default ./var/store), `:memory:`, or an http(s) URL.

For an http(s) URL the remote store's options come from keyword arguments, else from the
environment: SAMVERKAN_STORE_KIND (oxigraph, fuseki, graphdb, generic), SAMVERKAN_QUERY_URL,
SAMVERKAN_UPDATE_URL, SAMVERKAN_GSP_URL, SAMVERKAN_USER + SAMVERKAN_PASSWORD (basic auth),
SAMVERKAN_TOKEN (bearer), SAMVERKAN_TIMEOUT (seconds per request), SAMVERKAN_RETRIES,
SAMVERKAN_UPDATE_BYTES (largest update request a build sends). An embedded store writes at most
SAMVERKAN_BATCH_TRIPLES triples (default 100000) per transaction.
"""

from __future__ import annotations

import os

from .base import QueryTimeout, SelectResult, Store, bind_values
from .embedded import EmbeddedStore, QueryError, StoreInUse, writing_briefly

DEFAULT_STORE = "var/store"

__all__ = ["QueryTimeout", "Store", "SelectResult", "EmbeddedStore", "QueryError", "bind_values", "open_store", "store_spec",
           "StoreInUse", "writing_briefly"]


def store_spec(spec: str | None = None) -> str:
    """The store to use: the given spec, else $SAMVERKAN_STORE, else ./var/store."""
    return spec or os.environ.get("SAMVERKAN_STORE") or DEFAULT_STORE


def open_store(spec: str | None = None, read_only: bool = False, *, in_memory: bool = False, **remote_options) -> Store:
    """Open the store named by `spec` (see store_spec); `in_memory` with `read_only`: an on-disk embedded store
    also copied into memory in the background (EmbeddedStore)."""
    spec = store_spec(spec)
    if spec.startswith(("http://", "https://")):
        from .remote import RemoteStore, remote_options_from_env  # noqa: PLC0415 - only needed for remote stores

        options = remote_options_from_env()
        options.update({k: v for k, v in remote_options.items() if v is not None})
        return RemoteStore(spec, **options)
    batch = _batch_from_env()
    if spec == ":memory:":
        return EmbeddedStore(None, max_batch_triples=batch)
    return EmbeddedStore(spec, read_only=read_only, max_batch_triples=batch, in_memory=in_memory)


def _batch_from_env() -> int | None:
    """$SAMVERKAN_BATCH_TRIPLES: most triples an embedded store writes in one transaction (default 100000)."""
    text = os.environ.get("SAMVERKAN_BATCH_TRIPLES")
    if not text:
        return None
    try:
        return max(1, int(text))
    except ValueError:
        from ..errors import StoreError  # noqa: PLC0415

        raise StoreError(f"SAMVERKAN_BATCH_TRIPLES={text!r} is not a number") from None
