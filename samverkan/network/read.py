"""Reading the network's statements from the store: all of them, or only those around chosen nodes.

Rows are kept as plain tuples in sets and assembled in sorted order, so the same statements give the same
network whichever queries found them (the whole country, or a municipality read from the inside out).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import SAM, sparql_prefixes
from ..store import Store
from .vocabulary import CLASS_TYPES, PREDICATE_RELATIONS, REVERSED, ROOT_GROUPS

_ROOTS = ("org:Organization org:FormalOrganization org:OrganizationalUnit sam:Forum sam:WorkingMethod "
          "sam:Agreement sam:FocusArea sam:Initiative sam:Commitment")
_PREDICATES = ", ".join(f"<{p}>" for p in PREDICATE_RELATIONS)
_OWNERS = "sam:Agreement, sam:CitizenPromise, sam:OrganisationDescription"
_CHUNK = 2000  # IRIs per VALUES block

# The queries are shaped for pyoxigraph 0.5: bound IRIs in VALUES first, FILTER(?p IN …) rather than
# VALUES ?p, OPTIONALs outside GRAPH and no property path joined to many nodes (each of these made a
# query read the whole store instead of the statements about the nodes).
_CLASS_ROOTS = sparql_prefixes() + """
SELECT ?class ?root WHERE { VALUES ?root { """ + _ROOTS + """ } ?class rdfs:subClassOf* ?root }"""

_TYPES = sparql_prefixes() + """
SELECT ?x ?class WHERE { %s ?x a ?class FILTER(isIRI(?x)) }"""

_DATES = sparql_prefixes() + """
SELECT ?a ?signed ?start ?end WHERE {
  %s
  OPTIONAL { ?a sam:signedOn ?signed }
  OPTIONAL { ?a sam:periodStart ?start }
  OPTIONAL { ?a sam:periodEnd ?end }
}"""

_EDGES = sparql_prefixes() + """
SELECT ?s ?p ?o ?g WHERE {
  %s
  GRAPH ?g { ?s ?p ?o }
  FILTER(?p IN (""" + _PREDICATES + """) && isIRI(?s) && isIRI(?o))
}"""

_MEMBERSHIPS = sparql_prefixes() + """
SELECT ?g ?member ?forum ?doc ?loc WHERE {
  %s
  GRAPH ?g { %s }
  OPTIONAL { GRAPH ?g { ?m prov:wasDerivedFrom ?doc } }
  OPTIONAL { GRAPH ?g { ?m sam:sourceLocation ?loc } }
  FILTER(isIRI(?member) && isIRI(?forum))
}"""
_BY_MEMBER = "?m org:member ?member ; org:organization ?forum ."
_BY_FORUM = "?m org:organization ?forum ; org:member ?member ."

# OPTIONALs outside GRAPH: inside it, pyoxigraph 0.5 evaluates them over the whole store before joining
_PROVENANCE = sparql_prefixes() + """
SELECT ?x ?g ?doc ?loc ?owner WHERE {
  %s
  GRAPH ?g { ?x prov:wasDerivedFrom ?doc }
  OPTIONAL { GRAPH ?g { ?x sam:sourceLocation ?loc } }
  OPTIONAL { GRAPH ?g { ?x a ?owner } FILTER(?owner IN (""" + _OWNERS + """)) }
  FILTER(isIRI(?x))
}"""

_GRAPH_OWNERS = sparql_prefixes() + """
SELECT ?x ?g ?doc ?loc ?owner WHERE {
  %s
  VALUES ?owner { """ + _OWNERS.replace(",", "") + """ }
  GRAPH ?g { ?x a ?owner ; prov:wasDerivedFrom ?doc }
  OPTIONAL { GRAPH ?g { ?x sam:sourceLocation ?loc } }
  FILTER(isIRI(?x))
}"""

_THEMES = sparql_prefixes() + """
SELECT ?x ?theme WHERE { ?x sam:theme ?theme FILTER(isIRI(?x) && isIRI(?theme)) }"""

_AGREEMENT_IRIS = sparql_prefixes() + """
SELECT DISTINCT ?a WHERE { ?a a ?class . ?class rdfs:subClassOf* sam:Agreement . FILTER(isIRI(?a)) }"""


@dataclass
class Raw:
    """The statements, assembled: what the network is built from."""

    types: dict[str, tuple[str, str]] = field(default_factory=dict)  # iri → (type, group)
    edges: dict[tuple[str, str, str], dict] = field(default_factory=dict)  # (u, v, relation) → attrs
    themes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    agreements: dict[str, dict] = field(default_factory=dict)


@dataclass
class Rows:
    """Query rows as tuples of strings (None for unbound), deduplicated."""

    nodes: set = field(default_factory=set)        # (x, class, root)
    agreements: set = field(default_factory=set)   # (a, signed, start, end)
    provenance: set = field(default_factory=set)   # (x, g, doc, loc, owner)
    edges: set = field(default_factory=set)        # (s, p, o, g)
    memberships: set = field(default_factory=set)  # (g, member, forum, doc, loc)
    themes: set = field(default_factory=set)       # (x, theme)
    typed: set = field(default_factory=set)        # IRIs whose classes and agreement dates were asked for
    sourced: set = field(default_factory=set)      # IRIs whose provenance was asked for
    graphs: set = field(default_factory=set)       # graphs whose document was asked for


def _tuples(store: Store, query: str, names: tuple[str, ...]) -> list[tuple]:
    """The rows as tuples of strings; `names` are the query's variables, in order."""
    return [tuple(None if term is None else term.value for term in row) for row in store.select_tuples(query)]


# read_all's statements, each pattern alone: the engine reads it from an index (a FILTER over every quad, or
# OPTIONALs looked up row by row, cost 2–3× more on disk); the rows are joined here
_EDGES_OF = sparql_prefixes() + """
SELECT ?s ?o ?g WHERE { GRAPH ?g { ?s <%s> ?o } FILTER(isIRI(?s) && isIRI(?o)) }"""
_AREA_AGREEMENTS = sparql_prefixes() + """
SELECT ?s ?o ?g WHERE { %s GRAPH ?g { ?s sam:inAgreement ?o } FILTER(isIRI(?o)) }"""
_DERIVED = sparql_prefixes() + """
SELECT ?x ?g ?doc WHERE { GRAPH ?g { ?x prov:wasDerivedFrom ?doc } FILTER(isIRI(?x)) }"""
_LOCATIONS = sparql_prefixes() + """
SELECT ?x ?g ?loc WHERE { GRAPH ?g { ?x sam:sourceLocation ?loc } FILTER(isIRI(?x)) }"""
_OWNED = sparql_prefixes() + """
SELECT ?x ?g ?owner WHERE { VALUES ?owner { """ + _OWNERS.replace(",", "") + """ } GRAPH ?g { ?x a ?owner } }"""


_IN_AGREEMENT = SAM + "inAgreement"


def _all_edges(store: Store, areas) -> list[tuple]:
    """Every edge row; sam:inAgreement only of focus areas (`areas`): initiatives and commitments reach their
    agreement through their area, and the network leaves their own statement out (build._full_graph)."""
    found = [(s, p, o, g) for p in PREDICATE_RELATIONS if p != _IN_AGREEMENT
             for s, o, g in _tuples(store, _EDGES_OF % p, ("s", "o", "g"))]
    for chunk in _chunks(areas):
        found += [(s, _IN_AGREEMENT, o, g) for s, o, g in _tuples(store, _AREA_AGREEMENTS % _values("s", chunk), ())]
    return found


def _all_provenance(store: Store) -> list[tuple]:
    """_PROVENANCE's rows for every node: (x, g, doc, loc, owner), one per location and owner class."""
    locations, owners = defaultdict(list), defaultdict(list)
    for x, g, loc in _tuples(store, _LOCATIONS, ("x", "g", "loc")):
        locations[(x, g)].append(loc)
    for x, g, owner in _tuples(store, _OWNED, ("x", "g", "owner")):
        owners[(x, g)].append(owner)
    return [(x, g, doc, loc, owner) for x, g, doc in _tuples(store, _DERIVED, ("x", "g", "doc"))
            for loc in locations.get((x, g), (None,)) for owner in owners.get((x, g), (None,))]


def _values(var: str, iris) -> str:
    return f"VALUES ?{var} {{ {' '.join(str(ox.NamedNode(i)) for i in iris)} }}"


def _chunks(iris) -> list[list[str]]:
    ordered = sorted(iris)
    return [ordered[i:i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


def read_all(store: Store) -> Rows:
    """Every statement the network is made of."""
    rows = Rows()
    _add_types(store, rows, "")
    rows.provenance.update(_all_provenance(store))
    rows.edges.update(_all_edges(store, {x for x, _, root in rows.nodes if root == SAM + "FocusArea"}))
    rows.memberships.update(_tuples(store, _MEMBERSHIPS % ("", _BY_MEMBER), ("g", "member", "forum", "doc", "loc")))
    rows.themes.update(_tuples(store, _THEMES, ("x", "theme")))
    return rows


def _add_types(store: Store, rows: Rows, values: str) -> None:
    """(x, class, root) rows and agreement dates for the IRIs in `values` (a VALUES ?x block; "" for all)."""
    roots = defaultdict(set)
    for cls, root in _tuples(store, _CLASS_ROOTS, ("class", "root")):
        roots[cls].add(root)
    found = [(x, cls, root) for x, cls in _tuples(store, _TYPES % values, ("x", "class")) for root in roots.get(cls, ())]
    rows.nodes.update(found)
    agreements = sorted({x for x, _, root in found if root == SAM + "Agreement"})
    for chunk in _chunks(agreements):
        rows.agreements.update(_tuples(store, _DATES % _values("a", chunk), ("a", "signed", "start", "end")))


def agreement_iris(store: Store) -> list[str]:
    """Every agreement in the store."""
    return sorted(row["a"].value for row in store.select(_AGREEMENT_IRIS))


def read_around(store: Store, rows: Rows, subjects=(), objects=(), graphs=()) -> set[str]:
    """Add to `rows` every statement about one of `subjects` (as subject or member), about one of `objects`
    (as object or forum) and in one of `graphs`, with what the network needs to know about their ends and
    graphs (but not the graphs' documents: read_graph_sources). Returns the IRIs the statements name."""
    edges, members = set(), set()
    on_nodes = [(_values("s", c), _values("member", c), _BY_MEMBER) for c in _chunks(subjects)]
    on_nodes += [(_values("o", c), _values("forum", c), _BY_FORUM) for c in _chunks(objects)]
    on_nodes += [(_values("g", c), _values("g", c), _BY_MEMBER) for c in _chunks(graphs)]
    for on_edges, on_members, pattern in on_nodes:
        edges.update(_tuples(store, _EDGES % on_edges, ("s", "p", "o", "g")))
        members.update(_tuples(store, _MEMBERSHIPS % (on_members, pattern), ("g", "member", "forum", "doc", "loc")))
    rows.edges |= edges
    rows.memberships |= members
    named = {x for s, _, o, _ in edges for x in (s, o)} | {x for _, m, f, _, _ in members for x in (m, f)}
    named |= set(subjects) | set(objects)
    in_graphs = {g for *_, g in edges} | {g for g, *_ in members}
    for chunk in _chunks((named | in_graphs) - rows.typed):
        _add_types(store, rows, _values("x", chunk))
    rows.typed |= named | in_graphs
    # provenance only of the nodes read: an edge's source is that of one of its ends, and the network keeps
    # only edges between nodes read in full
    read = (set(subjects) | set(objects)) - rows.sourced
    for chunk in _chunks(read):
        rows.provenance.update(_tuples(store, _PROVENANCE % _values("x", chunk), ("x", "g", "doc", "loc", "owner")))
    rows.sourced |= read
    return named


def read_graph_sources(store: Store, rows: Rows, graphs) -> None:
    """Add the document each of `graphs` was written from (the fallback source of what is said in it)."""
    for chunk in _chunks(set(graphs) - rows.graphs):
        rows.provenance.update(_tuples(store, _GRAPH_OWNERS % _values("g", chunk), ("x", "g", "doc", "loc", "owner")))
    rows.graphs.update(graphs)


def assemble(rows: Rows) -> Raw:
    """The statements as types, agreements and edges, taken in sorted order (the same rows, the same result)."""
    raw = Raw()
    for iri, cls, root in sorted(rows.nodes):
        known = CLASS_TYPES.get(cls)
        if known is None and root == SAM + "Forum":
            known = ("forum", "forum")
        if known is None:
            known = ROOT_GROUPS[root]
        if iri not in raw.types or _more_specific(known, raw.types[iri], cls):
            raw.types[iri] = known

    for a, *dates in sorted(rows.agreements, key=_none_first):
        info = raw.agreements.setdefault(a, {})
        for key, value in zip(("signed", "start", "end"), dates):
            if value is not None:
                info[key] = value

    provenance: dict[tuple[str, str], tuple[str, str | None]] = {}
    graph_docs: dict[str, tuple[str, None]] = {}  # the document a whole source file was written from
    for x, graph, doc, loc, owner in sorted(rows.provenance, key=_none_first):
        provenance[(x, graph)] = (doc, loc)
        if owner is not None:
            graph_docs[graph] = (doc, None)

    def source(thing: str, graph: str) -> tuple[str | None, str | None]:
        return provenance.get((thing, graph)) or graph_docs.get(graph) or (None, None)

    for s, p, o, g in sorted(rows.edges):
        relation = PREDICATE_RELATIONS[p]
        if relation is None:
            continue
        u, v = (o, s) if relation in REVERSED else (s, o)
        thing = s if relation in REVERSED or relation in ("unit_of", "administration_of", "forum_of", "uses_method",
                                                            "part_of", "in_area", "in_agreement") else o
        _add_statement(raw, u, v, relation, g, source(thing, g))

    for g, member, forum, doc, loc in sorted(rows.memberships, key=_none_first):
        fallback = source(forum, g)
        _add_statement(raw, member, forum, "member_of", g,
                       (doc or fallback[0], loc or (fallback[1] if not doc else None)))

    for x, theme in rows.themes:
        raw.themes[x].add(theme)
    return raw


def _none_first(row: tuple) -> tuple:
    return tuple((value is not None, value or "") for value in row)


def _more_specific(new: tuple[str, str], old: tuple[str, str], cls: str) -> bool:
    """Prefer a type named by an explicit class over one guessed from a root class."""
    return old[0] in ("organisation", "forum") and new[0] not in ("organisation",) and cls in CLASS_TYPES


def _add_statement(raw: Raw, u: str, v: str, relation: str, graph: str, source: tuple[str | None, str | None]) -> None:
    agreement = graph if graph in raw.agreements else None
    attrs = raw.edges.get((u, v, relation))
    if attrs is None:
        raw.edges[(u, v, relation)] = {
            "relation": relation,
            "agreements": [agreement] if agreement else [],
            "graphs": [graph],
            "source": source[0],
            "source_location": source[1],
        }
        return
    if graph not in attrs["graphs"]:
        attrs["graphs"].append(graph)
    if agreement and agreement not in attrs["agreements"]:
        attrs["agreements"].append(agreement)
    if attrs["source"] is None:
        attrs["source"], attrs["source_location"] = source
