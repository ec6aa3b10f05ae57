"""/id/… : the graph's IRIs (https://w3id.org/samverkan/id/…) dereference here.
RDF clients get Turtle, N-Triples, JSON-LD or RDF/XML by Accept; browsers are sent (303) to the web page."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse, Response

from samverkan.namespaces import ID
from samverkan.resources import describe, is_iri

from .. import sparql_results as fmt
from ..dependencies import StoreDep
from ..responses import NOT_FOUND, ErrorBody, content

router = APIRouter(tags=["linked data"])


def page_url(iri: str) -> str:
    """The web page of a thing in the graph: /agreements/<slug>, /organisations/<path>, /forums/<path>,
    /themes/<slug>, /methods/<slug>, else /view?iri=<iri>."""
    path = iri[len(ID):] if iri.startswith(ID) else ""
    kind, _, rest = path.partition("/")
    if kind == "agreement" and rest and "/" not in rest:
        return f"/agreements/{quote(rest)}"
    if kind == "org" and rest:
        return f"/organisations/{quote(rest)}"
    if kind == "forum" and rest:
        return f"/forums/{quote(rest)}"
    if kind in ("theme", "method") and rest and "/" not in rest:
        return f"/{kind}s/{quote(rest)}"
    return "/view?iri=" + quote(iri, safe="")


@router.get("/id/{path:path}", summary="Dereference an IRI of the graph", responses={
    200: {"description": "What the graph says about the IRI, in the format the Accept header asks for.",
          "content": content(*fmt.GRAPH_TYPES)},
    303: {"description": "A browser (Accept: text/html) is sent to the IRI's web page (Location)."},
    **NOT_FOUND,
    406: {"model": ErrorBody, "description": "None of the formats the Accept header allows is available."}})
async def dereference(path: Annotated[str, Path(description="The IRI below https://w3id.org/samverkan/id/.",
                                                examples=["agreement/boras-2015"])],
                      request: Request, store: StoreDep) -> Response:
    """What the graph says about https://w3id.org/samverkan/id/`path`, by Accept: text/turtle (default),
    application/n-triples, application/ld+json, application/rdf+xml; text/html redirects (303) to its web page."""
    iri = ID + path
    if not is_iri(iri):
        raise HTTPException(404, detail={"error": "not found", "message": f"{iri!r} is not an IRI, so nothing in "
                                         "the graph is called that", "value": iri})
    triples = await run_in_threadpool(describe, store, iri)
    if not triples:
        raise HTTPException(404, detail={"error": "not found", "message": f"nothing in the graph is called <{iri}>",
                                         "value": iri})
    offers = [*fmt.GRAPH_TYPES, "text/html"]
    media = fmt.negotiate(request.headers.get("accept"), offers)
    if media is None:
        raise HTTPException(406, detail={"error": "not acceptable",
                                         "message": f"available: {', '.join(offers)}"})
    if media == "text/html":
        target = page_url(iri)
        if (request.query_params.get("lang") or "").lower() == "en":  # the page keeps the reader's language
            target += ("&" if "?" in target else "?") + "lang=en"
        return RedirectResponse(target, status_code=303)
    return Response(fmt.write_graph(triples, fmt.GRAPH_TYPES[media]), media_type=fmt.content_type(media),
                    headers={"Vary": "Accept"})
