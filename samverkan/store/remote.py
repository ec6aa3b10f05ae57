"""The remote store: any SPARQL 1.1 server (Oxigraph server, Fuseki, GraphDB, Virtuoso…) over HTTP.

Queries and updates go through SPARQLWrapper, whole graphs are read with the Graph Store
Protocol. Results come back as pyoxigraph terms, exactly as from the embedded store.

Writing (replace_graphs) is SPARQL Update requests of whole graphs: `DROP SILENT GRAPH <g>` for
every graph to drop or replace, then one `INSERT DATA` holding the new content. Oxigraph (and Fuseki
TDB2, GraphDB) run one update request as one transaction: readers see the old or the new state,
and a request cut off half-way (server killed, connection lost) changes nothing. A write larger
than `update_bytes` (default 16 MiB, $SAMVERKAN_UPDATE_BYTES; servers refuse large bodies, Oxigraph
above 128 MiB) goes in several such requests: until the last one, a reader may see some graphs
new and others old, never half a graph, and the build's bookkeeping, rewritten in each request,
always says which. Staging graphs loaded with the Graph Store Protocol would not give even that:
queries over the union of all graphs would see the staged triples next to the old ones.

Virtuoso is the exception: it runs the operations of one request one by one and keeps those done
before a failure, so on Virtuoso the store writes only when allowed to write non-atomically (see
EngineProfile).
"""

from __future__ import annotations

import ast
import base64
import http.client
import json
import os
import re
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, SELECT, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

from ..errors import StoreError
from .base import (Extra, QueryTimeout, SelectResult, Store, Term, batched_updates, bind_values,
                   strip_comments_and_strings)
from .embedded import EmbeddedStore, QueryError

KINDS = ("oxigraph", "fuseki", "graphdb", "virtuoso", "generic")
_KIND_LABEL = {"oxigraph": "Oxigraph server", "fuseki": "Fuseki dataset", "graphdb": "GraphDB repository",
               "virtuoso": "Virtuoso server", "generic": "SPARQL server"}
_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_ANY_FORM = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.5"
_FUSEKI_UNION = "urn:x-arq:UnionGraph"
_RETRY_STATUS = {502, 503, 504}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
#: the largest SPARQL Update request a build sends by default (servers limit request bodies)
DEFAULT_UPDATE_BYTES = 16 * 1024 * 1024
_SIZE_LIMIT = re.compile(r"(payload|body|request|entity)[^.]*(limit|too large|maximal|maximum)", re.IGNORECASE)
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_CANCELLED = b"The SPARQL operation has been cancelled"


@dataclass(frozen=True)
class Endpoints:
    """Where a server answers queries, updates and Graph Store Protocol requests."""

    kind: str
    base: str
    query: str
    update: str
    gsp: str | None


@dataclass(frozen=True)
class EngineProfile:
    """Where a server kind departs from what the store assumes of a SPARQL 1.1 server.

    atomic_updates: one update request runs as one transaction (all of it or nothing).
    query_runs_updates: the query endpoint also runs an update sent as a query.
    one_request_writes: replace_graphs can send all graphs in one INSERT DATA. Virtuoso cannot: it refuses
        blank nodes there ("not allowed in a constant clause") and runs out of parser memory at a few
        thousand triples, so there each graph is replaced by one Graph Store Protocol PUT.
    accept_by_form: ask for the one answer format of the query's form (Virtuoso answers a CONSTRUCT
        with a JSON results table when JSON is acceptable, and ASK with 406 when only RDF is).
    undef_unbinds: UNDEF in a VALUES row leaves the variable unbound in the answer even where the
        query binds it (Virtuoso), so free parameters are left out of VALUES instead.
    cuts_answers_silently: the server may cut a Graph Store Protocol read or a CONSTRUCT answer at a row
        limit without saying so (Virtuoso's ResultSetMaxRows), so graph reads are checked with a COUNT.
    own_graphs: a pattern for the engine's own graphs, left out of graph_names() (so a full build never
        drops them) and of dump().
    """

    atomic_updates: bool = True
    query_runs_updates: bool = False
    one_request_writes: bool = True
    accept_by_form: bool = False
    undef_unbinds: bool = False
    cuts_answers_silently: bool = False
    own_graphs: re.Pattern | None = None


# Virtuoso keeps its own schema, LDP, DAV and service-description graphs next to the data.
_VIRTUOSO = EngineProfile(atomic_updates=False, query_runs_updates=True, one_request_writes=False,
                          accept_by_form=True, undef_unbinds=True, cuts_answers_silently=True,
                          own_graphs=re.compile(r"http://www\.openlinksw\.com/schemas/.*|http://www\.w3\.org/ns/ldp#"
                                                r"|http://[^/]+/sparql|http://[^/]+/DAV/.*"))
PROFILES = {kind: EngineProfile() for kind in KINDS} | {"virtuoso": _VIRTUOSO}
_QUERY_FORM = re.compile(r"\s*(?:(?:BASE|PREFIX\s+[\w.-]*:)\s*)*(\w*)", re.IGNORECASE)


def query_form(query: str) -> str:
    """The first keyword after the prologue, upper-cased: SELECT, ASK, CONSTRUCT, DESCRIBE (or an update's)."""
    return _QUERY_FORM.match(strip_comments_and_strings(query)).group(1).upper()


def refuse_update_as_query(query: str) -> None:
    """Raise QueryError unless the text is a query form (SELECT, ASK, CONSTRUCT, DESCRIBE).

    For servers whose query endpoint would run an update: the read path must never write."""
    word = query_form(query)
    if word not in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
        raise QueryError(f"malformed SPARQL: expected SELECT, ASK, CONSTRUCT or DESCRIBE, found {word or 'nothing'!r}"
                         " (an update is not run as a query)")


_CUT_OFF_ADVICE = ("Virtuoso cuts answers at its ResultSetMaxRows; raise it in the [SPARQL] section of "
                   "virtuoso.ini above the largest answer")


def _refuse_cut_off(url: str, headers) -> None:
    """Raise StoreError when Virtuoso says (X-SPARQL-MaxRows) that it cut a SELECT answer off."""
    limit = headers.get("X-SPARQL-MaxRows")
    if limit:
        raise StoreError(f"{url}: the answer was cut off at {limit} rows: {_CUT_OFF_ADVICE}")


def detect_kind(url: str) -> str:
    """Guess the server from the URL path: `/` → oxigraph, `/repositories/R` → graphdb, `/ds` → fuseki."""
    path = urllib.parse.urlsplit(url).path.rstrip("/")
    if path in ("", "/query", "/update", "/store"):
        return "oxigraph"
    if re.fullmatch(r"/repositories/[^/]+(/statements)?", path):
        return "graphdb"
    if re.fullmatch(r"/[^/]+(/(sparql|query|update|data|get))?", path):
        return "fuseki"
    return "generic"


def endpoints_for(url: str, kind: str | None = None, query_url: str | None = None, update_url: str | None = None,
                  gsp_url: str | None = None) -> Endpoints:
    """The three endpoint URLs for a base URL, by server kind; explicit URLs win."""
    kind = kind or detect_kind(url)
    if kind not in KINDS:
        raise StoreError(f"unknown store kind {kind!r}: expected one of {', '.join(KINDS)}")
    base = url.rstrip("/")
    if kind == "oxigraph":
        base = re.sub(r"/(query|update|store)$", "", base)
        defaults = (base + "/query", base + "/update", base + "/store")
    elif kind == "fuseki":
        base = re.sub(r"/(sparql|query|update|data|get)$", "", base)
        defaults = (base + "/sparql", base + "/update", base + "/data")
    elif kind == "graphdb":
        base = re.sub(r"/statements$", "", base)
        defaults = (base, base + "/statements", base + "/rdf-graphs/service")
    elif kind == "virtuoso":
        base = re.sub(r"/sparql(-auth|-graph-crud|-graph-crud-auth)?$", "", base)
        defaults = (base + "/sparql", base + "/sparql", base + "/sparql-graph-crud")
    else:
        defaults = (base, base, None)
    return Endpoints(kind, base, query_url or defaults[0], update_url or defaults[1], gsp_url or defaults[2])


def _without_credentials(url: str) -> tuple[str, str | None, str | None]:
    """The URL with any user:password@ removed, and those credentials."""
    parts = urllib.parse.urlsplit(url)
    if parts.username is None and parts.password is None:
        return url, None, None
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    clean = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, urllib.parse.unquote(parts.username or ""), urllib.parse.unquote(parts.password or "")


class _Transient(Exception):
    """A failure worth retrying (the server restarting, a proxy without a back end)."""


def _server_text(exc: BaseException) -> str:
    """The server's own words from a SPARQLWrapper exception or an HTTPError, on one line."""
    raw: bytes | str = b""
    if isinstance(exc, urllib.error.HTTPError):
        try:
            raw = exc.read()
        except OSError:
            raw = b""
    elif isinstance(exc, SPARQLWrapperException):
        text = str(exc)
        marker = "Response:\n"
        if marker in text:
            try:
                raw = ast.literal_eval(text.split(marker, 1)[1])
            except (ValueError, SyntaxError):
                raw = text.split(marker, 1)[1]
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", "replace")
    return " ".join(raw.split())[:300]


def _term(value: dict) -> Term:
    """A SPARQL 1.1 JSON results term as a pyoxigraph term."""
    kind = value["type"]
    text = value["value"]
    if kind == "uri":
        return ox.NamedNode(text)
    if kind == "bnode":
        try:
            return ox.BlankNode(text)
        except ValueError:
            return ox.BlankNode(re.sub(r"[^A-Za-z0-9_]", "_", text))
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in value:
            return ox.Literal(text, language=value["xml:lang"])
        datatype = value.get("datatype")
        if datatype == _XSD_BOOLEAN and text in ("1", "0"):
            text = "true" if text == "1" else "false"  # Virtuoso answers booleans as 1 and 0
        if datatype and datatype != _XSD_STRING:
            return ox.Literal(text, datatype=ox.NamedNode(datatype))
        return ox.Literal(text)
    if kind == "triple":
        inner = value["value"]
        return ox.Triple(_term(inner["subject"]), _term(inner["predicate"]), _term(inner["object"]))
    raise StoreError(f"unexpected term type {kind!r} in a SPARQL result")


def _parse_results(content_type: str, body: bytes) -> SelectResult | bool | list[ox.Triple]:
    media = content_type.split(";")[0].strip().lower()
    if media in (_RESULTS_JSON, "application/json"):
        data = json.loads(body)
        if "boolean" in data:
            return bool(data["boolean"])
        variables = data.get("head", {}).get("vars", [])
        rows = [{name: _term(cell) for name, cell in binding.items()} for binding in data["results"]["bindings"]]
        return SelectResult(variables, rows)
    fmt = ox.RdfFormat.from_media_type(media)
    if fmt is None:
        raise StoreError(f"the server answered in an unexpected format ({media or 'no content type'})")
    return [q.triple for q in ox.parse(body, format=fmt)]


class RemoteStore(Store):
    """A SPARQL 1.1 server reached over HTTP.

    `url` is a base URL (see endpoints_for); `kind` forces oxigraph/fuseki/graphdb/virtuoso/generic;
    `user`/`password` give basic auth, `token` a bearer token; `timeout` is per request in seconds;
    `retries` is how often a transient failure (connection refused, 502/503/504) is retried, with
    `backoff` seconds doubling each time; `update_bytes` is the largest update request a write sends
    (see the module docstring). `allow_non_atomic` lets the store write to a server that does not run an
    update request as one transaction (Virtuoso). Nothing is sent until the first call.
    """

    def __init__(self, url: str, *, kind: str | None = None, query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None, user: str | None = None,
                 password: str | None = None, token: str | None = None, timeout: float = 30.0,
                 retries: int = 3, backoff: float = 0.25, update_bytes: int = DEFAULT_UPDATE_BYTES,
                 allow_non_atomic: bool = False):
        clean, url_user, url_password = _without_credentials(url)
        self.endpoints = endpoints_for(clean, kind, query_url, update_url, gsp_url)
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self.update_bytes = max(1024, int(update_bytes))
        self.max_batch_triples = None  # the request size bounds a batch
        self._user = user if user is not None else url_user
        self._password = password if password is not None else url_password
        self._token = token
        self.profile = PROFILES[self.endpoints.kind]
        self.allow_non_atomic = allow_non_atomic
        self.description = f"{_KIND_LABEL[self.endpoints.kind]} at {self.endpoints.base}"

    def __repr__(self) -> str:
        return f"RemoteStore({self.endpoints.base!r}, kind={self.endpoints.kind!r})"

    # -- HTTP ----------------------------------------------------------------------------------
    def _auth_header(self) -> str | None:
        if self._token:
            return f"Bearer {self._token}"
        if self._user is not None and self._password is not None:
            pair = f"{self._user}:{self._password}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None

    def _retrying(self, url: str, send, idempotent: bool, deadline: float | None = None):
        """Call send(timeout) and retry transient failures; turn every failure into one clear error."""
        attempts = self.retries + 1
        for attempt in range(attempts):
            timeout = self.timeout
            if deadline is not None:
                timeout = min(timeout, deadline - time.monotonic())
                if timeout <= 0:
                    raise QueryTimeout("query ran past its time limit")
            try:
                return self._classify(url, send, timeout, idempotent, deadline is not None)
            except _Transient as exc:
                if attempt + 1 == attempts:
                    tries = f" (tried {attempts} times)" if attempts > 1 else ""
                    raise StoreError(f"{url}: {exc}{tries}") from None
                pause = self.backoff * (2 ** attempt)
                if deadline is not None and time.monotonic() + pause > deadline:
                    raise StoreError(f"{url}: {exc}") from None
                time.sleep(pause)
        raise AssertionError("unreachable")

    def _classify(self, url: str, send, timeout: float, idempotent: bool, has_deadline: bool):
        try:
            return send(timeout)
        except (SPARQLWrapperException, urllib.error.HTTPError) as exc:
            status = getattr(exc, "code", None) or {
                "QueryBadFormed": 400, "Unauthorized": 401, "EndPointNotFound": 404, "URITooLong": 414,
                "EndPointInternalError": 500}.get(type(exc).__name__, 0)
            text = _server_text(exc)
            if status == 413 or (status == 400 and _SIZE_LIMIT.search(text)):
                raise StoreError(f"{url}: the server refuses a request this large (HTTP {status}: {text}); "
                                 "set SAMVERKAN_UPDATE_BYTES below its limit") from None
            if status == 400:
                raise QueryError(f"malformed SPARQL: {text}" if text else "the server refused the request (HTTP 400)")
            if status == 401:
                raise StoreError(f"{url}: the server refused the credentials (HTTP 401); "
                                 "check SAMVERKAN_USER/SAMVERKAN_PASSWORD or SAMVERKAN_TOKEN") from None
            if status == 403:
                raise StoreError(f"{url}: access denied (HTTP 403); these credentials may not do this") from None
            if status == 404:
                raise StoreError(f"{url}: no SPARQL endpoint here (HTTP 404); check the URL or the store kind") from None
            if status in _RETRY_STATUS and (idempotent or status == 503):
                raise _Transient(f"server unavailable (HTTP {status})") from None
            detail = f": {text}" if text else ""
            raise StoreError(f"{url}: server error (HTTP {status}){detail}") from None
        except (TimeoutError, socket.timeout) as exc:
            if has_deadline:
                raise QueryTimeout("query ran past its time limit") from exc
            raise StoreError(f"{url}: no answer within {timeout:g} s") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, (TimeoutError, socket.timeout)):
                if has_deadline:
                    raise QueryTimeout("query ran past its time limit") from exc
                raise StoreError(f"{url}: no answer within {timeout:g} s") from None
            if isinstance(reason, ConnectionRefusedError):
                raise _Transient("cannot connect (connection refused); is the server running?") from None
            raise StoreError(f"{url}: cannot connect ({reason})") from None
        except ConnectionRefusedError:
            raise _Transient("cannot connect (connection refused); is the server running?") from None
        except (ConnectionError, http.client.HTTPException) as exc:
            if idempotent:
                raise _Transient(f"connection lost ({type(exc).__name__})") from None
            raise StoreError(f"{url}: connection lost ({type(exc).__name__}); the request may not have run") from None

    def _sparql_call(self, text: str, *, update: bool = False, params: Sequence[tuple[str, str]] = (),
                     idempotent: bool = True, deadline: float | None = None) -> tuple[str, bytes]:
        """Send a query (or update) with SPARQLWrapper; the answer's content type and body."""
        url = self.endpoints.update if update else self.endpoints.query

        def send(timeout: float) -> tuple[str, bytes]:
            wrapper = SPARQLWrapper(self.endpoints.query, updateEndpoint=self.endpoints.update)
            # Set the text and form directly: SPARQLWrapper's own guess would send an update
            # written in a query to the update endpoint.
            wrapper.queryString = text
            wrapper.queryType = "INSERT" if update else SELECT
            wrapper.setMethod(POST)
            wrapper.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
            wrapper.setOnlyConneg(True)
            wrapper.timeout = timeout
            for name, value in params:
                wrapper.parameters.setdefault(name, []).append(value)
            wrapper.addCustomHttpHeader("Accept", "*/*" if update else self._accept(text))
            auth = self._auth_header()
            if auth:
                wrapper.addCustomHttpHeader("Authorization", auth)
            response = wrapper.query().response
            try:
                _refuse_cut_off(url, response.headers)
                return response.headers.get("Content-Type", ""), response.read()
            finally:
                response.close()

        return self._retrying(url, send, idempotent, deadline)

    def _accept(self, query: str) -> str:
        """The Accept header for a query: every answer format, or on some engines the one of its form."""
        if not self.profile.accept_by_form:
            return _ACCEPT_ANY_FORM
        return "application/n-triples" if query_form(query) in ("CONSTRUCT", "DESCRIBE") else _RESULTS_JSON

    def _gsp_get(self, params: dict[str, str], accept: str) -> tuple[str, bytes] | None:
        """GET from the Graph Store Protocol endpoint; None when the graph does not exist (404)."""
        assert self.endpoints.gsp is not None
        url = self.endpoints.gsp + ("?" + urllib.parse.urlencode(params) if params else "")

        def send(timeout: float):
            request = urllib.request.Request(url, headers={"Accept": accept})
            auth = self._auth_header()
            if auth:
                request.add_header("Authorization", auth)
            try:
                with urllib.request.urlopen(request, timeout=timeout) as response:
                    return response.headers.get("Content-Type", ""), response.read()
            except urllib.error.HTTPError as exc:
                if exc.code == 404 and params:
                    return None
                raise

        return self._retrying(self.endpoints.gsp, send, idempotent=True)

    # -- datasets ------------------------------------------------------------------------------
    def _union_params(self) -> list[tuple[str, str]]:
        if self.endpoints.kind == "oxigraph":
            return [("union-default-graph", "")]
        if self.endpoints.kind == "fuseki":
            return [("default-graph-uri", _FUSEKI_UNION)]
        if self.endpoints.kind == "graphdb":
            return []  # GraphDB's default graph is already the union of all graphs
        if self.endpoints.kind == "virtuoso":
            # Virtuoso's default graph is the union of all graphs, its own among them. Naming ours
            # instead would hide its schema triples but breaks property paths: `?c rdfs:subClassOf* x`
            # then silently loses answers. So the union it is (see docs/remote-store.md).
            return []
        return [("default-graph-uri", g) for g in self.graph_names()]

    def _dataset_params(self, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> list[tuple[str, str]]:
        named = [("named-graph-uri", g) for g in named_graphs]
        if default_graphs:
            return [("default-graph-uri", g) for g in default_graphs] + named
        if named:
            # A dataset description replaces the union: name every graph as part of the default graph.
            return [("default-graph-uri", g) for g in self.graph_names()] + named
        return self._union_params()

    # -- reading -------------------------------------------------------------------------------
    def _run(self, query: str, params, deadline: float | None = None):
        if self.profile.query_runs_updates:
            refuse_update_as_query(query)
        content_type, body = self._sparql_call(query, params=params, deadline=deadline)
        try:
            return _parse_results(content_type, body)
        except (ValueError, KeyError, SyntaxError) as exc:
            if _CANCELLED in body[-200:]:  # Oxigraph's own time limit (`oxigraph serve --timeout-s`) cut the answer off
                if deadline is not None:
                    raise QueryTimeout("the server stopped the query at its own time limit") from None
                raise StoreError(f"{self.endpoints.query}: the server stopped the query at its own time limit") from None
            raise StoreError(f"{self.endpoints.query}: could not read the answer ({exc})") from None

    def _bind(self, query: str, bindings: Mapping[str, Term | None] | None) -> str:
        """The query with its bindings (see bind_values); on Virtuoso without UNDEF, which there unbinds the
        variable in the answer too. Leaving a free variable out of VALUES means the same."""
        if self.profile.undef_unbinds and bindings:
            bindings = {name: term for name, term in bindings.items() if term is not None}
        return bind_values(query, bindings or {})

    def select(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> SelectResult:
        result = self._run(self._bind(query, bindings), self._union_params())
        if not isinstance(result, SelectResult):
            raise QueryError("expected a SELECT query")
        return result

    def ask(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> bool:
        result = self._run(self._bind(query, bindings), self._union_params())
        if not isinstance(result, bool):
            raise QueryError("expected an ASK query")
        return result

    def construct(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> list[ox.Triple]:
        result = self._run(self._bind(query, bindings), self._union_params())
        if not isinstance(result, list):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return result

    def sparql(self, query: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
               deadline: float | None = None) -> SelectResult | bool | list[ox.Triple]:
        return self._run(query, self._dataset_params(default_graphs, named_graphs), deadline)

    def graph_names(self) -> list[str]:
        query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }"
        if self.endpoints.kind == "virtuoso":
            # Virtuoso answers `GRAPH ?g { }` with one empty row, and DISTINCT over all quads takes
            # seconds where GROUP BY takes milliseconds.
            query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        rows = self._run(query, [])
        return sorted(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode)
                      and not self._engine_graph(r["g"]))

    def _engine_graph(self, graph: Term) -> bool:
        """Whether a graph is the engine's own (Virtuoso's schema graphs), not data."""
        own = self.profile.own_graphs
        return bool(own and own.fullmatch(graph.value))

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        if self.endpoints.gsp is None:
            return self._run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}", [])
        answer = self._gsp_get({"graph": graph}, "application/n-triples")
        if answer is None:
            return []
        triples = self._parse_rdf(answer, ox.RdfFormat.N_TRIPLES)
        if self.profile.cuts_answers_silently:
            self._check_complete(graph, len(triples))
        return triples

    def _check_complete(self, graph: str, received: int) -> None:
        """Raise StoreError when a graph read holds fewer triples than the graph (Virtuoso's row limit)."""
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}"
        stored = int(self._run(query, []).rows[0]["n"].value)
        if received < stored:
            raise StoreError(f"{self.endpoints.gsp}: the server sent {received} of the {stored} triples of <{graph}>: "
                             f"{_CUT_OFF_ADVICE}")

    def _parse_rdf(self, answer: tuple[str, bytes], default: ox.RdfFormat) -> list[ox.Triple]:
        content_type, body = answer
        fmt = ox.RdfFormat.from_media_type(content_type.split(";")[0].strip()) or default
        try:
            return [q.triple for q in ox.parse(body, format=fmt)]
        except SyntaxError as exc:
            raise StoreError(f"{self.endpoints.gsp}: could not read the answer ({exc})") from None

    def _all_quads(self) -> list[ox.Quad]:
        if self.endpoints.kind == "oxigraph" and self.endpoints.gsp:
            answer = self._gsp_get({}, "application/n-quads")
            if answer is not None:
                return list(ox.parse(answer[1], format=ox.RdfFormat.N_QUADS))
        rows = self._run("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", [])
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows if not self._engine_graph(r["g"])]

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        # Serialise through an in-memory embedded store: same formats, prefixes and ordering rules.
        local = EmbeddedStore(None)
        local._store.extend(self._all_quads())  # noqa: SLF001 - same package, bulk insert
        return local.dump(fmt)

    # -- writing -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = (), *,
                       extra: Extra | None = None) -> None:
        # One update request = one transaction on the server (see the module docstring).
        self._check_atomic_writes()
        if not self.profile.one_request_writes:
            self._replace_graph_by_graph(graphs, drop, extra)
            return
        for update in batched_updates(graphs, drop, extra=extra, max_bytes=self.update_bytes):
            # Dropping and re-inserting the same content is idempotent, so lost connections are retried.
            self._update(update, idempotent=True)

    def _replace_graph_by_graph(self, graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str],
                                extra: Extra | None = None) -> None:
        """Drop, then PUT each graph in the order given and the `extra` graphs (the build's bookkeeping)
        last, one request each: cut off half-way, some graphs are new and the others old, none
        half-written, and the next build completes the rest."""
        for iri in drop:
            self._update(f"DROP SILENT GRAPH {ox.NamedNode(iri)}", idempotent=True)
        todo = dict(graphs)
        if extra is not None:
            todo.update(extra(list(graphs)))
        for iri, triples in todo.items():
            body = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES)
            if body:
                self._gsp_put(iri, body)
            else:
                self._update(f"DROP SILENT GRAPH {ox.NamedNode(iri)}", idempotent=True)

    def _gsp_put(self, graph: str, body: bytes) -> None:
        """Replace one graph with the Graph Store Protocol (PUT ?graph=, N-Triples sent as Turtle)."""
        if self.endpoints.gsp is None:
            raise StoreError(f"{self.endpoints.base}: no Graph Store Protocol endpoint to write graphs to; "
                             "set SAMVERKAN_GSP_URL")
        url = self.endpoints.gsp + "?" + urllib.parse.urlencode({"graph": graph})

        def send(timeout: float) -> None:
            request = urllib.request.Request(url, data=body, method="PUT",
                                             headers={"Content-Type": "text/turtle; charset=utf-8"})
            auth = self._auth_header()
            if auth:
                request.add_header("Authorization", auth)
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()

        self._retrying(self.endpoints.gsp, send, idempotent=True)

    def update(self, sparql: str) -> None:
        self._check_atomic_writes()
        self._update(sparql, idempotent=False)

    def _check_atomic_writes(self) -> None:
        """Refuse to write where a request cut off half-way could leave half of it done, unless allowed."""
        if not self.profile.atomic_updates and not self.allow_non_atomic:
            raise StoreError(f"{self.endpoints.update}: refusing to write: a {_KIND_LABEL[self.endpoints.kind]} "
                             "does not run an update request as one transaction, so a write cut off half-way "
                             "would stay half-done; set SAMVERKAN_ALLOW_NON_ATOMIC=1 to write anyway "
                             "(and run the build again after any failure)")

    def _update(self, sparql: str, idempotent: bool) -> None:
        self._sparql_call(sparql, update=True, idempotent=idempotent)


def remote_options_from_env(environ: Mapping[str, str] | None = None) -> dict:
    """RemoteStore keyword arguments from SAMVERKAN_* environment variables (unset ones left out)."""
    env = os.environ if environ is None else environ
    names = {"SAMVERKAN_STORE_KIND": "kind", "SAMVERKAN_QUERY_URL": "query_url", "SAMVERKAN_UPDATE_URL": "update_url",
             "SAMVERKAN_GSP_URL": "gsp_url", "SAMVERKAN_USER": "user", "SAMVERKAN_PASSWORD": "password",
             "SAMVERKAN_TOKEN": "token"}
    options: dict = {key: env[name] for name, key in names.items() if env.get(name)}
    if env.get("SAMVERKAN_ALLOW_NON_ATOMIC"):
        flag = env["SAMVERKAN_ALLOW_NON_ATOMIC"].strip().lower()
        if flag not in ("1", "0", "true", "false", "yes", "no"):
            raise StoreError(f"SAMVERKAN_ALLOW_NON_ATOMIC={env['SAMVERKAN_ALLOW_NON_ATOMIC']!r}: expected 1 or 0")
        options["allow_non_atomic"] = flag in ("1", "true", "yes")
    for name, key, cast in (("SAMVERKAN_TIMEOUT", "timeout", float), ("SAMVERKAN_RETRIES", "retries", int),
                            ("SAMVERKAN_UPDATE_BYTES", "update_bytes", int)):
        if env.get(name):
            try:
                options[key] = cast(env[name])
            except ValueError:
                raise StoreError(f"{name}={env[name]!r} is not a number") from None
    return options
