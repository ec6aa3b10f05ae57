"""One municipality's or one agreement's network read from the inside out, instead of the whole country.

The result is the cut the whole network would give: every node that can end up in the cut is read with
all of its statements, and so is everything its attributes depend on (the organisations above it, an
agreement's parties, the agreements of an area, initiative or commitment), until nothing is missing.
"""

from __future__ import annotations

import networkx as nx

from ..namespaces import SAM, sparql_prefixes
from ..store import Store
from .read import Raw, Rows, assemble, read_around, read_graph_sources

_DESCENDANTS = sparql_prefixes() + """
SELECT DISTINCT ?x WHERE { ?x (org:unitOf|org:subOrganizationOf|sam:forumOf)* %s FILTER(isIRI(?x)) }"""

_CHAIN = ("unit_of", "forum_of")
_DERIVED = ("area", "initiative", "commitment")  # owned through their agreements
_DERIVED_ROOTS = {SAM + "FocusArea", SAM + "Initiative", SAM + "Commitment"}


def read_scoped(store: Store, municipality: str | None, agreement: str | None, full_graph, scope,
                groups: set[str]) -> tuple[Raw, nx.MultiDiGraph]:
    """(raw, graph) around the municipality and/or agreement, exact for every node of `groups` that
    `scope(graph)` keeps. full_graph(raw) builds the graph; scope(graph) is the set of nodes the filters keep."""
    rows = Rows()
    as_subject, as_object, graphs_read = set(), set(), set()

    def load(complete=(), chain=(), graphs=()):
        """Everything about `complete`; what `chain` says of itself (its parents, an agreement's parties)."""
        subjects = (set(complete) | set(chain)) - as_subject
        objects = set(complete) - as_object
        graphs = set(graphs) - graphs_read
        as_subject.update(subjects), as_object.update(objects), graphs_read.update(graphs)
        if subjects or objects or graphs:
            read_around(store, rows, subjects, objects, graphs)

    owners: set[str] = set()  # every node that may belong to the municipality
    if municipality:
        owners = {r["x"].value for r in store.select(_DESCENDANTS % f"<{municipality}>")} | {municipality}
        load(owners)
        agreements = {s for s, p, o, g in rows.edges if p == SAM + "party" and o in owners}
        load(agreements, graphs=agreements)
        derived = {x for x, _, root in rows.nodes if root in _DERIVED_ROOTS} & rows_named(rows, agreements)
        load(derived)
        owners |= agreements | derived
    if agreement:
        load({agreement}, graphs={agreement})

    while True:
        read_graph_sources(store, rows, _stated(rows, as_object))
        raw = assemble(rows)
        graph = full_graph(raw)
        needed = {n for n in scope(graph) if graph.nodes[n]["group"] in groups}
        chain = _closure(graph, raw, needed | (owners & set(graph)))
        if needed <= as_object and chain <= as_subject:
            return raw, graph
        load(needed, chain)


def _stated(rows: Rows, complete: set[str]) -> set[str]:
    """The graphs stating an edge between nodes read in full: their documents are the edges' fallback source."""
    stated = {g for s, _, o, g in rows.edges if s in complete and o in complete}
    return stated | {g for g, member, forum, _, _ in rows.memberships if member in complete and forum in complete}


def rows_named(rows: Rows, graphs: set[str]) -> set[str]:
    """IRIs named in statements made in one of `graphs` or touching one of them."""
    named = set()
    for s, _, o, g in rows.edges:
        if g in graphs or s in graphs or o in graphs:
            named.update((s, o))
    for g, member, forum, _, _ in rows.memberships:
        if g in graphs or member in graphs or forum in graphs:
            named.update((member, forum))
    return named


def _closure(graph: nx.MultiDiGraph, raw: Raw, nodes: set[str]) -> set[str]:
    """`nodes` and what their municipality depends on: parents, an agreement's parties, an area's agreements."""
    seen, todo = set(), list(nodes)
    while todo:
        node = todo.pop()
        if node in seen or node not in graph:
            continue
        seen.add(node)
        todo.extend(v for _, v, k in graph.out_edges(node, keys=True) if k in _CHAIN)
        if node in raw.agreements:
            todo.extend(u for u, _, k in graph.in_edges(node, keys=True) if k == "party_to")
        if graph.nodes[node]["group"] in _DERIVED:
            todo.extend(graph.nodes[node]["agreements"])
    return seen

