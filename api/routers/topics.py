"""The page of a national theme (/themes/<slug>: the agreements that take it up, with municipality, period, status
and focus areas) and of a working method (/methods/<slug>: the forums and agreements using it, and who coordinates)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from samverkan.errors import Ambiguous, NotFound
from samverkan.resources.topics import agreement_facts, method, theme

from .. import web
from ..dependencies import StoreDep
from ..listing import page
from .lists import agreement_status
from .pages import _not_found, _resolve

router = APIRouter(tags=["pages"], include_in_schema=False)

#: a method's agreements each come with a table of what uses it, so fewer to a page than a list's rows
AGREEMENTS_PER_PAGE = 20


def _agreement_facts(store, entries: list[dict], lang: str) -> dict[str, dict]:
    """Each listed agreement's municipality, police area, period and status in words, by IRI."""
    today = date.today()
    facts = {}
    for iri, a in agreement_facts(store, [e["agreement"]["id"] for e in entries], lang).items():
        status = agreement_status(a, today)
        facts[iri] = {"municipality": [p for p in a["parties"] if p["side"] == "municipality"],
                      "police": [p for p in a["parties"] if p["side"] == "police"],
                      "period": web.period_text(a, lang), "status_key": status,
                      "status": web.translate("status_" + status, lang)}
    return facts


def _with_facts(entries: list[dict], facts: dict[str, dict]) -> list[dict]:
    empty = {"municipality": [], "police": [], "period": "", "status_key": "unknown", "status": ""}
    return [{**e, **facts.get(e["agreement"]["id"], empty)} for e in entries]


@router.get("/themes/{slug}", response_class=HTMLResponse)
def theme_page(request: Request, store: StoreDep, slug: str):
    """A national theme and the agreements that take it up (?page=, 50 to a page at national scale)."""
    lang = web.get_lang(request)
    try:
        found = theme(store, _resolve(store, slug, "theme", "theme/"), lang)
    except (NotFound, Ambiguous) as exc:
        return _not_found(request, exc, "theme")
    shown, paging = page(found["agreements"], request.query_params.get("page"))
    return web.render(request, "theme.html.j2", t=found, agreements=_with_facts(shown, _agreement_facts(store, shown, lang)),
                      paging=paging)


@router.get("/methods/{slug}", response_class=HTMLResponse)
def method_page(request: Request, store: StoreDep, slug: str):
    """A working method: the forums working with it (?forum_page=), and the agreements' initiatives and commitments
    using it (?page=)."""
    lang = web.get_lang(request)
    try:
        found = method(store, _resolve(store, slug, "method", "method/"), lang)
    except (NotFound, Ambiguous) as exc:
        return _not_found(request, exc, "method")
    shown, paging = page(found["agreements"], request.query_params.get("page"), AGREEMENTS_PER_PAGE)
    forums, forum_paging = page(found["forums"], request.query_params.get("forum_page"))
    return web.render(request, "method.html.j2", m=found, agreements=_with_facts(shown, _agreement_facts(store, shown, lang)),
                      paging=paging, forums=forums, forum_paging=forum_paging)
