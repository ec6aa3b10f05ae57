"""The store interface: one small contract, an embedded and a remote implementation.

Terms crossing this interface are pyoxigraph terms (NamedNode, BlankNode, Literal) whatever the
back end, so the rest of the library never sees which store it talks to.
"""

from __future__ import annotations

import functools
import re
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

Term = ox.NamedNode | ox.BlankNode | ox.Literal


@dataclass
class SelectResult:
    """Rows of a SELECT query: variable names in order, and one dict per row (unbound → absent)."""

    variables: list[str]
    rows: list[dict[str, Term]] = field(default_factory=list)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def bind_values(query: str, bindings: Mapping[str, Term | None]) -> str:
    """Bind variables as RDF terms with a VALUES block at the start of the first WHERE group.

    The terms are written in N-Triples syntax by pyoxigraph (escaped), so user text can never
    change the query's structure. A None value binds UNDEF (the variable stays free).
    """
    if not bindings:
        return query
    names = list(bindings)
    cells = " ".join("UNDEF" if bindings[n] is None else str(bindings[n]) for n in names)
    block = f"VALUES ({' '.join('?' + n for n in names)}) {{ ({cells}) }}"
    position = where_group_start(query)
    if position is None:
        raise ValueError("query has no WHERE { … } group to bind parameters in")
    return query[:position] + "\n  " + block + "\n" + query[position:]


@functools.lru_cache(maxsize=512)
def where_group_start(query: str) -> int | None:
    """Offset just after the `{` of the first WHERE group (comments, strings and IRIs ignored), or None.

    Cached: the same named queries are bound again and again, and the scan is plain Python.
    """
    match = _WHERE.search(strip_comments_and_strings(query))
    return match.end() if match else None


def strip_comments_and_strings(query: str) -> str:
    """Same length as the query, with comments, string contents and IRIs blanked out (for keyword searches)."""
    out = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":  # a comment ends at a line feed or a carriage return
            j = next((k for k in range(i, n) if query[k] in "\r\n"), n)
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            quote = c * 3 if query.startswith(c * 3, i) else c  # a long string may hold single quotes
            j = i + len(quote)
            while j < n and not query.startswith(quote, j):
                j += 2 if query[j] == "\\" else 1
            end = min(j, n)
            out.append(quote + " " * (end - i - len(quote)) + (quote if j < n else ""))
            i = end + len(quote)
        elif c == "<":
            j = query.find(">", i)
            if j < 0 or any(ch.isspace() for ch in query[i:j]):
                out.append(c)
                i += 1
            else:
                out.append(" " * (j - i + 1))
                i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _graph_block(iri: str, triples: Iterable[ox.Triple]) -> str:
    body = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"GRAPH {ox.NamedNode(iri)} {{\n{body}\n}}" if body else ""


@dataclass
class GraphPatch:
    """A graph changed in place rather than replaced: the triples of `subjects` go, `insert` comes in.

    Iterating gives the graph's whole new content (`whole()`), for writers that replace graphs whole.
    """

    subjects: list[str]
    insert: list[ox.Triple]
    whole: Callable[[], Iterable[ox.Triple]]

    def __iter__(self):
        return iter(self.whole())

    def delete_text(self, iri: str) -> str | None:
        if not self.subjects:
            return None
        values = " ".join(str(ox.NamedNode(s)) for s in self.subjects)
        graph = ox.NamedNode(iri)
        return f"DELETE {{ GRAPH {graph} {{ ?s ?p ?o }} }} WHERE {{ VALUES ?s {{ {values} }} GRAPH {graph} {{ ?s ?p ?o }} }}"


def _update_text(drops: Iterable[str], blocks: Iterable[str], deletes: Iterable[str] = ()) -> str | None:
    parts = [f"DROP SILENT GRAPH {ox.NamedNode(iri)}" for iri in drops]
    parts += [d for d in deletes if d]
    inserts = [b for b in blocks if b]
    if inserts:
        parts.append("INSERT DATA {\n" + "\n".join(inserts) + "\n}")
    return " ;\n".join(parts) if parts else None


def replace_graphs_update(graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = ()) -> str | None:
    """One SPARQL Update that drops `drop` and every graph in `graphs`, then inserts their new content.

    A store runs one update request as one transaction, so readers see the old or the new state.
    A GraphPatch is applied in place (its subjects' triples deleted, its triples inserted).
    None when there is nothing to do.
    """
    whole = {iri: t for iri, t in graphs.items() if not isinstance(t, GraphPatch)}
    patches = {iri: t for iri, t in graphs.items() if isinstance(t, GraphPatch)}
    return _update_text([*drop, *whole], [*(_graph_block(iri, t) for iri, t in whole.items()),
                                          *(_graph_block(iri, p.insert) for iri, p in patches.items())],
                        [p.delete_text(iri) for iri, p in patches.items()])


#: what a write adds to each of its transactions: done graph IRIs → extra graphs to replace whole
Extra = Callable[[list[str]], Mapping[str, Iterable[ox.Triple]]]


def batched_updates(graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = (), *,
                    extra: Extra | None = None, max_triples: int | None = None,
                    max_bytes: int | None = None) -> Iterator[str]:
    """SPARQL Updates that together replace `graphs` and drop `drop`, each within the limits.

    Graphs are never split: a batch holds whole graphs (one graph larger than a limit goes alone).
    `drop` goes with the first batch. `extra(done)` names graphs (e.g. a build's bookkeeping) that are
    replaced whole in every batch, given the graphs written so far including this batch, so that
    they always describe what the store holds. One graph's text is held at a time, plus one batch.
    """
    drops, blocks, done, pending, size, count = list(drop), [], [], [], 0, 0
    reserve = 0
    if extra is not None and max_bytes is not None:
        reserve = len(_extra_text(extra(list(graphs))).encode())

    def flush() -> str | None:
        nonlocal drops, blocks, pending, size, count
        done.extend(pending)
        extras = extra(list(done)) if extra is not None else {}
        text = _update_text([*drops, *pending, *extras], [*blocks, *(_graph_block(g, t) for g, t in extras.items())])
        drops, blocks, pending, size, count = [], [], [], 0, 0
        return text

    for iri, triples in graphs.items():
        triples = list(triples)
        block = _graph_block(iri, triples)
        length = len(block.encode()) + len(iri) + 40
        over_bytes = max_bytes is not None and size + length + reserve > max_bytes
        over_triples = max_triples is not None and count + len(triples) > max_triples
        if pending and (over_bytes or over_triples):
            text = flush()
            if text:
                yield text
        pending.append(iri)
        blocks.append(block)
        size, count = size + length, count + len(triples)
    if pending or drops or not done:
        text = flush()
        if text:
            yield text


def _extra_text(extras: Mapping[str, Iterable[ox.Triple]]) -> str:
    return "\n".join(_graph_block(g, t) for g, t in extras.items())


class QueryTimeout(Exception):
    """A query ran past its deadline."""


class Store(ABC):
    """What the library needs from a triple store."""

    #: a short description for messages ("embedded store at var/store", "http://…")
    description: str = ""
    #: most triples written in one transaction (bounds the memory a write needs)
    max_batch_triples: int | None = 100_000

    @abstractmethod
    def select(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> SelectResult:
        """Run a SELECT over the union of all graphs."""

    def select_tuples(self, query: str) -> list[tuple[Term | None, ...]]:
        """A SELECT's rows as tuples in the order of its variables (None for unbound): cheaper than dicts
        when a caller reads tens of thousands of rows."""
        result = self.select(query)
        return [tuple(row.get(v) for v in result.variables) for row in result.rows]

    @abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> bool:
        """Run an ASK over the union of all graphs."""

    @abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Term | None] | None = None) -> list[ox.Triple]:
        """Run a CONSTRUCT or DESCRIBE over the union of all graphs."""

    @abstractmethod
    def sparql(
        self,
        query: str,
        *,
        default_graphs: Sequence[str] = (),
        named_graphs: Sequence[str] = (),
        deadline: float | None = None,
    ) -> SelectResult | bool | list[ox.Triple]:
        """Run any SPARQL query form as a SPARQL protocol client asked it.

        With no `default_graphs` the default graph is the union of all graphs; with them it is their
        merge, and `named_graphs` limits what GRAPH can see. `deadline` is a time.monotonic() value:
        past it the store raises QueryTimeout. Returns rows, a boolean (ASK) or triples (CONSTRUCT/DESCRIBE).
        """

    @abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[ox.Triple]], drop: Iterable[str] = (), *,
                       extra: Extra | None = None) -> None:
        """Replace each named graph's content and drop the graphs in `drop`, in transactions of whole graphs.

        A write within the store's batch limit (max_batch_triples, and for a server its request size) is
        one transaction: readers see the old or the new state, never a mix. A larger write to an on-disk
        embedded store is still all-or-nothing (the new state is bulk-loaded beside it and swapped in);
        elsewhere it goes in several transactions of whole graphs: until the last one a reader may see
        some graphs new and others still old, never half a graph. `extra(done)` gives graphs rewritten
        whole in every transaction (the build's bookkeeping), so that they always describe what the
        store holds.
        """

    @abstractmethod
    def graph_names(self) -> list[str]:
        """IRIs of the named graphs in the store."""

    @abstractmethod
    def graph_triples(self, graph: str) -> list[ox.Triple]:
        """All triples of one named graph."""

    @abstractmethod
    def dump(self, fmt: ox.RdfFormat) -> bytes:
        """The whole dataset with its named graphs (TriG, N-Quads) or the union graph (any other format)."""

    @abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 Update."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the store (files, connections)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
