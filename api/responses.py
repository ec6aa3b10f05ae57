"""Response bodies shared by the JSON routers: JSON bytes, cached per store state."""

from __future__ import annotations

import json

from fastapi.responses import Response

from samverkan import resources

#: largest response (bytes) kept in the cache; larger ones (whole-country lists) are computed each time
MAX_CACHED_BYTES = 1_000_000


def json_bytes(value) -> bytes:
    """`value` as JSON the way FastAPI's JSONResponse writes it (UTF-8, compact); a value with a to_json()
    method (a validation report, a query result) as the data that method gives."""
    data = value.to_json() if hasattr(value, "to_json") else value
    return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")


def cached_bytes(store, key: tuple, compute) -> bytes:
    """compute() → bytes, kept per store state when not too large (samverkan.resources.cached)."""
    return resources.cached(store, key, compute, keep=lambda data: len(data) <= MAX_CACHED_BYTES)


def cached_json(store, key: tuple, compute) -> Response:
    """A JSON response of compute()'s value, computed once per store state (see cached_bytes)."""
    return Response(cached_bytes(store, ("json", *key), lambda: json_bytes(compute())), media_type="application/json")
