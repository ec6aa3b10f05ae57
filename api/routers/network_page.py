"""The network page: who works with whom, drawn with Cytoscape.js, filtered by one form that also works without
JavaScript (the server filters), with its legend, its metrics as a table, the links in words and downloads.

`/network?municipality=org/boras-stad&relation=coordinates` is the page; the same with `format=` is the shown
network as a file: cyjs (what the page's script draws), graphml, gexf, and png / svg drawn on the server (the
page's own PNG and SVG buttons draw in the browser what is on screen)."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, Response

from samverkan import i18n, resources
from samverkan.errors import Ambiguous, NotFound
from samverkan.network import VIEWS
from samverkan.network import page as shown_page
from samverkan.network.export import MEDIA_TYPES, export_network
from samverkan.network.page import Shown, cytoscape_json, shown_network
from samverkan.network.style import DASHES, RELATION_ORDER, edge_look, node_look, svg_points
from samverkan.network.vocabulary import RELATION_LABELS, TYPE_ORDER

from .. import web
from ..dependencies import StoreDep
from ..downloads import _disposition
from .pages import _not_found

router = APIRouter(tags=["pages"], include_in_schema=False)

#: what the page offers to download, in the order of its buttons
DOWNLOADS = ("png", "svg", "graphml", "gexf", "cyjs")
#: choices offered as a pick list up to this many; more (agreements at national scale) get a box with type-ahead
PICK_MAX = 300
#: links listed in words on the page at most (all of them are in the downloads)
TIES_SHOWN = 400


@router.get("/static/network.js")
def network_script() -> FileResponse:
    """The network page's own script."""
    return FileResponse(web.STATIC / "network.js", media_type="text/javascript")


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, store: StoreDep, agreement: str = "", municipality: str = "",
                       theme: str = "", view: str = "", format: str = ""):
    """The network of the chosen agreement, municipality, theme and kinds of link (`relation`, repeatable)."""
    lang = web.get_lang(request)
    relations = tuple(r for r in request.query_params.getlist("relation") if r)
    chosen = {}
    for kind, value in (("agreement", agreement), ("municipality", municipality), ("theme", theme)):
        try:
            chosen[kind] = resources.resolved(store, value.strip(), kind) if value.strip() else None
        except (NotFound, Ambiguous) as exc:
            return _not_found(request, exc, kind)
    view = view or VIEWS[0]
    if view not in VIEWS:
        return _bad(request, web.translate("net_unknown_view", lang, value=view))
    if format and format not in DOWNLOADS:
        return _bad(request, web.translate("net_unknown_format", lang, value=format, formats=", ".join(DOWNLOADS)))
    unknown = [r for r in relations if r not in RELATION_LABELS]
    if unknown:
        return _bad(request, web.translate("net_unknown_relation", lang, value=", ".join(unknown)))
    shown = shown_network(store, view, chosen["agreement"], chosen["municipality"], chosen["theme"], relations, lang,
                          shown_page.LIMIT)
    if format:
        return _download(shown, format, lang, chosen)
    params = {"agreement": agreement, "municipality": municipality, "theme": theme, "view": view}
    return web.render(request, "network.html.j2", **_page(store, shown, lang, params, relations, chosen))


def _bad(request: Request, message: str) -> HTMLResponse:
    return web.render(request, "error.html.j2", 400, title="not_found", what="network", value="", message=message,
                      candidates=[])


def _download(shown: Shown, fmt: str, lang: str, chosen: dict) -> Response:
    """The shown network as a file named after the page's choice (natverk-boras-stad.graphml)."""
    body = cytoscape_json(shown, lang) if fmt == "cyjs" else export_network(shown.graph, fmt, lang=lang)
    name = _filename(lang, chosen.values(), fmt)
    return Response(body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": _disposition(name)})


def _filename(lang: str, chosen, fmt: str) -> str:
    """natverk-boras-stad.graphml: the word and the last part of each chosen agreement, municipality or theme."""
    slugs = [value.rstrip("/").rsplit("/", 1)[-1] for value in chosen if value]
    return "-".join([web.translate("net_file", lang), *slugs]) + "." + fmt


def _page(store, shown: Shown, lang: str, params: dict, relations: tuple[str, ...], chosen: dict) -> dict:
    """What the template shows: the form's choices, the legend, the metrics table, the links in words."""
    graph, metrics = shown.graph, shown.metrics
    state = {k: v for k, v in params.items() if v and not (k == "view" and v == VIEWS[0])}
    downloads = [{"format": f, "href": _url(lang, state, relations, format=f), "title": "net_" + f + "_title",
                  "filename": _filename(lang, chosen.values(), f)} for f in DOWNLOADS]
    return {
        "choices": {
            "agreement": _agreement_choices(store, shown, chosen, lang),
            "municipality": [(web.short_id(c["id"]), c["label"]) for c in resources.choices(store, "municipality", lang)],
            "theme": [(web.short_id(c["id"]), c["label"]) for c in resources.choices(store, "theme", lang)],
            "view": [("actors", web.translate("net_view_actors", lang)),
                     ("actors-projected", web.translate("net_view_actors_projected", lang)),
                     ("full", web.translate("net_view_full", lang))],
        },
        "params": params, "relations": relations, "pick_max": PICK_MAX,
        "relation_choices": [(r, i18n.gettext("net_rel_" + r, lang))
                             for r in [*shown.relations, *(r for r in relations if r not in shown.relations)]],
        "data_url": _url(lang, state, relations, format="cyjs"), "downloads": downloads,
        "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(), "total": shown.total_nodes,
        "limited": shown.limited, "node_kinds": _node_kinds(graph, lang), "link_kinds": _link_kinds(graph, lang),
        "rows": _rows(metrics, lang), "ties": _ties(graph, lang), "summary": {
            "components": len(metrics["components"]), "groups": len(metrics["communities"]),
            "sampled": metrics["betweenness"]["samples"]},
    }


def _agreement_choices(store, shown: Shown, chosen: dict, lang: str) -> list[tuple[str, str]]:
    """Every agreement; with a municipality chosen, only those the municipality's network comes from (and the
    chosen one), so the list stays short at national scale."""
    every = resources.choices(store, "agreement", lang)
    if chosen["municipality"]:
        used = {a for _, found in shown.graph.nodes(data="agreements") for a in found or ()} | {chosen["agreement"]}
        every = [c for c in every if c["id"] in used]
    return [(web.short_id(c["id"]), c["label"]) for c in every]


def _url(lang: str, state: dict, relations: tuple[str, ...], **extra) -> str:
    """This page with the same choices (and `extra`), in the reader's language."""
    query = [*state.items(), *(("relation", r) for r in relations), *extra.items()]
    if lang != "sv":
        query.append(("lang", lang))
    return "/network" + ("?" + urlencode(query) if query else "")


def _node_kinds(graph, lang: str) -> list[dict]:
    """The node types present, in the vocabulary's order, with their colour and shape for the legend."""
    present = {kind for _, kind in graph.nodes(data="type")}
    return [{"label": i18n.gettext("net_type_" + kind, lang), **node_look(kind),
             "points": svg_points(node_look(kind)["shape"])} for kind in TYPE_ORDER if kind in present]


def _link_kinds(graph, lang: str) -> list[dict]:
    """The relations present with their colour and line style for the legend."""
    present = {d.get("relation") for *_, d in graph.edges(data=True)}
    return [{"label": i18n.gettext("net_rel_" + r, lang), **edge_look(r), "dash": DASHES[edge_look(r)["line"]]}
            for r in RELATION_ORDER if r in present]


def _rows(metrics: dict, lang: str) -> list[dict]:
    """The metrics table: one row per node, by rank (betweenness, then weighted degree)."""
    return [{"id": n["id"], "label": n["label"], "type": i18n.gettext("net_type_" + (n["type"] or "organisation"), lang),
             "degree": n["degree"], "betweenness": i18n.format_number(n["betweenness"], lang, 3),
             "broker": n["broker"], "group": (n["community"] or 0) + 1} for n in metrics["nodes"]]


def _ties(graph, lang: str) -> dict:
    """The links as sentences (who, relation, whom), by the first name; at most TIES_SHOWN of them."""
    names = dict(graph.nodes(data="label"))
    ties = sorted(((names.get(u) or u, i18n.gettext("net_rel_" + (d.get("relation") or ""), lang), names.get(v) or v, u, v)
                   for u, v, d in graph.edges(data=True)), key=lambda t: (t[0].casefold(), t[1], t[2].casefold()))
    return {"total": len(ties), "items": [{"source": {"id": u, "label": a}, "relation": r, "target": {"id": v, "label": b}}
                                          for a, r, b, u, v in ties[:TIES_SHOWN]]}
