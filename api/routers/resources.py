"""JSON resources: agreements, organisations, forums, themes and commitments. Thin: the library does the work."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from samverkan import resources

from ..dependencies import LangDep, StoreDep
from ..responses import LOOKUP, cached_json

router = APIRouter(prefix="/api", tags=["resources"])

Limit = Annotated[int, Query(ge=1, le=1000, description="Most items to return (1–1000).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
IdFilter = Annotated[str | None, Query(description="IRI, path below the id base, slug or exact label.")]


def ident(what: str, example: str):
    """A path parameter naming a thing of the graph; `example` is one in the seed graph (the docs show it)."""
    return Annotated[str, Path(description=f"The {what}: IRI, path below the id base, slug or exact label.",
                               examples=[example])]


AgreementId = ident("agreement", "boras-2015")
OrganisationId = ident("organisation", "org/boras-stad")
ForumId = ident("forum", "forum/boras/brottsforebyggande-radet")


def page(items: list, limit: int, offset: int) -> Response:
    """One page of a list: {"total", "limit", "offset", "items"}."""
    return {"total": len(items), "limit": limit, "offset": offset, "items": items[offset:offset + limit]}


@router.get("/agreements", summary="Agreements with parties, period and completeness")
async def list_agreements(store: StoreDep, lang: LangDep = "sv", limit: Limit = 100, offset: Offset = 0) -> Response:
    """Every agreement: id, slug, label, parties (each with its side: municipality or police), period, signing
    date, counts and the validator's completeness figures (score 0–100, null when it has no commitments)."""
    return await run_in_threadpool(lambda: cached_json(store, ("agreements", lang, limit, offset),
                                                       lambda: page(resources.agreement_list(store, lang), limit, offset)))


@router.get("/agreements/{id:path}", summary="One agreement: areas → initiatives → commitments",
            responses=LOOKUP)
async def get_agreement(id: AgreementId, store: StoreDep, lang: LangDep = "sv") -> Response:
    """The agreement `id` (IRI or slug, e.g. boras-2015) with its focus areas, their initiatives and the
    commitments: party, responsible, timeframe, measure, follow-up and the source location of each; its
    signatures and the validator's summary (conforms, counts by severity, completeness)."""
    def run():
        iri = resources.resolved(store, id, "agreement")
        return cached_json(store, ("agreement", iri, lang), lambda: resources.agreement_detail(store, iri, lang))

    return await run_in_threadpool(run)


@router.get("/organisations/{id:path}", summary="What an organisation does, across forums and agreements",
            responses=LOOKUP)
async def get_organisation(id: OrganisationId, store: StoreDep, lang: LangDep = "sv") -> Response:
    """The organisation `id` (IRI, path such as org/boras-stad, slug or label): what it coordinates, leads,
    is responsible for, takes part in, is a member of, is party to, and the commitments it has made."""
    def run():
        iri = resources.resolved(store, id, "actor")
        return cached_json(store, ("organisation", iri, lang), lambda: resources.organisation(store, iri, lang))

    return await run_in_threadpool(run)


@router.get("/forums/{id:path}", summary="A forum: members, coordinator, rhythm", responses=LOOKUP)
async def get_forum(id: ForumId, store: StoreDep, lang: LangDep = "sv") -> Response:
    """The forum `id` (IRI, path such as forum/boras/brottsforebyggande-radet, slug or label)."""
    def run():
        iri = resources.resolved(store, id, "forum")
        return cached_json(store, ("forum", iri, lang), lambda: resources.forum(store, iri, lang))

    return await run_in_threadpool(run)


@router.get("/themes", summary="National themes and where they are used")
async def list_themes(store: StoreDep, lang: LangDep = "sv", limit: Limit = 100, offset: Offset = 0) -> Response:
    """The shared national themes with the number of focus areas, initiatives and commitments using each."""
    return await run_in_threadpool(lambda: cached_json(store, ("themes", lang, limit, offset),
                                                       lambda: page(resources.themes(store, lang), limit, offset)))


@router.get("/commitments", summary="Commitments, filtered", responses=LOOKUP)
async def list_commitments(
    store: StoreDep,
    lang: LangDep = "sv",
    agreement: IdFilter = None,
    party: IdFilter = None,
    area: IdFilter = None,
    theme: IdFilter = None,
    missing: Annotated[Literal["measure", "follow-up", "timeframe"] | None,
                       Query(description="Only commitments that lack this: measure, follow-up or timeframe.")] = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Commitments in document order. `theme` matches the commitment's own theme or its initiative's or area's."""
    def run():
        filters = {name: resources.resolved(store, value, kind) if value else None
                   for name, value, kind in (("agreement", agreement, "agreement"), ("party", party, "actor"),
                                             ("area", area, "area"), ("theme", theme, "theme"))}
        return cached_json(store, ("commitments", lang, missing, limit, offset, *filters.values()),
                           lambda: page(resources.commitments(store, lang, missing=missing, **filters), limit, offset))

    return await run_in_threadpool(run)
