"""The embedded store: pyoxigraph on disk (transactional) or in memory."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pyoxigraph as ox

from ..errors import SamverkanError, StoreError
from ..namespaces import PREFIXES
from .base import QueryTimeout, SelectResult, Store, Term, bind_values, replace_graphs_update


class QueryError(SamverkanError):
    """A SPARQL query or update is malformed; the message carries line and column."""


def _parse_error(exc: SyntaxError) -> QueryError:
    return QueryError(f"malformed SPARQL: {exc}")


def _drain(results, deadline: float | None, convert) -> tuple[list, bool]:
    """Read query results to the end (True), or until the deadline has passed (False)."""
    items = []
    for n, item in enumerate(results):
        if deadline is not None and n % 256 == 0 and time.monotonic() > deadline:
            return items, False
        items.append(convert(item))
    return items, True


class EmbeddedStore(Store):
    """pyoxigraph Store; `path=None` keeps everything in memory.

    `version` counts the writes made through this object (SPARQL worker processes reload when it moves)."""

    version = 0

    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
                self.description = "embedded in-memory store"
            else:
                if read_only:
                    self._store = ox.Store.read_only(str(self.path))
                else:
                    self.path.mkdir(parents=True, exist_ok=True)
                    self._store = ox.Store(str(self.path))
                self.description = f"embedded store at {self.path}"
        except OSError as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    # -- reading -------------------------------------------------------------------------------
    def _query(self, query: str, bindings):
        try:
            return self._store.query(bind_values(query, bindings or {}), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise _parse_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"{self.description}: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> SelectResult:
        solutions = self._query(query, bindings)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in solutions.variables]
        rows = [{name: value for name, value in zip(variables, solution) if value is not None} for solution in solutions]
        return SelectResult(variables, rows)

    def select_tuples(self, query: str) -> list[tuple[Term | None, ...]]:
        solutions = self._query(query, None)
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        return [tuple(solution) for solution in solutions]

    def ask(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> list[ox.Triple]:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return list(result)

    def sparql(self, query: str, *, default_graphs: Sequence[str] = (), named_graphs: Sequence[str] = (),
               deadline: float | None = None) -> SelectResult | bool | list[ox.Triple]:
        options: dict = {"use_default_graph_as_union": not default_graphs}
        if default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            result = self._store.query(query, **options)
        except SyntaxError as exc:
            raise _parse_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"{self.description}: {exc}") from exc

        if isinstance(result, ox.QueryBoolean):
            return bool(result)
        if isinstance(result, ox.QueryTriples):
            items, finished = _drain(result, deadline, lambda triple: triple)
            variables = None
        else:
            variables = [v.value for v in result.variables]
            items, finished = _drain(result, deadline, lambda s: {v: s[v] for v in variables if s[v] is not None})
        # pyoxigraph's result iterator belongs to this thread: let go of it here, not in a traceback
        del result
        if not finished:
            raise QueryTimeout("query ran past its time limit")
        return items if variables is None else SelectResult(variables, items)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_triples(self, graph: str) -> list[ox.Triple]:
        return [q.triple for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]

    def dump(self, fmt: ox.RdfFormat) -> bytes:
        if fmt in (ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS):
            return self._store.dump(format=fmt, prefixes=PREFIXES)
        triples = sorted({q.triple for q in self._store.quads_for_pattern(None, None, None, None)}, key=str)
        return ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b""

    def memory_copy(self) -> "EmbeddedStore":
        """An in-memory store with the same quads (streamed, not held in Python); whole-graph queries run ~5× faster."""
        copy = EmbeddedStore(None)
        copy._store.bulk_extend(self._store.quads_for_pattern(None, None, None, None))
        copy.description = f"in-memory copy of {self.description}"
        return copy

    # -- writing -------------------------------------------------------------------------------
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = ()) -> None:
        self.version += 1
        if not drop and not self.graph_names():
            self._bulk_load_into_empty_store(graphs)
            return
        update = replace_graphs_update(graphs, drop)
        if update:
            self.update(update)

    def _bulk_load_into_empty_store(self, graphs: Mapping[str, Iterable[ox.Triple]]) -> None:
        # A new store has no readers yet, so the fast non-transactional bulk loader is safe here;
        # if it fails half-way the store is emptied again, exactly as it was.
        quads = (ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(iri)) for iri, triples in graphs.items() for t in triples)
        try:
            self._store.bulk_extend(quads)
            if self.path is not None:
                self._store.flush()
        except BaseException:
            self._store.clear()
            raise

    def update(self, sparql: str) -> None:
        self.version += 1
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise _parse_error(exc) from exc
        except OSError as exc:
            raise StoreError(f"{self.description}: {exc}") from exc

    def close(self) -> None:
        if self.path is not None and not self.read_only and self._store is not None:
            try:
                self._store.flush()
            except OSError:
                pass
        self._store = None
