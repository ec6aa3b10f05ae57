"""Static pictures of the network (SVG, PNG) with matplotlib: coloured by type, sized by degree, readable labels."""

from __future__ import annotations

import io
import textwrap

import matplotlib
import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from ..i18n import gettext
from .layout import layout
from .metrics import undirected
from .vocabulary import TYPE_COLOURS, TYPE_ORDER, relation_label, type_label

#: how many nodes get a label (the best connected ones); the others are explained by the legend
TOP_LABELS = 40
_STRONG = {"coordinates", "leads", "responsible_for", "follows_up"}
_SHAPES = {"actor": "o", "forum": "s", "method": "D", "agreement": "*", "area": "^", "initiative": "v",
           "commitment": "."}
#: the picture's words: the catalogue's `netdraw_<key>` (views: the network page's `net_view_<view>`)
_TEXT_KEYS = ("network", "drawn", "size", "labels", "strong", "weak")


def _text(lang: str) -> dict:
    text = {key: gettext("netdraw_" + key, lang) for key in _TEXT_KEYS}
    text["views"] = {view: gettext("net_view_" + view.replace("-", "_"), lang)
                     for view in ("actors", "actors-projected", "full")}
    return text


def draw(graph: nx.Graph, fmt: str = "svg", top: int = TOP_LABELS, lang: str | None = None) -> bytes:
    """The network as an SVG or PNG picture (bytes)."""
    if fmt not in ("svg", "png"):
        raise ValueError(f"cannot draw {fmt!r}; expected svg or png")
    lang = lang or graph.graph.get("lang", "sv")
    text = _text(lang)
    simple = undirected(graph)
    pos = layout(graph)
    degree = dict(simple.degree())
    n = graph.number_of_nodes()
    width = min(22.0, 11.0 + n / 12)
    height = width * 0.72

    with matplotlib.rc_context({"svg.fonttype": "none", "font.family": "DejaVu Sans", "svg.hashsalt": "samverkan"}):
        fig = Figure(figsize=(width, height), dpi=150)
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_axes((0.01, 0.02, 0.98, 0.86))
        ax.set_axis_off()
        _draw_edges(ax, graph, pos)
        _draw_nodes(ax, graph, pos, degree)
        _draw_labels(ax, canvas, graph, pos, degree, top)
        _legend(ax, graph, text, lang)
        _title(fig, graph, text, min(top, n), lang)
        buffer = io.BytesIO()
        metadata = {"Date": None} if fmt == "svg" else {"Software": None}
        fig.savefig(buffer, format=fmt, metadata=metadata, bbox_inches="tight", facecolor="white")
    return buffer.getvalue()


def _draw_edges(ax, graph: nx.Graph, pos) -> None:
    strong, weak = [], []
    for u, v, data in graph.edges(data=True):
        if u == v:
            continue
        segment = (pos[u], pos[v])
        (strong if data.get("relation") in _STRONG else weak).append((segment, data.get("weight", 1) or 1))
    from matplotlib.collections import LineCollection  # noqa: PLC0415 - only drawing needs it

    for edges, colour, base in ((weak, "#B8B8B8", 0.8), (strong, "#555555", 1.6)):
        if edges:
            widths = [min(base * (1 + 0.4 * (w - 1)), 6) for _, w in edges]
            ax.add_collection(LineCollection([s for s, _ in edges], colors=colour, linewidths=widths, zorder=1))


def _draw_nodes(ax, graph: nx.Graph, pos, degree) -> None:
    by_look: dict[tuple[str, str], list[str]] = {}
    for node, data in graph.nodes(data=True):
        by_look.setdefault((data.get("type", "organisation"), data.get("group", "actor")), []).append(node)
    for (kind, group), nodes in sorted(by_look.items()):
        xs = [pos[n][0] for n in nodes]
        ys = [pos[n][1] for n in nodes]
        sizes = [_size(degree.get(n, 0)) for n in nodes]
        ax.scatter(xs, ys, s=sizes, c=TYPE_COLOURS.get(kind, "#999999"), marker=_SHAPES.get(group, "o"),
                   edgecolors="#333333", linewidths=0.6, zorder=2)
    ax.autoscale()
    ax.margins(0.08)


def _size(degree: int) -> float:
    """Marker area (points²) for a node of this degree."""
    return 60 + 45 * min(degree, 25)


def _node_box(ax, xy, size: float):
    """The display-space box a node's marker covers."""
    from matplotlib.transforms import Bbox  # noqa: PLC0415

    x, y = ax.transData.transform(xy)
    r = (size ** 0.5) / 2 * ax.figure.dpi / 72
    return Bbox([[x - r, y - r], [x + r, y + r]])


def _draw_labels(ax, canvas, graph: nx.Graph, pos, degree, top: int) -> None:
    """Label the best-connected nodes; a label that would cover another is moved, else left out."""
    ranked = sorted(graph.nodes, key=lambda n: (-degree.get(n, 0), graph.nodes[n].get("label", n)))[:top]
    renderer = canvas.get_renderer()
    boxes = {n: _node_box(ax, pos[n], _size(degree.get(n, 0))) for n in graph.nodes}
    placed = list(boxes.values())
    offsets = [(0, -14, "center", "top"), (0, 14, "center", "bottom"), (12, 0, "left", "center"),
               (-12, 0, "right", "center"), (10, -18, "left", "top"), (-10, 18, "right", "bottom")]
    for node in ranked:
        label = "\n".join(textwrap.wrap(graph.nodes[node].get("label", node), 30, break_on_hyphens=False)[:3])
        own = boxes[node]
        for dx, dy, ha, va in offsets:
            artist = ax.annotate(label, pos[node], xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                 fontsize=8.5, zorder=3,
                                 bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.8})
            box = artist.get_window_extent(renderer).expanded(1.04, 1.08)
            if not any(box.overlaps(other) for other in placed if other is not own):
                placed.append(box)
                break
            artist.remove()


def _legend(ax, graph: nx.Graph, text: dict, lang: str) -> None:
    present = {(d.get("type"), d.get("group")) for _, d in graph.nodes(data=True)}
    handles = []
    for kind in TYPE_ORDER:
        groups = sorted(g for t, g in present if t == kind)
        if groups:
            handles.append(Line2D([], [], linestyle="none", marker=_SHAPES.get(groups[0], "o"), markersize=9,
                                  markerfacecolor=TYPE_COLOURS.get(kind, "#999999"), markeredgecolor="#333333",
                                  label=type_label(kind, lang)))
    relations = {d.get("relation") for _, _, d in graph.edges(data=True)}
    if relations & _STRONG:
        handles.append(Line2D([], [], color="#555555", linewidth=1.6, label=text["strong"]))
    if relations - _STRONG:
        label = relation_label("works_with", lang) if relations == {"works_with"} else text["weak"]
        handles.append(Line2D([], [], color="#B8B8B8", linewidth=1.0, label=label))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=9)


def _title(fig, graph: nx.Graph, text: dict, labelled: int, lang: str) -> None:
    meta = graph.graph
    fig.suptitle(f"{text['network']}: {meta.get('title', '')}", x=0.01, y=0.985, ha="left", fontsize=15,
                 fontweight="bold")
    view = text["views"].get(meta.get("view"), meta.get("view") or "")
    line = " · ".join([view, gettext("netdraw_counts", lang, nodes=graph.number_of_nodes(), ties=graph.number_of_edges()),
                       text["size"], text["labels"] % {"n": labelled}])
    if meta.get("drawn"):
        line += f" · {text['drawn']} {meta['drawn']}"
    fig.text(0.01, 0.935, line, ha="left", fontsize=10, color="#444444")
