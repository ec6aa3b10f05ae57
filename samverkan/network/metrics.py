"""Network metrics: degree, betweenness, brokers, components and communities, reproducible (fixed seeds)."""

from __future__ import annotations

import networkx as nx

from .centrality import betweenness as _betweenness
from .centrality import brokers as _broker_parts

#: exact betweenness up to this many nodes; above it, sampled from BETWEENNESS_SAMPLES pivots
BETWEENNESS_EXACT_MAX_NODES = 2000
BETWEENNESS_SAMPLES = 500
SEED = 42


def undirected(graph: nx.Graph) -> nx.Graph:
    """A simple undirected graph; the weight of a pair is the sum of the weights of its edges (default 1)."""
    simple = nx.Graph()
    simple.add_nodes_from(graph.nodes(data=True))
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        weight = data.get("weight", 1) or 1
        if simple.has_edge(u, v):
            simple.edges[u, v]["weight"] += weight
        else:
            simple.add_edge(u, v, weight=weight)
    return simple


def compute_metrics(graph: nx.Graph) -> dict:
    """Per node degree, weighted degree, betweenness, broker flag and community; components; communities.

    Nodes are ranked by betweenness (then weighted degree). Brokers are actors whose removal separates
    forums from each other (articulation points of the undirected network that cut forums apart; in the
    projected view, actors whose removal separates other actors). JSON-able.
    """
    simple = undirected(graph)
    n = simple.number_of_nodes()
    if n <= BETWEENNESS_EXACT_MAX_NODES:
        betweenness = _betweenness(simple)
        method = {"method": "exact", "samples": None, "seed": None}
    else:
        betweenness = _betweenness(simple, k=BETWEENNESS_SAMPLES, seed=SEED)
        method = {"method": "sampled", "samples": BETWEENNESS_SAMPLES, "seed": SEED}
    communities = _communities(simple)
    community_of = {node: i for i, members in enumerate(communities) for node in members}
    brokers = _brokers(simple)
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c))

    nodes = []
    for node, data in simple.nodes(data=True):
        nodes.append({
            "id": node,
            "label": data.get("label", node),
            "type": data.get("type"),
            "group": data.get("group"),
            "degree": simple.degree(node),
            "weighted_degree": simple.degree(node, weight="weight"),
            "betweenness": round(betweenness.get(node, 0.0), 6),
            "broker": node in brokers,
            "separates": brokers.get(node, 0),
            "community": community_of.get(node),
        })
    nodes.sort(key=lambda r: (-r["betweenness"], -r["weighted_degree"], r["label"]))
    for rank, row in enumerate(nodes, 1):
        row["rank"] = rank
    return {
        "view": graph.graph.get("view"),
        "title": graph.graph.get("title"),
        "nodes_total": n,
        "edges_total": simple.number_of_edges(),
        "betweenness": method,
        "communities_method": {"method": "louvain", "seed": SEED, "weight": "weight"},
        "nodes": nodes,
        "brokers": sorted(brokers),
        "components": [{"size": len(c), "nodes": c} for c in components],
        "communities": [sorted(c) for c in communities],
    }


def _communities(simple: nx.Graph) -> list[list[str]]:
    if simple.number_of_edges() == 0:
        return [[node] for node in sorted(simple)]
    found = nx.community.louvain_communities(simple, weight="weight", seed=SEED)
    return sorted((sorted(c) for c in found), key=lambda c: (-len(c), c))


def _brokers(simple: nx.Graph) -> dict[str, int]:
    """Actor → number of separated parts that hold a forum (or, with no forums, an actor) once it is removed."""
    has_forums = any(g == "forum" for _, g in simple.nodes(data="group"))
    return _broker_parts(simple, "forum" if has_forums else "actor")
