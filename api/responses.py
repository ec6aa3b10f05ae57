"""Response bodies shared by the JSON routers (JSON bytes, cached per store state) and how the OpenAPI
description documents their errors and media types."""

from __future__ import annotations

import json

from fastapi.responses import Response
from pydantic import BaseModel, Field

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


# --- What the OpenAPI description says the routes answer (checked by tests/test_openapi.py) ---------------


class ErrorDetail(BaseModel):
    """Why a request was refused: `error` names the kind, `message` says it for a person; a failed lookup
    also gives what was looked up (`kind`, `value`) and the `candidates` that come close."""

    error: str = Field(examples=["not found"])
    message: str
    kind: str | None = None
    value: str | None = None
    candidates: list[str] | None = None


class ErrorBody(BaseModel):
    """The body of a 4xx answer from the JSON API; a path no route takes (e.g. with a line break in it) gets
    the framework's plain `{"detail": "Not Found"}`."""

    detail: ErrorDetail | str


def _error(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


NOT_FOUND = {404: _error("Nothing in the graph is called that (the answer lists close candidates).")}
AMBIGUOUS = {409: _error("More than one thing has that name; the answer lists them (use an IRI or a slug).")}
#: a route that looks an identifier up in the graph
LOOKUP = {**NOT_FOUND, **AMBIGUOUS}


def content(*media_types: str, binary: tuple[str, ...] = ()) -> dict:
    """An OpenAPI `content` object: these media types (any JSON for …json, else text), `binary` ones as bytes."""
    out = {media: {"schema": {} if media.endswith("json") else {"type": "string"}} for media in media_types}
    out.update({media: {"schema": {"type": "string", "format": "binary"}} for media in binary})
    return out


def _sparql_responses() -> tuple[dict, dict]:
    """The answers /sparql documents for GET and POST: results and graphs by Accept, refusals as text/plain."""
    from . import sparql_results as fmt  # noqa: PLC0415 - pyoxigraph formats, read once when the routes are made

    def refused(description: str) -> dict:
        return {"description": description, "content": content("text/plain")}

    answer = {"description": "SELECT/ASK results or a graph (CONSTRUCT/DESCRIBE) in the format the Accept header "
                             "asks for; with no query, the service description (RDF, or HTML for a browser).",
              "content": content(*dict.fromkeys([*fmt.SOLUTION_TYPES, *fmt.GRAPH_TYPES, "text/html"]))}
    query = {200: answer,
             400: refused("Malformed SPARQL, SERVICE (this server makes no outgoing requests), a dataset IRI that "
                          "is not an IRI, a parameter given twice, or an update sent with GET."),
             406: refused("None of the result formats the Accept header allows is available."),
             503: refused("The query ran past the time limit and was stopped (Retry-After says when to try again).")}
    post = {**query,
            204: {"description": "The update was applied."},
            400: refused(query[400]["description"] + " Also: no query or update in the request, or both."),
            401: refused("An update without 'Authorization: Bearer <token>'."),
            403: refused("Updates are off (no write token is configured) or the token does not allow them."),
            413: refused("The request body is larger than the limit."),
            415: refused("A body that is not a form, application/sparql-query or application/sparql-update (UTF-8).")}
    return query, post


SPARQL_GET, SPARQL_POST = _sparql_responses()
