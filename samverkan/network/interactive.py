"""An interactive, self-contained HTML view of the network (vis-network from the installed pyvis package, inlined)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import jinja2
import networkx as nx

from ..i18n import gettext
from ..labels import LANGUAGES
from .layout import layout
from .metrics import undirected
from .vocabulary import TYPE_COLOURS, TYPE_ORDER, type_label

_SHAPES = {"actor": "dot", "forum": "square", "method": "diamond", "agreement": "star", "area": "triangle",
           "initiative": "triangleDown", "commitment": "dot"}

#: the standalone page's words: the catalogue's `netfile_<key>`
TEXT_KEYS = ("network", "search", "find", "types", "agreement", "all", "relations", "hint", "not_found", "source", "none",
             "drawn", "shown", "nodes", "type")


def vis_assets() -> tuple[Path, Path]:
    """The vis-network JavaScript and CSS files shipped by the installed pyvis package."""
    import pyvis  # noqa: PLC0415 - only to find its files

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return folder / "vis-network.min.js", folder / "vis-network.css"


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    js, css = vis_assets()
    script = js.read_text(encoding="utf-8")
    if "</script" in script.lower():
        raise RuntimeError(f"{js} cannot be inlined: it contains a closing script tag")
    return script, css.read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _template() -> jinja2.Template:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                             autoescape=True, keep_trailing_newline=True)
    return env.get_template("network.html.j2")


def network_data(graph: nx.Graph, lang: str = "sv") -> dict:
    """Nodes and edges as the page's script reads them (vis-network items plus what the panels show)."""
    simple = undirected(graph)
    pos = layout(graph)
    degree = dict(simple.degree())
    nodes = []
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "organisation")
        label = data.get(f"label_{lang}") or data.get("label") or node
        nodes.append({
            "id": node, "label": label, "type": kind, "typeLabel": type_label(kind, lang),
            "group": data.get("group"), "agreements": data.get("agreements", []),
            "color": TYPE_COLOURS.get(kind, "#999999"), "shape": _SHAPES.get(data.get("group"), "dot"),
            "size": 8 + 2 * min(degree.get(node, 0), 15),
            "x": round(pos[node][0] * 170, 1), "y": round(-pos[node][1] * 170, 1),
        })
    edges = []
    for i, (u, v, data) in enumerate(graph.edges(data=True)):
        edges.append({
            "id": i, "from": u, "to": v, "relation": data.get("relation"),
            "label": data.get("relation_label") or data.get("relation"),
            "agreements": data.get("agreements", []), "source": data.get("source"),
            "location": data.get("source_location"), "weight": data.get("weight", 1),
            "directed": graph.is_directed(),
        })
    present = {n["type"] for n in nodes}
    types = [{"id": t, "label": type_label(t, lang), "color": TYPE_COLOURS[t]} for t in TYPE_ORDER if t in present]
    agreement_labels = graph.graph.get("agreement_labels") or {}
    used = sorted({a for n in nodes for a in n["agreements"]})
    agreements = [{"id": a, "label": agreement_labels.get(a, a.rsplit("/", 1)[-1])} for a in used]
    return {"nodes": nodes, "edges": edges, "types": types, "agreements": agreements}


def render_html(graph: nx.Graph, title: str | None = None, lang: str | None = None) -> str:
    """A self-contained HTML page (no network access needed): pan, zoom, search, filter by type and agreement,
    click a node to list its relations. Swedish by default, English with lang="en"."""
    lang = lang or graph.graph.get("lang")
    lang = lang if lang in LANGUAGES else "sv"
    text = {key: gettext("netfile_" + key, lang) for key in TEXT_KEYS}
    script, css = _assets()
    heading = title or f"{text['network']}: {graph.graph.get('title', '')}".rstrip(": ")
    return _template().render(
        lang=lang, text=text, title=heading, drawn=graph.graph.get("drawn"), data=network_data(graph, lang),
        vis_js=script, vis_css=css,
    )
