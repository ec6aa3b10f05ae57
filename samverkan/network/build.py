"""The coordination network: a networkx graph built from the store with a few SPARQL queries.

The whole network (every actor, forum, method, agreement, focus area, initiative and commitment with
their typed relations) is read once per store state and kept; filters and views are then applied to that
graph in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

import networkx as nx

from ..labels import labels
from ..namespaces import SAM, sparql_prefixes
from ..store import Store
from .vocabulary import (
    ACTOR_RELATIONS,
    CLASS_TYPES,
    FORUM_TYPES,
    PREDICATE_RELATIONS,
    REVERSED,
    ROOT_GROUPS,
    relation_label,
)

VIEWS = ("actors", "actors-projected", "full")

_NODES = sparql_prefixes() + """
SELECT ?x ?class ?root WHERE {
  VALUES ?root { org:Organization org:FormalOrganization org:OrganizationalUnit sam:Forum sam:WorkingMethod sam:Agreement sam:FocusArea sam:Initiative sam:Commitment }
  ?x a ?class .
  ?class rdfs:subClassOf* ?root .
  FILTER(isIRI(?x))
}"""

_EDGES = sparql_prefixes() + """
SELECT ?s ?p ?o ?g WHERE {
  VALUES ?p { %s }
  GRAPH ?g { ?s ?p ?o }
  FILTER(isIRI(?s) && isIRI(?o))
}""" % " ".join(f"<{p}>" for p in PREDICATE_RELATIONS)

_MEMBERSHIPS = sparql_prefixes() + """
SELECT ?g ?member ?forum ?doc ?loc WHERE {
  GRAPH ?g {
    ?m org:member ?member ; org:organization ?forum .
    OPTIONAL { ?m prov:wasDerivedFrom ?doc }
    OPTIONAL { ?m sam:sourceLocation ?loc }
  }
  FILTER(isIRI(?member) && isIRI(?forum))
}"""

_PROVENANCE = sparql_prefixes() + """
SELECT ?x ?g ?doc ?loc ?owner WHERE {
  GRAPH ?g {
    ?x prov:wasDerivedFrom ?doc .
    OPTIONAL { ?x sam:sourceLocation ?loc }
    OPTIONAL { VALUES ?owner { sam:Agreement sam:CitizenPromise sam:OrganisationDescription } ?x a ?owner }
  }
  FILTER(isIRI(?x))
}"""

_THEMES = sparql_prefixes() + """
SELECT ?x ?theme WHERE { ?x sam:theme ?theme FILTER(isIRI(?x) && isIRI(?theme)) }"""

_AGREEMENTS = sparql_prefixes() + """
SELECT ?a ?signed ?start ?end WHERE {
  ?a a ?class . ?class rdfs:subClassOf* sam:Agreement .
  OPTIONAL { ?a sam:signedOn ?signed }
  OPTIONAL { ?a sam:periodStart ?start }
  OPTIONAL { ?a sam:periodEnd ?end }
}"""


@dataclass
class _Raw:
    """What the queries return, before filtering."""

    types: dict[str, tuple[str, str]] = field(default_factory=dict)  # iri → (type, group)
    edges: dict[tuple[str, str, str], dict] = field(default_factory=dict)  # (u, v, relation) → attrs
    themes: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    agreements: dict[str, dict] = field(default_factory=dict)


def build_network(store: Store, view: str = "actors", agreement: str | None = None,
                  municipality: str | None = None, theme: str | None = None, lang: str = "sv") -> nx.Graph:
    """The coordination network as a networkx graph.

    view: "actors" (organisations and forums, a MultiDiGraph keyed by relation), "actors-projected"
    (organisation ↔ organisation, an undirected Graph weighted by shared forums and joint commitments) or
    "full" (with methods, agreements, focus areas, initiatives and commitments). Filters take IRIs.
    Node ids are IRIs; node attributes: type, group, label, label_sv, label_en, agreements, commitments,
    municipality; edge attributes: relation, relation_label, agreement, agreements, source, source_location.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}; expected one of {', '.join(VIEWS)}")
    raw, full = _national(store)
    kept = set(full)
    if agreement:
        kept &= _agreement_scope(full, agreement)
    if municipality:
        kept &= _municipality_scope(full, municipality)
    if theme:
        kept &= _theme_scope(full, raw, theme)
    scoped = full.subgraph(kept).copy()
    if view == "full":
        graph = scoped
    elif view == "actors":
        graph = _actors_view(scoped)
    else:
        graph = _projected_view(scoped)
    _label(store, graph, lang)
    graph.graph.update(_describe(store, raw, view, agreement, municipality, theme, lang))
    return graph


def _national(store: Store) -> tuple[_Raw, nx.MultiDiGraph]:
    """The whole network read from the store, once per store state (samverkan.resources.cached): every
    filter and view is then a cheap selection from it. Callers copy what they change."""
    from ..resources import cached  # here: resources imports the validator, which the network does not need

    def read():
        raw = _read(store)
        return raw, _full_graph(raw)

    return cached(store, ("network",), read)


def _read(store: Store) -> _Raw:
    raw = _Raw()
    for row in store.select(_NODES):
        iri, cls, root = row["x"].value, row["class"].value, row["root"].value
        known = CLASS_TYPES.get(cls)
        if known is None and root == SAM + "Forum":
            known = ("forum", "forum")
        if known is None:
            known = ROOT_GROUPS[root]
        if iri not in raw.types or _more_specific(known, raw.types[iri], cls):
            raw.types[iri] = known

    for row in store.select(_AGREEMENTS):
        info = raw.agreements.setdefault(row["a"].value, {})
        for key in ("signed", "start", "end"):
            if key in row:
                info[key] = row[key].value

    provenance: dict[tuple[str, str], tuple[str, str | None]] = {}
    graph_docs: dict[str, tuple[str, None]] = {}  # the document a whole source file was written from
    for row in store.select(_PROVENANCE):
        doc, graph = row["doc"].value, row["g"].value
        provenance[(row["x"].value, graph)] = (doc, row["loc"].value if "loc" in row else None)
        if "owner" in row:
            graph_docs[graph] = (doc, None)

    def source(thing: str, graph: str) -> tuple[str | None, str | None]:
        doc, loc = provenance.get((thing, graph)) or graph_docs.get(graph) or (None, None)
        return doc, loc

    for row in store.select(_EDGES):
        s, p, o, g = row["s"].value, row["p"].value, row["o"].value, row["g"].value
        relation = PREDICATE_RELATIONS[p]
        if relation is None:
            continue
        u, v = (o, s) if relation in REVERSED else (s, o)
        thing = s if relation in REVERSED or relation in ("unit_of", "administration_of", "forum_of", "uses_method",
                                                            "part_of", "in_area", "in_agreement") else o
        _add_statement(raw, u, v, relation, g, source(thing, g))

    for row in store.select(_MEMBERSHIPS):
        g = row["g"].value
        doc = row["doc"].value if "doc" in row else None
        loc = row["loc"].value if "loc" in row else None
        fallback = source(row["forum"].value, g)
        _add_statement(raw, row["member"].value, row["forum"].value, "member_of", g,
                       (doc or fallback[0], loc or (fallback[1] if not doc else None)))

    for row in store.select(_THEMES):
        raw.themes[row["x"].value].add(row["theme"].value)
    return raw


def _more_specific(new: tuple[str, str], old: tuple[str, str], cls: str) -> bool:
    """Prefer a type named by an explicit class over one guessed from a root class."""
    return old[0] in ("organisation", "forum") and new[0] not in ("organisation",) and cls in CLASS_TYPES


def _add_statement(raw: _Raw, u: str, v: str, relation: str, graph: str, source: tuple[str | None, str | None]) -> None:
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


def _full_graph(raw: _Raw) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for iri, (kind, group) in sorted(raw.types.items()):
        graph.add_node(iri, iri=iri, type=kind, group=group)
    skipped_in_area = {u for (u, v, rel) in raw.edges if rel == "part_of"}
    for (u, v, relation), attrs in sorted(raw.edges.items()):
        if u not in graph or v not in graph:
            continue  # an end that is no actor, forum, method or agreement part (e.g. a theme)
        if relation == "in_area" and u in skipped_in_area:
            continue  # a commitment reaches its area through its initiative
        if relation == "in_agreement" and graph.nodes[u]["group"] != "area":
            continue  # initiatives and commitments reach their agreement through the area
        agreements = sorted(attrs["agreements"])
        graph.add_edge(u, v, key=relation, relation=relation, weight=1,
                       agreement=agreements[0] if agreements else None, agreements=agreements,
                       source=attrs["source"], source_location=attrs["source_location"])
    graph.remove_nodes_from([n for n, g in graph.nodes(data="group")
                             if g == "actor" and graph.degree(n) == 0])  # named only in the document catalogue
    _node_agreements(graph, raw)
    _node_municipalities(graph)
    for node, data in graph.nodes(data=True):
        data["commitments"] = sum(1 for _, _, k in graph.out_edges(node, keys=True) if k == "commits_to")
    return graph


def _node_agreements(graph: nx.MultiDiGraph, raw: _Raw) -> None:
    found: dict[str, set[str]] = defaultdict(set)
    for u, v, data in graph.edges(data=True):
        for a in data["agreements"]:
            found[u].add(a)
            found[v].add(a)
        if data["relation"] in ("party_to", "follows_up", "participates_in", "leads") and v in raw.agreements:
            found[u].add(v)
    for a in raw.agreements:
        found[a].add(a)
    for node, data in graph.nodes(data=True):
        data["agreements"] = sorted(found.get(node, ()))


def _node_municipalities(graph: nx.MultiDiGraph) -> None:
    """Which municipality each node belongs to: units by unit_of, forums by forum_of, agreements by party."""
    parent = {u: v for u, v, k in graph.edges(keys=True) if k in ("unit_of", "forum_of")}
    municipalities = {n for n, t in graph.nodes(data="type") if t == "municipality"}

    def owner(node: str) -> str | None:
        seen = set()
        while node not in municipalities and node in parent and node not in seen:
            seen.add(node)
            node = parent[node]
        return node if node in municipalities else None

    owners = {n: owner(n) for n in graph}
    for u, v, k in graph.edges(keys=True):
        if k == "party_to" and owners.get(u):
            owners[v] = owners[u]
    for node, data in graph.nodes(data=True):
        if owners[node] is None and data["group"] in ("area", "initiative", "commitment"):
            found = {owners[a] for a in data["agreements"] if owners.get(a)}
            owners[node] = found.pop() if len(found) == 1 else None
        data["municipality"] = owners[node]


def _agreement_scope(graph: nx.MultiDiGraph, agreement: str) -> set[str]:
    """Nodes with a relation stated in the agreement, plus the agreement itself."""
    nodes = {agreement} if agreement in graph else set()
    for u, v, data in graph.edges(data=True):
        if agreement in data["agreements"]:
            nodes.update((u, v))
    return nodes


def _municipality_scope(graph: nx.MultiDiGraph, municipality: str) -> set[str]:
    """The municipality's own nodes and everything directly tied to them (the police, agencies, methods)."""
    own = {n for n, m in graph.nodes(data="municipality") if m == municipality}
    nodes = set(own)
    for u, v, k in graph.edges(keys=True):
        if k in ("unit_of", "administration_of", "forum_of"):
            continue
        if u in own or v in own:
            nodes.update((u, v))
    return nodes


def _theme_scope(graph: nx.MultiDiGraph, raw: _Raw, theme: str) -> set[str]:
    """Areas, initiatives and commitments on the theme, what they are tied to, and forums using their methods."""
    themed = {n for n in graph if theme in raw.themes.get(n, ())}
    changed = True
    while changed:  # an initiative or commitment inherits the theme of its area or initiative
        grown = {u for u, v, k in graph.edges(keys=True) if k in ("in_area", "part_of") and v in themed}
        changed = not grown <= themed
        themed |= grown
    nodes = set(themed)
    for node in themed:
        nodes.update(graph.successors(node))
        nodes.update(graph.predecessors(node))
    methods = {n for n in nodes if graph.nodes[n]["group"] == "method"}
    nodes.update(u for u, v, k in graph.edges(keys=True)
                 if k == "uses_method" and v in methods and graph.nodes[u]["group"] == "forum")
    return nodes


def _actors_view(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    keep = [n for n, g in graph.nodes(data="group") if g in ("actor", "forum")]
    view = nx.MultiDiGraph()
    view.add_nodes_from((n, dict(graph.nodes[n])) for n in keep)
    view.add_edges_from((u, v, k, dict(d)) for u, v, k, d in graph.edges(keys=True, data=True)
                        if k in ACTOR_RELATIONS and u in view and v in view)
    return view


def _projected_view(graph: nx.MultiDiGraph) -> nx.Graph:
    """Organisation ↔ organisation: one edge per pair, weighted by shared forums and joint commitments."""
    actors = [n for n, g in graph.nodes(data="group") if g == "actor"]
    view = nx.Graph()
    view.add_nodes_from((n, dict(graph.nodes[n])) for n in actors)
    work: dict[str, set[str]] = defaultdict(set)  # forum, commitment or initiative → actors tied to it
    for u, v, k in graph.edges(keys=True):
        if k in ("unit_of", "administration_of", "party_to"):
            continue
        for actor, thing in ((u, v), (v, u)):
            if actor in view and graph.nodes[thing]["group"] in ("forum", "commitment", "initiative"):
                work[thing].add(actor)
    for thing, tied in sorted(work.items()):
        group = graph.nodes[thing]["group"]
        counter = "forums" if group == "forum" else "commitments"
        for a, b in combinations(sorted(tied), 2):
            if not view.has_edge(a, b):
                view.add_edge(a, b, relation="works_with", weight=0, forums=0, commitments=0,
                              shared=[], agreements=[], agreement=None, source=None, source_location=None)
            data = view.edges[a, b]
            data[counter] += 1
            data["weight"] += 1
            data["shared"].append(thing)
            for agreement in graph.nodes[thing]["agreements"]:
                if agreement not in data["agreements"]:
                    data["agreements"].append(agreement)
    for _, _, data in view.edges(data=True):
        data["agreements"].sort()
        data["agreement"] = data["agreements"][0] if data["agreements"] else None
    return view


def _label(store: Store, graph: nx.Graph, lang: str) -> None:
    iris = list(graph)
    sv, en = labels(store, iris, "sv"), labels(store, iris, "en")
    for node, data in graph.nodes(data=True):
        data["label_sv"], data["label_en"] = sv[node], en[node]
        data["label"] = en[node] if lang == "en" else sv[node]
    for edge in graph.edges(data=True):
        edge[2]["relation_label"] = relation_label(edge[2]["relation"], lang)


def _describe(store: Store, raw: _Raw, view: str, agreement: str | None, municipality: str | None,
              theme: str | None, lang: str) -> dict:
    """Graph-level attributes: the view, the filters, and a title naming the agreement and its date."""
    names = labels(store, [i for i in (agreement, municipality, theme) if i], lang)
    sv = lang == "sv"
    parts, when = [], ""
    if agreement:
        info = raw.agreements.get(agreement, {})
        when = info.get("signed") or "–".join(x for x in (info.get("start"), info.get("end")) if x)
        parts.append(names[agreement] + (f" ({when})" if when else ""))
    parts += [names[iri] for iri in (municipality, theme) if iri]
    if not agreement:
        parts.append("alla överenskommelser" if sv else "all agreements")
    title = " · ".join(parts)
    title = title[:1].upper() + title[1:]
    return {
        "view": view, "lang": lang, "agreement": agreement, "municipality": municipality, "theme": theme,
        "agreement_date": when or None, "title": title, "drawn": date.today().isoformat(),
        "agreement_labels": labels(store, raw.agreements, lang),
        "forum_types": sorted(FORUM_TYPES),
    }

