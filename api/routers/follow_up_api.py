"""The yearly follow-up as JSON: /api/agreements/{id}/follow-ups (the years, with their counts) and
/api/agreements/{id}/follow-ups/{year} (one status record per commitment, and the year's counts).

The counts are the agreement page's table (samverkan.followup.table.status_table): a due year without a status
counts as *ej uppföljd*. Included in the app before the resources router, whose /api/agreements/{id:path}
would otherwise take these paths."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from samverkan import i18n, resources
from samverkan.followup import record as rec
from samverkan.followup.status import due_years, recorded_statuses
from samverkan.followup.table import status_table

from ..dependencies import LangDep, StoreDep
from ..responses import LOOKUP, ErrorBody

router = APIRouter(prefix="/api", tags=["follow-up"])

AgreementId = Path(description="The agreement: IRI, path below the id base, slug or exact label.",
                   examples=["boras-2015"])


class Term(BaseModel):
    """A thing of the graph: its IRI and its label in the requested language."""

    id: str
    label: str


class Count(BaseModel):
    """How many commitments have one status in a year (`ej-uppfoljd`: due, and no status recorded)."""

    status: Term
    count: int


class Indicator(BaseModel):
    """The indicator value recorded, and its unit (none for a plain count)."""

    value: int | float
    unit: str | None = None


class StatusRecord(BaseModel):
    """One commitment's follow-up for the year; status None when nothing is recorded."""

    commitment: Term
    status: Term | None = None
    comment: str | None = None
    date: str | None = Field(None, description="When the status was reached (YYYY-MM-DD).")
    indicator: Indicator | None = None
    recorded_by: str | None = Field(None, description="The editor who saved the record in the web form.")
    recorded_at: str | None = Field(None, description="When it was saved (ISO 8601).")


class YearSummary(BaseModel):
    """One year of the agreement's follow-up: whether it is due (ended, and a yearly follow-up is promised), the
    commitments it covers and the count per status."""

    year: int
    due: bool
    commitments: int
    counts: list[Count]


class FollowUpYear(YearSummary):
    """An agreement's follow-up for one year: the counts and one record per commitment."""

    agreement: Term
    records: list[StatusRecord]


class FollowUps(BaseModel):
    """The years of an agreement's follow-up (due or recorded), oldest first."""

    agreement: Term
    years: list[YearSummary]


NO_YEAR = {404: {"model": ErrorBody, "description": "No such agreement, or no follow-up of it for that year."}}


def _table(store, iri: str, lang: str) -> dict:
    return status_table(store, iri, lang) or {"years": [], "rows": [], "summary": {}, "labels": {}, "order": [],
                                              "total": 0}


def _summary(table: dict, year: int, due: set[int]) -> dict:
    return {"year": year, "due": year in due, "commitments": table["total"],
            "counts": [{"status": {"id": s, "label": table["labels"][s]}, "count": table["summary"][year][s]}
                       for s in table["order"]]}


def _number(text: str) -> int | float:
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def years_of(store, agreement: str, lang: str) -> dict:
    """The agreement and every year its follow-up has, with the counts."""
    iri = resources.resolved(store, agreement, "agreement")
    table = _table(store, iri, lang)
    due = set(due_years(store, iri))
    label = resources.agreement_detail(store, iri, lang)["label"]
    return {"agreement": {"id": iri, "label": label}, "years": [_summary(table, y, due) for y in table["years"]]}


def year_of(store, agreement: str, year: int, lang: str) -> tuple[dict | None, list[int]]:
    """(the year's follow-up, or None when the agreement has none that year; the years it has)."""
    iri = resources.resolved(store, agreement, "agreement")
    table = _table(store, iri, lang)
    if year not in table["years"]:
        return None, table["years"]
    recorded = recorded_statuses(store, iri, lang)
    who = rec.attributions(store, iri, year)
    records = []
    for row in table["rows"]:
        found = next((r for r in recorded.get(row["id"], {}).get(year, []) if r.status),
                     (recorded.get(row["id"], {}).get(year) or [None])[0])
        status = found.status if found else None
        by, at = who.get(row["id"], (None, None))
        records.append({
            "commitment": {"id": row["id"], "label": row["label"]},
            "status": {"id": status, "label": table["labels"].get(status, status)} if status else None,
            "comment": found.comment if found else None, "date": found.date if found else None,
            "indicator": {"value": _number(found.value), "unit": found.unit} if found and found.value else None,
            "recorded_by": by, "recorded_at": at})
    label = resources.agreement_detail(store, iri, lang)["label"]
    return {"agreement": {"id": iri, "label": label}, **_summary(table, year, set(due_years(store, iri))),
            "records": records}, table["years"]


@router.get("/agreements/{id:path}/follow-ups", summary="The years of an agreement's yearly follow-up, with counts",
            response_model=FollowUps, responses=LOOKUP)
async def follow_ups(store: StoreDep, id: Annotated[str, AgreementId], lang: LangDep = "sv"):
    """Every year the agreement's follow-up has (ended years it promises one for, and years recorded), each with
    the count per status, as on the agreement page."""
    return await run_in_threadpool(years_of, store, id, lang)


@router.get("/agreements/{id:path}/follow-ups/{year}",
            summary="An agreement's follow-up for one year: a status record per commitment and the counts",
            response_model=FollowUpYear, responses={**LOOKUP, **NO_YEAR})
async def follow_up_year(store: StoreDep, id: Annotated[str, AgreementId],
                         year: Annotated[int, Path(description="The year followed up.", examples=[2016])],
                         lang: LangDep = "sv"):
    """Per commitment: its status (id and label), comment, date, indicator value and unit, and who recorded it
    when; and the year's count per status, the numbers of the agreement page's table."""
    found, years = await run_in_threadpool(year_of, store, id, year, lang)
    if found is None:
        message = i18n.gettext("follow_up_api_no_year", lang, agreement=id, year=year)
        return JSONResponse(status_code=404, content={"detail": {
            "error": "not found", "message": message, "kind": "follow-up year", "value": str(year),
            "candidates": [str(y) for y in years]}})
    return found
