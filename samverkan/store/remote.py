"""The remote store: any SPARQL 1.1 server (Oxigraph server, Fuseki, GraphDB…) over HTTP.

Queries and updates go through SPARQLWrapper, whole graphs are read with the Graph Store
Protocol. Results come back as pyoxigraph terms, exactly as from the embedded store.

Writing (replace_graphs) is ONE SPARQL Update request: `DROP SILENT GRAPH <g>` for every
graph to drop or replace, then one `INSERT DATA` holding the new content. Oxigraph (and Fuseki
TDB2, GraphDB) run one update request as one transaction: readers see the old or the new
state, and a request cut off half-way (server killed, connection lost) changes nothing.
Staging graphs loaded with the Graph Store Protocol would not give that: queries over the
union of all graphs would see the staged triples next to the old ones until the swap.
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
from .base import QueryTimeout, SelectResult, Store, Term, bind_values, replace_graphs_update
from .embedded import EmbeddedStore, QueryError

KINDS = ("oxigraph", "fuseki", "graphdb", "generic")
_KIND_LABEL = {"oxigraph": "Oxigraph server", "fuseki": "Fuseki dataset", "graphdb": "GraphDB repository",
               "generic": "SPARQL server"}
_RESULTS_JSON = "application/sparql-results+json"
_ACCEPT_ANY_FORM = f"{_RESULTS_JSON}, application/n-triples;q=0.9, text/turtle;q=0.5"
_FUSEKI_UNION = "urn:x-arq:UnionGraph"
_RETRY_STATUS = {502, 503, 504}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_CANCELLED = b"The SPARQL operation has been cancelled"


@dataclass(frozen=True)
class Endpoints:
    """Where a server answers queries, updates and Graph Store Protocol requests."""

    kind: str
    base: str
    query: str
    update: str
    gsp: str | None


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

    `url` is a base URL (see endpoints_for); `kind` forces oxigraph/fuseki/graphdb/generic;
    `user`/`password` give basic auth, `token` a bearer token; `timeout` is per request in seconds;
    `retries` is how often a transient failure (connection refused, 502/503/504) is retried, with
    `backoff` seconds doubling each time. Nothing is sent until the first call.
    """

    def __init__(self, url: str, *, kind: str | None = None, query_url: str | None = None,
                 update_url: str | None = None, gsp_url: str | None = None, user: str | None = None,
                 password: str | None = None, token: str | None = None, timeout: float = 30.0,
                 retries: int = 3, backoff: float = 0.25):
        clean, url_user, url_password = _without_credentials(url)
        self.endpoints = endpoints_for(clean, kind, query_url, update_url, gsp_url)
        self.timeout = timeout
        self.retries = max(0, retries)
        self.backoff = backoff
        self._user = user if user is not None else url_user
        self._password = password if password is not None else url_password
        self._token = token
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
            wrapper.addCustomHttpHeader("Accept", "*/*" if update else _ACCEPT_ANY_FORM)
            auth = self._auth_header()
            if auth:
                wrapper.addCustomHttpHeader("Authorization", auth)
            response = wrapper.query().response
            try:
                return response.headers.get("Content-Type", ""), response.read()
            finally:
                response.close()

        return self._retrying(url, send, idempotent, deadline)

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
        content_type, body = self._sparql_call(query, params=params, deadline=deadline)
        try:
            return _parse_results(content_type, body)
        except (ValueError, KeyError, SyntaxError) as exc:
            if _CANCELLED in body[-200:]:  # Oxigraph's own time limit (`oxigraph serve --timeout-s`) cut the answer off
                if deadline is not None:
                    raise QueryTimeout("the server stopped the query at its own time limit") from None
                raise StoreError(f"{self.endpoints.query}: the server stopped the query at its own time limit") from None
            raise StoreError(f"{self.endpoints.query}: could not read the answer ({exc})") from None

    def select(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> SelectResult:
        result = self._run(bind_values(query, bindings or {}), self._union_params())
        if not isinstance(result, SelectResult):
            raise QueryError("expected a SELECT query")
        return result

    def ask(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> bool:
        result = self._run(bind_values(query, bindings or {}), self._union_params())
        if not isinstance(result, bool):
            raise QueryError("expected an ASK query")
        return result

    def construct(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> list[ox.Triple]:
        result = self._run(bind_values(query, bindings or {}), self._union_params())
        if not isinstance(result, list):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return result

    def sparql(self, query: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
               deadline: float | None = None) -> SelectResult | bool | list[ox.Triple]:
        return self._run(query, self._dataset_params(default_graphs, named_graphs), deadline)

    def graph_names(self) -> list[str]:
        rows = self._run("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", [])
        return sorted(r["g"].value for r in rows if isinstance(r.get("g"), ox.NamedNode))

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        if self.endpoints.gsp is None:
            return self._run(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {ox.NamedNode(graph)} {{ ?s ?p ?o }} }}", [])
        answer = self._gsp_get({"graph": graph}, "application/n-triples")
        if answer is None:
            return []
        return self._parse_rdf(answer, ox.RdfFormat.N_TRIPLES)

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
        return [ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        # Serialise through an in-memory embedded store: same formats, prefixes and ordering rules.
        local = EmbeddedStore(None)
        local._store.extend(self._all_quads())  # noqa: SLF001 - same package, bulk insert
        return local.dump(fmt)

    # -- writing -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = ()) -> None:
        # One update request = one transaction on the server (see the module docstring).
        update = replace_graphs_update(graphs, drop)
        if update:
            # Dropping and re-inserting the same content is idempotent, so lost connections are retried.
            self._update(update, idempotent=True)

    def update(self, sparql: str) -> None:
        self._update(sparql, idempotent=False)

    def _update(self, sparql: str, idempotent: bool) -> None:
        self._sparql_call(sparql, update=True, idempotent=idempotent)


def remote_options_from_env(environ: Mapping[str, str] | None = None) -> dict:
    """RemoteStore keyword arguments from SAMVERKAN_* environment variables (unset ones left out)."""
    env = os.environ if environ is None else environ
    names = {"SAMVERKAN_STORE_KIND": "kind", "SAMVERKAN_QUERY_URL": "query_url", "SAMVERKAN_UPDATE_URL": "update_url",
             "SAMVERKAN_GSP_URL": "gsp_url", "SAMVERKAN_USER": "user", "SAMVERKAN_PASSWORD": "password",
             "SAMVERKAN_TOKEN": "token"}
    options: dict = {key: env[name] for name, key in names.items() if env.get(name)}
    for name, key, cast in (("SAMVERKAN_TIMEOUT", "timeout", float), ("SAMVERKAN_RETRIES", "retries", int)):
        if env.get(name):
            try:
                options[key] = cast(env[name])
            except ValueError:
                raise StoreError(f"{name}={env[name]!r} is not a number") from None
    return options
