"""What a report needs to name its findings, read from the store for the focus nodes only.

Nodes are plain strings: an IRI, or "_:" + id for a blank node. Literals are Lit(value, lang).
A few queries with VALUES over the focus nodes (in chunks), so the cost follows the number of
findings, not the size of the graph.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from collections.abc import Iterable
from typing import NamedTuple

import pyoxigraph as ox

from ..namespaces import ONTOLOGY_GRAPH, RDF_TYPE, RDFS, SAM
from ..store import Store

LABEL = RDFS + "label"
SUBCLASS = RDFS + "subClassOf"
#: what a finding shows about its focus node
FOCUS_PREDICATES = [RDF_TYPE, LABEL] + [SAM + p for p in (
    "sourceLocation", "sourceLines", "initiative", "committedBy", "focusArea", "inAgreement", "party", "onBehalfOf",
    "forumOf")]
#: the focus node's neighbours named by their labels
NAMED = [SAM + p for p in ("initiative", "committedBy", "focusArea", "party", "onBehalfOf", "forumOf")]
CHUNK = 2000


class Lit(NamedTuple):
    value: str
    lang: str


def key(t) -> str | Lit:
    """A pyoxigraph term as a context node."""
    if isinstance(t, ox.NamedNode):
        return t.value
    if isinstance(t, ox.BlankNode):
        return "_:" + t.value
    return Lit(t.value, t.language or "")


class Context:
    """A small in-memory index of the triples the report reads."""

    def __init__(self):
        self._out: dict[tuple[str, str], list] = defaultdict(list)
        self._in: dict[tuple[str, object], list] = defaultdict(list)
        self._seen: set = set()
        self.supers: dict[str, set[str]] = defaultdict(set)
        #: what the report derives from these triples (e.g. joined labels), emptied when a triple is added
        self.derived: dict = {}

    def add(self, s: str, p: str, o) -> None:
        if (s, p, o) in self._seen:
            return
        self._seen.add((s, p, o))
        if self.derived:
            self.derived.clear()
        self._out[(s, p)].append(o)
        self._in[(p, o)].append(s)

    def objects(self, s: str, p: str) -> list:
        return self._out.get((s, p), [])

    def subjects(self, p: str, o) -> list:
        return self._in.get((p, o), [])

    def texts(self, s: str, p: str = LABEL) -> dict[str, str]:
        out: dict[str, str] = {}
        for o in self.objects(s, p):
            if isinstance(o, Lit):
                out.setdefault(o.lang, o.value)
        return out

    def type_closure(self, s: str) -> set[str]:
        closure = set(self.objects(s, RDF_TYPE))
        frontier = list(closure)
        while frontier:
            for sup in self.supers.get(frontier.pop(), ()):
                if sup not in closure:
                    closure.add(sup)
                    frontier.append(sup)
        return closure


def rows(store: Store, query: str) -> list[tuple]:
    """A SELECT's rows as tuples in the order of its variables (None for unbound)."""
    return store.select_tuples(query)


#: queries answered at once by rows_of_each: the store evaluates outside Python's lock, so two cores help
WORKERS = 2


def rows_of_each(store: Store, queries: list[str]) -> list[list[tuple]]:
    """rows() of each query, in order, WORKERS at a time."""
    if len(queries) < 2:
        return [rows(store, q) for q in queries]
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(lambda q: rows(store, q), queries))


def _values(nodes: Iterable[str]) -> list[str]:
    iris = sorted({n for n in nodes if isinstance(n, str) and not n.startswith("_:")})
    return [" ".join(str(ox.NamedNode(i)) for i in iris[k:k + CHUNK]) for k in range(0, len(iris), CHUNK)]


def _fill(store: Store, ctx: Context, nodes, predicates: list[str], type_graphs: dict | None = None) -> None:
    # one index seek per node (all its triples, filtered by predicate) rather than one per (node, predicate);
    # the predicate comes back as its index in `predicates` (a number: the store need not spell out the IRI)
    wanted = ", ".join(f"<{p}>" for p in predicates)
    index = "-1"
    for i, p in reversed(list(enumerate(predicates))):
        index = f"IF(?p = <{p}>, {i}, {index})"
    pattern = "GRAPH ?g { ?x ?p ?o }" if type_graphs is not None else "?x ?p ?o"
    queries = [f"SELECT ?x ?i ?o ?g WHERE {{ VALUES ?x {{ {chunk} }} {pattern} FILTER(?p IN ({wanted})) BIND({index} AS ?i) }}"
               for chunk in _values(nodes)]
    for found in rows_of_each(store, queries):
        for x, i, o, g in found:
            predicate = predicates[int(i.value)]
            ctx.add(key(x), predicate, key(o))
            if type_graphs is not None and predicate == RDF_TYPE:
                type_graphs[key(x)][key(o)].add(g.value)


def read_context(store: Store, focus: Iterable[str], ctx: Context | None = None, types: bool = True,
                 type_graphs: dict | None = None) -> Context:
    """The context of `focus` nodes: their types, labels, source location, initiative, parties …, the
    labels of those, and for agreements their follow-up owners (with labels) and frequency.

    `types=False`: the focus nodes' types are already in `ctx`. `type_graphs` (a defaultdict of
    defaultdict(set)) also gets, for each focus IRI, type → the graphs that state it."""
    ctx = ctx or Context()
    for row in store.select(f"SELECT ?c ?d WHERE {{ GRAPH <{ONTOLOGY_GRAPH}> {{ ?c <{SUBCLASS}> ?d }} }}"):
        ctx.supers[key(row["c"])].add(key(row["d"]))
    focus = set(focus)
    _fill(store, ctx, focus, FOCUS_PREDICATES if types else FOCUS_PREDICATES[1:], type_graphs if types else None)
    named = {o for f in focus for p in NAMED for o in ctx.objects(f, p) if isinstance(o, str)}
    agreements = {o for f in focus for o in ctx.objects(f, SAM + "inAgreement") if isinstance(o, str)}
    agreements |= {f for f in focus if SAM + "Agreement" in ctx.type_closure(f)}
    _fill(store, ctx, named | agreements, [LABEL, SAM + "followUpFrequency"])
    for chunk in _values(agreements):
        for row in store.select(f"SELECT ?w ?a WHERE {{ VALUES ?a {{ {chunk} }} ?w <{SAM}followsUp> ?a }}"):
            ctx.add(key(row["w"]), SAM + "followsUp", key(row["a"]))
    owners = {s for a in agreements for s in ctx.subjects(SAM + "followsUp", a)}
    _fill(store, ctx, owners, [LABEL])
    return ctx
