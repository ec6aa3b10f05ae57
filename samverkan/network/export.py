"""Write the network for other tools: GraphML and GEXF (Gephi, Cytoscape), Cytoscape.js, node-link JSON, DOT,
and the pictures (SVG, PNG, interactive HTML)."""

from __future__ import annotations

import io
import json

import networkx as nx

from .layout import layout
from .vocabulary import TYPE_COLOURS

FORMATS = ("graphml", "gexf", "cyjs", "json", "dot", "svg", "png", "html")

#: file suffix → format, for choosing a format from an output file name
SUFFIXES = {".graphml": "graphml", ".gexf": "gexf", ".cyjs": "cyjs", ".json": "json", ".dot": "dot", ".gv": "dot",
            ".svg": "svg", ".png": "png", ".html": "html", ".htm": "html"}

#: media type of each format, for the web app
MEDIA_TYPES = {"graphml": "application/graphml+xml", "gexf": "application/gexf+xml", "cyjs": "application/json",
               "json": "application/json", "dot": "text/vnd.graphviz", "svg": "image/svg+xml", "png": "image/png",
               "html": "text/html; charset=utf-8"}


def export_network(graph: nx.Graph, fmt: str, lang: str | None = None) -> bytes:
    """The network in one of FORMATS, as bytes (text formats in UTF-8)."""
    if fmt == "graphml":
        return _graphml(graph)
    if fmt == "gexf":
        return _gexf(graph)
    if fmt == "cyjs":
        return _json(_cytoscape(document_renamed(graph)))
    if fmt == "json":
        return _json(nx.node_link_data(document_renamed(graph), edges="links"))
    if fmt == "dot":
        return to_dot(graph).encode("utf-8")
    if fmt in ("svg", "png"):
        from .draw import draw  # noqa: PLC0415 - matplotlib only when a picture is asked for

        return draw(graph, fmt, lang=lang)
    if fmt == "html":
        from .interactive import render_html  # noqa: PLC0415

        return render_html(graph, lang=lang).encode("utf-8")
    raise ValueError(f"unknown network format {fmt!r}; expected one of {', '.join(FORMATS)}")


def document_renamed(graph: nx.Graph) -> nx.Graph:
    """In link formats `source` and `target` are an edge's ends, so the edge's source document is `source_document`."""
    renamed = graph.copy()
    for edge in renamed.edges(data=True):
        if "source" in edge[2]:
            edge[2]["source_document"] = edge[2].pop("source")
    return renamed


def _json(data) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n").encode("utf-8")


def _scalar(value):
    """GraphML and GEXF hold strings and numbers only: lists joined with '; ', None left out."""
    if isinstance(value, (list, tuple, set)):
        return "; ".join(str(v) for v in value)
    return value


def flat_copy(graph: nx.Graph) -> nx.Graph:
    """A copy with scalar attributes only (what GraphML and GEXF can hold), plus a colour per node."""
    flat = graph.__class__()
    flat.graph.update({k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float, bool))})
    for node, data in graph.nodes(data=True):
        attrs = {k: _scalar(v) for k, v in data.items() if v is not None and not isinstance(v, dict)}
        attrs["colour"] = TYPE_COLOURS.get(data.get("type"), "#999999")
        flat.add_node(node, **attrs)
    if graph.is_multigraph():
        for u, v, key, data in graph.edges(keys=True, data=True):
            flat.add_edge(u, v, key=key, **{k: _scalar(x) for k, x in data.items() if x is not None})
    else:
        for u, v, data in graph.edges(data=True):
            flat.add_edge(u, v, **{k: _scalar(x) for k, x in data.items() if x is not None})
    return flat


def _graphml(graph: nx.Graph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(flat_copy(graph), buffer, encoding="utf-8", named_key_ids=True)
    return buffer.getvalue()


def _gexf(graph: nx.Graph) -> bytes:
    """GEXF 1.2 with Gephi's viz attributes: the same colours as the pictures, size by degree, positions."""
    flat = flat_copy(graph)
    pos = layout(graph)
    for node, data in flat.nodes(data=True):
        colour = data["colour"].lstrip("#")
        r, g, b = (int(colour[i:i + 2], 16) for i in (0, 2, 4))
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0},
                       "size": 6.0 + 2.0 * graph.degree(node),
                       "position": {"x": round(pos[node][0] * 100, 2), "y": round(pos[node][1] * 100, 2), "z": 0.0}}
    buffer = io.BytesIO()
    nx.write_gexf(flat, buffer, encoding="utf-8", version="1.2draft")
    return buffer.getvalue()


def _cytoscape(graph: nx.Graph) -> dict:
    """Cytoscape.js / Cytoscape desktop (.cyjs) JSON with positions and colours."""
    data = nx.cytoscape_data(graph, name="label")
    data["data"] = {k: v for k, v in graph.graph.items() if isinstance(v, (str, int, float, bool))}  # not pairs
    pos = layout(graph)
    for element in data["elements"]["nodes"]:
        node = element["data"]["value"]
        element["data"]["colour"] = TYPE_COLOURS.get(graph.nodes[node].get("type"), "#999999")
        element["position"] = {"x": round(pos[node][0] * 100, 2), "y": round(-pos[node][1] * 100, 2)}
    return data


def _quote(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(graph: nx.Graph) -> str:
    """Graphviz DOT: labelled, coloured nodes (boxes for forums) and labelled edges."""
    directed = graph.is_directed()
    arrow = "->" if directed else "--"
    lines = [f"{'digraph' if directed else 'graph'} samverkan {{",
             f"  graph [label={_quote(graph.graph.get('title', ''))}, labelloc=t, overlap=false, splines=true];",
             '  node [style=filled, fontname="Helvetica", fontsize=10];',
             '  edge [fontname="Helvetica", fontsize=8, color="#777777"];']
    for node, data in sorted(graph.nodes(data=True)):
        shape = "box" if data.get("group") == "forum" else "ellipse"
        lines.append(f"  {_quote(node)} [label={_quote(data.get('label', node))}, shape={shape}, "
                     f"fillcolor={_quote(TYPE_COLOURS.get(data.get('type'), '#999999'))}, type={_quote(data.get('type'))}];")
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
        label = data.get("relation_label") or data.get("relation", "")
        extra = f", weight={data['weight']}" if data.get("weight", 1) != 1 else ""
        lines.append(f"  {_quote(u)} {arrow} {_quote(v)} [label={_quote(label)}{extra}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
