"""The coordination network: a networkx graph built from the store with a few SPARQL queries.

The whole network (every actor, forum, method, agreement, focus area, initiative and commitment with
their typed relations) is read once per store state and kept; filters and views are then applied to that
graph in Python. A municipality's or an agreement's network is read on its own, from the inside out
(scoped.py), and is the same as the cut from the whole network.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from itertools import combinations

import networkx as nx

from ..gcpause import gc_paused
from ..labels import labels
from ..store import Store
from .read import Raw, agreement_iris, assemble, read_all
from .scoped import read_scoped
from .vocabulary import ACTOR_RELATIONS, FORUM_TYPES, relation_label

VIEWS = ("actors", "actors-projected", "full")
#: per view, the groups of node whose attributes it shows (a scoped read must get them exactly right)
_NEEDED = {
    "actors": frozenset({"actor", "forum"}),
    "actors-projected": frozenset({"actor", "forum", "commitment", "initiative"}),
    "full": frozenset({"actor", "forum", "method", "agreement", "area", "initiative", "commitment"}),
}


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
    with gc_paused():
        if (agreement or municipality) and not theme:
            raw, full = _scoped(store, agreement, municipality, _NEEDED[view])
        else:
            raw, full = _national(store)
        return _cut_network(store, raw, full, view, agreement, municipality, theme, lang)




def _cut_network(store: Store, raw: Raw, full: nx.MultiDiGraph, view: str, agreement: str | None,
                 municipality: str | None, theme: str | None, lang: str) -> nx.Graph:
    """The view of what the filters keep of `full`, labelled and described."""
    kept = _scope(full, raw, agreement, municipality, theme)
    if view == "full":
        graph = _cut(full, kept)
    elif view == "actors":
        graph = _actors_view(full, kept)
    else:
        graph = _projected_view(full, kept)
    _label(store, graph, lang)
    graph.graph.update(_describe(store, raw, view, agreement, municipality, theme, lang))
    return graph


def _national(store: Store) -> tuple[Raw, nx.MultiDiGraph]:
    """The whole network read from the store, once per store state (samverkan.resources.cached): every
    filter and view is then a cheap selection from it. Callers copy what they change."""
    from ..resources import (
        cached,  # here: resources imports the validator, which the network does not need
    )

    def read():
        raw = assemble(read_all(store))
        return raw, _full_graph(raw)

    return cached(store, ("network",), read)


def _scoped(store: Store, agreement: str | None, municipality: str | None,
            groups: frozenset[str]) -> tuple[Raw, nx.MultiDiGraph]:
    """The part of the network the filters keep, read on its own; exact for the nodes of `groups`."""
    from ..resources import cached

    def read():
        return read_scoped(store, municipality, agreement, _full_graph,
                           lambda graph: _scope(graph, None, agreement, municipality, None), groups)

    return cached(store, ("network", agreement, municipality, groups), read)


def _scope(full: nx.MultiDiGraph, raw: Raw | None, agreement: str | None, municipality: str | None,
           theme: str | None) -> set[str] | None:
    """The nodes the filters keep (None: no filter, every node)."""
    kept = None
    if agreement:
        kept = _agreement_scope(full, agreement)
    if municipality:
        found = _municipality_scope(full, municipality)
        kept = found if kept is None else kept & found
    if theme:
        found = _theme_scope(full, raw, theme)
        kept = found if kept is None else kept & found
    return kept


def _cut(full: nx.MultiDiGraph, kept: set[str] | None) -> nx.MultiDiGraph:
    """A copy of the kept part of the graph, nodes and edges in the graph's own (sorted) order."""
    cut = nx.MultiDiGraph()
    cut.add_nodes_from((n, dict(d)) for n, d in full.nodes(data=True) if kept is None or n in kept)
    cut.add_edges_from((u, v, k, dict(d)) for u in cut for v, keyed in full.adj[u].items() if v in cut
                       for k, d in keyed.items())
    return cut


def _full_graph(raw: Raw) -> nx.MultiDiGraph:
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


def _node_agreements(graph: nx.MultiDiGraph, raw: Raw) -> None:
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


def _theme_scope(graph: nx.MultiDiGraph, raw: Raw, theme: str) -> set[str]:
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


def _actors_view(graph: nx.MultiDiGraph, kept: set[str] | None) -> nx.MultiDiGraph:
    view = nx.MultiDiGraph()
    view.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True)
                        if d["group"] in ("actor", "forum") and (kept is None or n in kept))
    view.add_edges_from((u, v, k, dict(d)) for u in view for v, keyed in graph.adj[u].items() if v in view
                        for k, d in keyed.items() if k in ACTOR_RELATIONS)
    return view


def _projected_view(graph: nx.MultiDiGraph, kept: set[str] | None) -> nx.Graph:
    """Organisation ↔ organisation: one edge per pair, weighted by shared forums and joint commitments."""
    view = nx.Graph()
    view.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True)
                        if d["group"] == "actor" and (kept is None or n in kept))
    work: dict[str, set[str]] = defaultdict(set)  # forum, commitment or initiative → actors tied to it
    for u, v, k in graph.edges(keys=True):
        if k in ("unit_of", "administration_of", "party_to"):
            continue
        if kept is not None and (u not in kept or v not in kept):
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


def _describe(store: Store, raw: Raw, view: str, agreement: str | None, municipality: str | None,
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
        "agreement_labels": dict(_agreement_labels(store, lang)),
        "forum_types": sorted(FORUM_TYPES),
    }


def _agreement_labels(store: Store, lang: str) -> dict[str, str]:
    """Every agreement's label (for the picker of the interactive network), once per store state."""
    from ..resources import cached

    return cached(store, ("network-agreement-labels", lang), lambda: labels(store, agreement_iris(store), lang))
