"""The network as the web page shows it: the link kinds asked for, at most LIMIT nodes when no municipality
or agreement is chosen, its metrics, and Cytoscape.js elements carrying the look and the metrics of each node.

The same selection is drawn in the browser, listed in the page's table and exported (GraphML, GEXF, Cytoscape
JSON), so what a reader downloads is what they see."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from .. import i18n
from ..store import Store
from .build import build_network
from .export import document_renamed
from .metrics import compute_metrics, undirected
from .style import RELATION_ORDER, edge_look, node_look, polygon

#: nodes drawn at most when neither a municipality nor an agreement is chosen (the national network has thousands)
LIMIT = 200


@dataclass(frozen=True)
class Shown:
    """A network as the page shows it. `relations`: every link kind of the view before the link filter."""

    graph: nx.Graph
    metrics: dict
    total_nodes: int
    relations: list[str]

    @property
    def limited(self) -> bool:
        return self.graph.number_of_nodes() < self.total_nodes


def shown_network(store: Store, view: str = "actors", agreement: str | None = None, municipality: str | None = None,
                  theme: str | None = None, relations: tuple[str, ...] = (), lang: str = "sv",
                  limit: int = LIMIT) -> Shown:
    """The network of the filters (IRIs), with only `relations` (all when empty), cut to the `limit` best
    connected nodes when neither `agreement` nor `municipality` is given; once per store state and filters."""
    from ..resources import cached  # noqa: PLC0415 - resources imports the validator, which the network does not need

    def compute() -> Shown:
        graph = build_network(store, view=view, agreement=agreement, municipality=municipality, theme=theme, lang=lang)
        present = [r for r in RELATION_ORDER if any(d.get("relation") == r for *_, d in graph.edges(data=True))]
        present += sorted({d.get("relation") for *_, d in graph.edges(data=True)} - set(present) - {None})
        graph = keep_relations(graph, relations)
        total = graph.number_of_nodes()
        if not (agreement or municipality):
            graph = most_connected(graph, limit)
        return Shown(graph, compute_metrics(graph), total, present)

    key = ("network-page", view, agreement, municipality, theme, tuple(sorted(set(relations))), lang, limit)
    return cached(store, key, compute)


def keep_relations(graph: nx.Graph, relations) -> nx.Graph:
    """The graph with only the links of `relations` and the nodes they tie (the graph itself when none are given)."""
    wanted = set(relations)
    if not wanted:
        return graph
    kept = graph.__class__()
    kept.graph.update(graph.graph)
    if graph.is_multigraph():
        edges = [(u, v, k, d) for u, v, k, d in graph.edges(keys=True, data=True) if d.get("relation") in wanted]
        kept.add_nodes_from((n, graph.nodes[n]) for n in sorted({n for u, v, *_ in edges for n in (u, v)}))
        kept.add_edges_from(edges)
    else:
        edges = [(u, v, d) for u, v, d in graph.edges(data=True) if d.get("relation") in wanted]
        kept.add_nodes_from((n, graph.nodes[n]) for n in sorted({n for u, v, _ in edges for n in (u, v)}))
        kept.add_edges_from(edges)
    return kept


def most_connected(graph: nx.Graph, limit: int) -> nx.Graph:
    """The `limit` nodes with the most ties (then by name) and the links between them; the graph when it is smaller."""
    if graph.number_of_nodes() <= limit:
        return graph
    degree = dict(undirected(graph).degree())
    chosen = sorted(graph, key=lambda n: (-degree.get(n, 0), graph.nodes[n].get("label", n), n))[:limit]
    cut = graph.subgraph(chosen).copy()
    cut.graph.update(graph.graph)
    return cut


def cytoscape_json(shown: Shown, lang: str = "sv") -> bytes:
    """Cytoscape JSON (.cyjs: Cytoscape.js and Cytoscape desktop) of the shown network: the look of
    each node and link, the type and relation in words, and per node its degree, betweenness, broker flag and group.
    No positions: the page lays the network out itself (a server layout costs a second for a municipality)."""
    import json  # noqa: PLC0415

    data = nx.cytoscape_data(document_renamed(shown.graph), name="label")
    data["data"] = {k: v for k, v in shown.graph.graph.items() if isinstance(v, (str, int, float, bool))}
    data["data"]["nodes_total"] = shown.total_nodes
    metrics = {row["id"]: row for row in shown.metrics["nodes"]}
    for element in data["elements"]["nodes"]:
        node = element["data"]
        kind = node.get("type") or "organisation"
        row = metrics.get(node["value"], {})
        look = node_look(kind)
        node.update(type_label=i18n.gettext("net_type_" + kind, lang), colour=look["colour"], shape=look["shape"],
                    polygon=polygon(look["shape"]), degree=row.get("degree", 0), betweenness=row.get("betweenness", 0.0),
                    broker=row.get("broker", False), community=row.get("community"), rank=row.get("rank"))
        node["label"] = node.get("label_en" if lang == "en" else "label_sv") or node.get("label") or node["value"]
    for element in data["elements"]["edges"]:
        edge = element["data"]
        relation = edge.get("relation") or ""
        look = edge_look(relation)
        edge.update(relation_label=i18n.gettext("net_rel_" + relation, lang), colour=look["colour"],
                    line=look["line"], width=look["width"], directed=shown.graph.is_directed())
    return (json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")

