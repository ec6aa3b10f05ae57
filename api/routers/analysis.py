"""Validation, network and named-query results as JSON (and network exports), from the library."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from samverkan import i18n, resources
from samverkan.network import FORMATS, VIEWS, build_network, export_network
from samverkan.queries import PAGE_SIZE, ParamError, list_queries, run_named

from ..dependencies import LangDep, StoreDep
from ..responses import LOOKUP, cached_bytes, content, json_bytes

router = APIRouter(prefix="/api", tags=["analysis"])

#: media type of each network export format (samverkan.network.FORMATS); others are sent as bytes
NETWORK_TYPES = {"json": "application/json", "cyjs": "application/json", "graphml": "application/graphml+xml",
                 "gexf": "application/gexf+xml", "dot": "text/vnd.graphviz; charset=utf-8", "svg": "image/svg+xml",
                 "png": "image/png", "html": "text/html; charset=utf-8"}
QueryName = Annotated[str, Path(description="The query's name (see /api/queries).", examples=["forums"])]
_NETWORK_CONTENT = content(*sorted({t.split(";")[0] for f, t in NETWORK_TYPES.items() if f != "png"}),
                           binary=("image/png",))


@router.get("/validation", summary="Validation report (SHACL) as JSON", responses=LOOKUP)
async def validation(store: StoreDep, lang: LangDep = "sv",
                     agreement: Annotated[str | None, Query(description="Only this agreement (IRI or slug).")] = None):
    """The validator's report: findings by severity and per-agreement completeness (score 0–100)."""
    def run():
        iri = resources.resolved(store, agreement, "agreement") if agreement else None
        return cached_bytes(store, ("validation", iri, lang), lambda: json_bytes(resources.validation(store, iri, lang)))

    return Response(await run_in_threadpool(run), media_type="application/json")


@router.get("/network", summary="Who works with whom, as a network export", responses={
    200: {"description": "The network in the asked format.", "content": _NETWORK_CONTENT}, **LOOKUP})
async def network(
    store: StoreDep,
    lang: LangDep = "sv",
    agreement: Annotated[str | None, Query(description="Only this agreement (IRI or slug).")] = None,
    municipality: Annotated[str | None, Query(description="Only this municipality (IRI or slug).")] = None,
    theme: Annotated[str | None, Query(description="Only this theme (IRI or slug).")] = None,
    view: Annotated[Literal[VIEWS], Query(description="actors, actors-projected or full.")] = "actors",
    format: Annotated[Literal[FORMATS], Query(description="json, cyjs, graphml, gexf, dot, svg, png, html.")] = "json",
):
    """The network of organisations and forums (and, with view=full, agreements, areas, initiatives and
    commitments), exported in `format`."""
    def run():
        a = resources.resolved(store, agreement, "agreement") if agreement else None
        m = resources.resolved(store, municipality, "municipality") if municipality else None
        t = resources.resolved(store, theme, "theme") if theme else None
        return cached_bytes(store, ("network", view, a, m, t, format, lang), lambda: export_network(
            build_network(store, view=view, agreement=a, municipality=m, theme=t, lang=lang), format, lang=lang))

    return Response(await run_in_threadpool(run), media_type=NETWORK_TYPES.get(format, "application/octet-stream"))


@router.get("/queries", summary="The named queries and their parameters")
async def queries(lang: LangDep = "sv"):
    """Every named query: name, title, description, parameters and columns."""
    items = await run_in_threadpool(list_queries)
    return {"total": len(items), "items": [q.to_dict(lang) for q in items]}


@router.get("/queries/{name}", summary="Run a named query", responses=LOOKUP)
async def run_query(name: QueryName, request: Request, store: StoreDep, lang: LangDep = "sv",
                    page: Annotated[Optional[int], Query(ge=1, description="Only this page of a query read by agreement (its `paged_by` in /api/queries): the rows of `page_size` agreements.")] = None,
                    page_size: Annotated[int, Query(ge=1, le=500, description="Agreements per page.")] = PAGE_SIZE):
    """Run the named query `name`; its parameters come from the URL (`?agreement=boras-2015`). The answer of a
    query marked `paged_by` can be read a page at a time (`?page=1`); its `page` then says how many there are."""
    params = {k: v for k, v in request.query_params.items() if k not in ("lang", "page", "page_size")}
    try:
        data = await run_in_threadpool(lambda: cached_bytes(
            store, ("query", name, tuple(sorted(params.items())), lang, page, page_size),
            lambda: json_bytes(run_named(store, name, params, lang=lang, page=page, page_size=page_size))))
    except ParamError as exc:
        raise HTTPException(422, detail=[{"loc": ["query"], "type": "value_error", "msg": i18n.error_text(exc, lang)}]) from exc
    return Response(data, media_type="application/json")
