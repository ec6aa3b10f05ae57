"""The SPARQL 1.1 Protocol endpoint at /sparql: queries (GET or POST), updates (POST, with a bearer token),
and a service description on a bare GET. Mount `router` in any app that provides get_store/get_settings."""

from __future__ import annotations

import asyncio
import hmac
import html
import re
import time
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Sequence
from typing import Annotated
from urllib.parse import parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from starlette.datastructures import MultiDict

from samverkan import resources
from samverkan.errors import SamverkanError, StoreError
from samverkan.labels import labels
from samverkan.sparql_guard import LOAD, MAX_LENGTH, SERVICE, QueryTooComplex, check_bounds, may_ask_for
from samverkan.sparql_pool import PoolBusy, WorkerCrashed, WorkerFailed, WorkerPool, WorkerTimeout, pool_for
from samverkan.store import EmbeddedStore, QueryTimeout, SelectResult, Store
from samverkan.store.base import strip_comments_and_strings

from .. import sparql_results as fmt
from ..dependencies import SettingsDep, StoreDep, get_settings, get_store
from ..responses import SPARQL_GET, SPARQL_POST
from ..settings import Settings

router = APIRouter(tags=["SPARQL"])

# Queries on a remote store wait here (the HTTP request ends at the deadline); embedded stores answer from
# worker processes (samverkan.sparql_pool), which are killed at the deadline.
_EXECUTOR = ThreadPoolExecutor(max_workers=4, thread_name_prefix="sparql")

SD = "http://www.w3.org/ns/sparql-service-description#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_KEYWORD = r"(?<![?$:\w])({})(?![\w:])"
_USING_WITH = re.compile(_KEYWORD.format("USING|WITH"), re.IGNORECASE)
_WHERE = re.compile(_KEYWORD.format("WHERE"), re.IGNORECASE)


class ProtocolError(Exception):
    """A request the endpoint refuses: HTTP status and a message for the client."""

    def __init__(self, status: int, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers or {}


def _error(exc: ProtocolError) -> Response:
    return Response(exc.message + "\n", status_code=exc.status, media_type="text/plain; charset=utf-8",
                    headers=exc.headers)


_POST_DOC = {"requestBody": {"content": {
    "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "query": {"type": "string"}, "update": {"type": "string"},
        "default-graph-uri": {"type": "array", "items": {"type": "string"}},
        "named-graph-uri": {"type": "array", "items": {"type": "string"}},
        "using-graph-uri": {"type": "array", "items": {"type": "string"}},
        "using-named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
    "application/sparql-query": {"schema": {"type": "string"}},
    "application/sparql-update": {"schema": {"type": "string"}}}}}


@router.get("/sparql", summary="SPARQL query (or the service description when there is no query)",
            responses=SPARQL_GET)
async def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description="A SPARQL 1.1 query.")] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri",
                                                         description="Default graph(s) of the dataset.")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri",
                                                       description="Named graph(s) of the dataset.")] = None,
) -> Response:
    """Run a query given as `?query=`. With no query, describe the service (RDF, or HTML for browsers).
    Results by Accept: SPARQL JSON (default), XML, CSV, TSV; graphs as Turtle (default), N-Triples, JSON-LD, RDF/XML."""
    try:
        params = request.query_params
        if params.getlist("update"):
            raise ProtocolError(400, "SPARQL updates must be sent with POST (form field 'update' or an "
                                     "application/sparql-update body), not with GET.")
        queries = params.getlist("query")
        if not queries:
            return _service_description(request, store, settings)
        return await _run_query(request, store, settings, _single("query", queries), params)
    except ProtocolError as exc:
        return _error(exc)


@router.post("/sparql", summary="SPARQL query or update", openapi_extra=_POST_DOC, responses=SPARQL_POST)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """A query or an update, as a form (`query=` / `update=`) or as an application/sparql-query or
    application/sparql-update body. Updates need `Authorization: Bearer <token>` and are off unless a token is configured."""
    try:
        params, query, update = await _post_params(request, settings)
        queries = params.getlist("query") + ([query] if query is not None else [])
        updates = params.getlist("update") + ([update] if update is not None else [])
        if queries and updates:
            raise ProtocolError(400, "a request carries either a query or an update, not both")
        if updates:
            return await _run_update(request, store, settings, _single("update", updates), params)
        if queries:
            return await _run_query(request, store, settings, _single("query", queries), params)
        raise ProtocolError(400, "no SPARQL query or update in the request (expected the form field 'query' "
                                 "or 'update', or an application/sparql-query or application/sparql-update body)")
    except ProtocolError as exc:
        return _error(exc)


def _single(name: str, values: list[str]) -> str:
    if len(values) > 1:
        raise ProtocolError(400, f"the parameter '{name}' was given {len(values)} times; give exactly one")
    return values[0]


async def _read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise ProtocolError(413, f"request body of {declared} bytes is larger than the limit of {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise ProtocolError(413, f"request body is larger than the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(body: bytes, charset: str | None, what: str) -> str:
    if charset and charset.lower().replace("-", "") != "utf8":
        raise ProtocolError(415, f"{what} must be UTF-8, not {charset}")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(400, f"{what} is not valid UTF-8: {exc}") from exc


async def _post_params(request: Request, settings: Settings) -> tuple[MultiDict, str | None, str | None]:
    """URL parameters merged with form fields, plus a direct query or update body."""
    body = await _read_body(request, settings.max_body)
    raw_type = request.headers.get("content-type", "")
    media, _, rest = raw_type.partition(";")
    media = media.strip().lower()
    charset = next((v.strip().strip('"') for k, _, v in (p.partition("=") for p in rest.split(";"))
                    if k.strip().lower() == "charset"), None)
    items = list(request.query_params.multi_items())
    if media == "application/x-www-form-urlencoded":
        items += parse_qsl(_decode(body, charset, "the form"), keep_blank_values=True)
        return MultiDict(items), None, None
    if media == "application/sparql-query":
        return MultiDict(items), _decode(body, charset, "the query"), None
    if media == "application/sparql-update":
        return MultiDict(items), None, _decode(body, charset, "the update")
    if not body and not media:
        return MultiDict(items), None, None
    shown = f"'{raw_type}'" if raw_type else "no Content-Type"
    raise ProtocolError(415, f"cannot read a POST body with {shown}; send application/x-www-form-urlencoded, "
                             "application/sparql-query or application/sparql-update")


def _iris(params, name: str) -> list[str]:
    values = params.getlist(name)
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError as exc:
            raise ProtocolError(400, f"{name} {value!r} is not an IRI: {exc}") from exc
    return values


# -- queries -------------------------------------------------------------------------------------

async def _run_query(request: Request, store: Store, settings: Settings, query: str, params) -> Response:
    accept = request.headers.get("accept")
    select, graph = fmt.negotiate(accept, list(fmt.SOLUTION_TYPES)), fmt.negotiate(accept, list(fmt.GRAPH_TYPES))
    formats = {"select": fmt.SOLUTION_TYPES[select] if select else None,
               "graph": fmt.GRAPH_FORMAT_NAMES[fmt.GRAPH_TYPES[graph]] if graph else None}
    result = await run_query(store, settings, query, default_graphs=_iris(params, "default-graph-uri"),
                             named_graphs=_iris(params, "named-graph-uri"), endpoint=_endpoint(request),
                             formats=formats)
    if isinstance(result, Answer):
        return _answer_response(request, result, select, graph, settings.max_rows)
    return _query_response(request, result, settings.max_rows)


_NO_SERVICE = "SERVICE (federated query) is not allowed: this server makes no outgoing requests"
_NO_LOAD = ("LOAD is not allowed: this server makes no outgoing requests; send the data in the update "
            "(INSERT DATA) instead")
_CHECK_MESSAGE = ("the text names SERVICE or LOAD, and this server's SPARQL 1.1 parser (rdflib) could not read it to "
                  "check what it asks for, so it was not run (SERVICE and LOAD are not allowed here): {}")


def _bounded(text: str, max_length: int) -> None:
    try:
        check_bounds(text, max_length=max_length)
    except QueryTooComplex as exc:
        raise ProtocolError(400, exc.both()) from exc


def _refuse_outgoing(pool: WorkerPool, text: str, update: bool, deadline: float) -> None:
    """400 for SERVICE, 403 for LOAD, decided on rdflib's parse tree of the text (in a worker process)."""
    if not may_ask_for(text):
        return
    found = _in_worker(pool.features, text, update, deadline)
    if isinstance(found, str):
        raise ProtocolError(400, _CHECK_MESSAGE.format(_unshift(found)))
    if SERVICE in found:
        raise ProtocolError(400, _NO_SERVICE)
    if LOAD in found:
        raise ProtocolError(403, _NO_LOAD)


def _timed_out(timeout: float) -> ProtocolError:
    return ProtocolError(503, f"the query ran longer than the time limit of {timeout:g} s and was stopped; "
                              "make it more selective (add a LIMIT, or bind more variables)", {"Retry-After": "5"})


def _in_worker(call, *args, **kwargs):
    """Run a pool call; its failures as ProtocolErrors a client can act on."""
    try:
        return call(*args, **kwargs)
    except PoolBusy as exc:
        raise ProtocolError(503, "every query slot of this server stayed busy until the time limit; try again "
                                 "in a moment", {"Retry-After": "5"}) from exc
    except WorkerCrashed as exc:
        raise ProtocolError(500, f"the query engine crashed on this request ({exc}) and was restarted; the server "
                                 "is still running, but this request has no answer") from exc


class Answer(tuple):
    """A query's answer as the worker wrote it: (kind, format name, cut?, chunks of bytes); kind "ask" holds the
    boolean as its format, "unacceptable" a kind no accepted format fits."""


async def run_query(store: Store, settings: Settings, query: str, *, default_graphs: Sequence[str] = (),
                    named_graphs: Sequence[str] = (), endpoint: str | None = None,
                    formats: dict | None = None) -> SelectResult | bool | list | Answer:
    """Run any SPARQL query within settings.query_timeout seconds: on an embedded store in a worker process
    that is killed at the limit, on a remote store as an HTTP request that ends there. Nothing reaches a parser
    before check_bounds; SERVICE is refused from the parsed query. Relative IRIs resolve against `endpoint`.
    With `formats` ({"select": name, "graph": name}) an embedded store's worker writes the answer itself, at
    most settings.max_rows rows (an Answer); otherwise rows, a boolean or triples come back.
    Raises ProtocolError: 400 for SERVICE, a malformed or too complex query, 503 past the time limit or when
    every slot is busy, 500 when the engine crashed or the store fails."""
    _bounded(query, MAX_LENGTH)
    text = query if endpoint is None else _with_base(endpoint, query)
    timeout = settings.query_timeout
    deadline = time.monotonic() + timeout
    pool = pool_for(store, settings.query_workers)
    unshift = (lambda m: m) if endpoint is None else _unshift
    try:
        await run_in_threadpool(_refuse_outgoing, pool, text, False, deadline)
        if pool.runs_queries and formats is not None:
            answer = await run_in_threadpool(_in_worker, pool.answer, text, default_graphs=default_graphs,
                                             named_graphs=named_graphs, formats=formats,
                                             max_rows=settings.max_rows, deadline=deadline)
            return Answer(answer[1:]) if answer[0] == "answered" else Answer((answer[0], answer[1], False, []))
        if pool.runs_queries:
            return await run_in_threadpool(_in_worker, pool.query, text, default_graphs=default_graphs,
                                           named_graphs=named_graphs, deadline=deadline)
        future = _EXECUTOR.submit(store.sparql, text, default_graphs=default_graphs, named_graphs=named_graphs,
                                  deadline=deadline)
        return await asyncio.wait_for(asyncio.wrap_future(future), max(deadline - time.monotonic(), 0.001))
    except (asyncio.TimeoutError, QueryTimeout, WorkerTimeout) as exc:
        raise _timed_out(timeout) from exc
    except WorkerFailed as exc:
        if exc.kind == "syntax":
            raise ProtocolError(400, unshift(f"malformed SPARQL: {exc}")) from exc
        raise ProtocolError(500, f"the store could not answer: {unshift(str(exc))}") from exc
    except (SamverkanError, ValueError) as exc:
        message = unshift(str(exc))
        if isinstance(exc, ValueError) or message.startswith("malformed SPARQL"):
            raise ProtocolError(400, message) from exc
        status = 503 if isinstance(exc, StoreError) else 500
        raise ProtocolError(status, f"the store could not answer: {message}") from exc


def _query_response(request: Request, result, max_rows: int) -> Response:
    accept = request.headers.get("accept")
    headers = {}
    if isinstance(result, bool):
        media = _choose(accept, fmt.BOOLEAN_TYPES, "an ASK result")
        return Response(fmt.write_boolean(result, fmt.BOOLEAN_TYPES[media]), media_type=fmt.content_type(media))
    if isinstance(result, SelectResult):
        media = _choose(accept, fmt.SOLUTION_TYPES, "SELECT results")
        if len(result.rows) > max_rows:
            result = SelectResult(result.variables, result.rows[:max_rows])
            headers["Samverkan-Truncated"] = f"results cut off at {max_rows} rows"
        body = fmt.write_solutions(result, fmt.SOLUTION_TYPES[media])
        return Response(body, media_type=fmt.content_type(media), headers=headers)
    media = _choose(accept, fmt.GRAPH_TYPES, "a graph")
    triples = list(result)
    if len(triples) > max_rows:
        triples = triples[:max_rows]
        headers["Samverkan-Truncated"] = f"results cut off at {max_rows} triples"
    return Response(fmt.write_graph(triples, fmt.GRAPH_TYPES[media]), media_type=fmt.content_type(media),
                    headers=headers)


def _answer_response(request: Request, answer: Answer, select: str | None, graph: str | None,
                     max_rows: int) -> Response:
    """The worker's bytes as they are, under the media type negotiated for the answer's kind."""
    kind, name, cut, chunks = answer
    accept = request.headers.get("accept")
    if kind == "ask":
        media = _choose(accept, fmt.BOOLEAN_TYPES, "an ASK result")
        return Response(fmt.write_boolean(name, fmt.BOOLEAN_TYPES[media]), media_type=fmt.content_type(media))
    if kind == "unacceptable":
        _choose(accept, fmt.SOLUTION_TYPES if name == "select" else fmt.GRAPH_TYPES,
                "SELECT results" if name == "select" else "a graph")
    headers = {}
    if cut:
        headers["Samverkan-Truncated"] = f"results cut off at {max_rows} {'rows' if kind == 'select' else 'triples'}"
    media = select if kind == "select" else graph
    return Response(b"".join(chunks), media_type=fmt.content_type(media), headers=headers)


def _choose(accept: str | None, offers: dict, what: str) -> str:
    media = fmt.negotiate(accept, list(offers))
    if media is None:
        raise ProtocolError(406, f"cannot send {what} as {accept!r}; available: {', '.join(offers)}")
    return media


# -- updates -------------------------------------------------------------------------------------

def _authorise(request: Request, settings: Settings) -> None:
    if not settings.write_token:
        raise ProtocolError(403, "SPARQL updates are disabled on this server: no write token is configured "
                                 "(set SAMVERKAN_WRITE_TOKEN to allow them)")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise ProtocolError(401, "SPARQL updates need the header 'Authorization: Bearer <write token>'",
                            {"WWW-Authenticate": 'Bearer realm="sparql-update"'})
    if not hmac.compare_digest(token.strip().encode(), settings.write_token.encode()):
        raise ProtocolError(403, "the bearer token does not allow SPARQL updates")


def with_using(update: str, using: list[str], using_named: list[str]) -> str:
    """The update with USING / USING NAMED clauses for the protocol's using-(named-)graph-uri,
    added before the WHERE of every DELETE/INSERT … WHERE operation."""
    if not using and not using_named:
        return update
    stripped = strip_comments_and_strings(update)
    if _USING_WITH.search(stripped):
        raise ProtocolError(400, "using-graph-uri / using-named-graph-uri cannot be combined with USING or WITH "
                                 "in the update itself")
    clause = " ".join([f"USING <{g}>" for g in using] + [f"USING NAMED <{g}>" for g in using_named]) + " "
    depth_at = []
    depth = 0
    for ch in stripped:
        depth_at.append(depth)
        depth += ch == "{"
        depth -= ch == "}"
    positions = [m.start() for m in _WHERE.finditer(stripped)
                 if depth_at[m.start()] == 0 and stripped[:m.start()].rstrip().endswith("}")]
    for pos in reversed(positions):
        update = update[:pos] + clause + update[pos:]
    return update


async def _run_update(request: Request, store: Store, settings: Settings, update: str, params) -> Response:
    """Check an update (bounds, SERVICE and LOAD from its parse, a trial run of the engine's parser in a worker
    on an empty store), then run it on the store."""
    _authorise(request, settings)
    text = with_using(update, _iris(params, "using-graph-uri"), _iris(params, "using-named-graph-uri"))
    _bounded(text, max(settings.max_body, MAX_LENGTH))
    full = _with_base(_endpoint(request), text)
    deadline = time.monotonic() + settings.query_timeout
    pool = pool_for(store, settings.query_workers)
    try:
        await run_in_threadpool(_refuse_outgoing, pool, full, True, deadline)
        await run_in_threadpool(_in_worker, pool.probe_update, full, deadline)
    except WorkerTimeout as exc:
        raise ProtocolError(503, f"the update could not be checked within the time limit of "
                                 f"{settings.query_timeout:g} s; nothing was changed", {"Retry-After": "5"}) from exc
    except WorkerFailed as exc:
        if exc.kind == "syntax":
            raise ProtocolError(400, _unshift(f"malformed SPARQL: {exc}")) from exc
        # it parsed; on the empty trial store it failed for want of data, which the real store may have
    try:
        await run_in_threadpool(store.update, full)
    except SamverkanError as exc:
        message = _unshift(str(exc))
        if message.startswith("malformed SPARQL"):
            raise ProtocolError(400, message) from exc
        status = 503 if isinstance(exc, StoreError) and not isinstance(store, EmbeddedStore) else 500
        raise ProtocolError(status, f"the update failed: {message}") from exc
    finally:
        resources.forget(store)
    return Response(status_code=204)


_POSITION = re.compile(r"error at (\d+):")


def _with_base(endpoint: str, text: str) -> str:
    """Relative IRIs in a query or update resolve against the endpoint's own URL, on a line of its own. When
    that URL is no IRI (it comes from the Host header) the line is left empty, so positions shift the same."""
    try:
        base = str(ox.NamedNode(endpoint))
    except ValueError:
        return "\n" + text
    return f"BASE {base}\n{text}"


def _unshift(message: str) -> str:
    """A parser message with line numbers as the client wrote them (without the BASE line)."""
    return _POSITION.sub(lambda m: f"error at {int(m.group(1)) - 1}:", message)


# -- service description -------------------------------------------------------------------------

def _endpoint(request: Request) -> str:
    return str(request.url.replace(query="", fragment=""))


def service_description(endpoint: str, store: Store, settings: Settings) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint, as triples."""
    sd = lambda name: ox.NamedNode(SD + name)  # noqa: E731
    svc, dataset, default = ox.BlankNode(), ox.BlankNode(), ox.BlankNode()
    triples = [
        ox.Triple(svc, RDF_TYPE, sd("Service")),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(svc, sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, RDF_TYPE, sd("Graph")),
    ]
    if resources.is_iri(endpoint):  # not when a client's Host header made it something else
        triples.append(ox.Triple(svc, sd("endpoint"), ox.NamedNode(endpoint)))
    if settings.write_token:
        triples.append(ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Update")))
    triples += [ox.Triple(svc, sd("resultFormat"), ox.NamedNode("http://www.w3.org/ns/formats/" + f))
                for f in fmt.FORMAT_IRIS]
    for name in store.graph_names():
        graph = ox.BlankNode()
        triples += [ox.Triple(dataset, sd("namedGraph"), graph), ox.Triple(graph, RDF_TYPE, sd("NamedGraph")),
                    ox.Triple(graph, sd("name"), ox.NamedNode(name))]
    return triples


def _service_description(request: Request, store: Store, settings: Settings) -> Response:
    accept = request.headers.get("accept")
    offers = [*fmt.GRAPH_TYPES, "text/html"]
    media = fmt.negotiate(accept, offers)
    if media is None:
        raise ProtocolError(406, f"cannot send the service description as {accept!r}; available: {', '.join(offers)}")
    endpoint = _endpoint(request)
    if media == "text/html":
        return Response(_html_description(endpoint, store, settings), media_type="text/html; charset=utf-8")
    triples = service_description(endpoint, store, settings)
    return Response(fmt.write_graph(triples, fmt.GRAPH_TYPES[media]), media_type=fmt.content_type(media))


def _html_description(endpoint: str, store: Store, settings: Settings) -> str:
    names = store.graph_names()
    shown = labels(store, names, "sv")
    rows = "\n".join(f"<li><code>{html.escape(n)}</code> — {html.escape(shown[n])}</li>" for n in names)
    e = html.escape
    writes = "Ja, med skrivnyckel (Bearer)" if settings.write_token else "Nej (endast läsning)"
    return f"""<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SPARQL – Samverkan</title></head>
<body>
<h1>SPARQL-ändpunkt / SPARQL endpoint</h1>
<p>Adress: <code>{e(endpoint)}</code>. SPARQL 1.1 Protocol: <code>GET ?query=</code>, <code>POST</code> som formulär
eller <code>application/sparql-query</code>. Uppdateringar: {e(writes)}.
Tidsgräns {settings.query_timeout:g} s, högst {settings.max_rows} rader.</p>
<form method="get" action="{e(endpoint)}">
<label for="query">Fråga / Query</label><br>
<textarea id="query" name="query" rows="8" cols="80">SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT 10</textarea><br>
<button type="submit">Kör / Run</button>
</form>
<h2>Namngivna grafer / Named graphs</h2>
<ul>
{rows}
</ul>
</body></html>
"""


__all__ = ["ProtocolError", "get_settings", "get_store", "router", "run_query", "service_description",
           "with_using"]
