"""The list pages: agreements (in force, ended, until further notice), organisations, forums, police areas,
themes and working methods. Each is filtered by pick lists from the URL, sorted by a column, paged, and
downloadable as CSV / XLSX / JSON with the page's headings (api.listing does the common part)."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from samverkan import resources

from .. import web
from ..dependencies import StoreDep
from ..downloads import FORMATS as DOWNLOADS
from ..downloads import table_download
from ..listing import Column, Filter, choose, order, page

router = APIRouter(tags=["pages"], include_in_schema=False)


#: what an agreement's period says about a day: its status, in the order the agreements list offers them
STATUSES = ("in_force", "until_further_notice", "not_started", "ended", "unknown")


def agreement_status(agreement: dict, today) -> str:
    """in_force (within its years), until_further_notice (no end, signed or started), not_started, ended, or
    unknown when the agreement gives no period."""
    period = agreement.get("period") or {}
    start, end = year(period.get("start")), year(period.get("end"))
    begun = start or year(agreement.get("signed"))
    if begun and today.year < begun:
        return "not_started"
    if end:
        return "ended" if today.year > end else "in_force"
    if period.get("until_further_notice"):
        return "until_further_notice"
    return "in_force" if start and start == today.year else "unknown"


def years_of(row: dict) -> set[int]:
    """The years an agreement-list row is in force (up to this year for one that runs until further notice)."""
    start, end = row.get("start_year"), row.get("end_year")
    if not start:
        return set()
    if end is None and row.get("status_key") in ("until_further_notice", "in_force"):
        end = max(start, date.today().year)
    return set(range(start, (end or start) + 1))


def year(text) -> int | None:
    """The year a date or year text starts with (2015 of 2015-12-14), or None."""
    text = str(text or "")[:4]
    return int(text) if text.isdigit() else None


def _list_page(request: Request, name: str, rows: list[dict], columns: list[Column], filters: list[Filter],
               default_sort: str = "label"):
    """A list page: the rows its filters keep, sorted (?sort=key or -key), paged (?page=), or downloaded
    (?format=csv|xlsx|json) in full with the page's headings and order."""
    lang = web.get_lang(request)
    params = request.query_params
    chosen = choose(rows, filters, params)
    ordered, sort = order(chosen, columns, params.get("sort") or default_sort)
    fmt = params.get("format") or ""
    if fmt:
        if fmt not in DOWNLOADS:
            return web.render(request, "error.html.j2", 400, title="not_found", what="format", value=fmt,
                              message=web.translate("unknown_format", lang, value=fmt, formats=", ".join(DOWNLOADS)),
                              candidates=[])
        headings = [web.translate(c.heading, lang) for c in columns]
        table = [[c.text(r) for c in columns] for r in ordered]
        filename = web.translate("list_" + name, lang).lower().replace(" ", "-")
        return table_download([c.key for c in columns] if fmt == "json" else headings, table, filename, fmt)
    shown, paging = page(ordered, params.get("page"))
    state = {f.name: f.selected for f in filters if f.selected}
    return web.render(request, "list.html.j2", name=name, rows=shown, columns=columns, filters=filters,
                      sort=sort, paging=paging, state=state, downloads=DOWNLOADS)


def _options(refs) -> list[tuple[str, str]]:
    """Pick-list options (slug or IRI, label) for references, by label, each once."""
    seen = {r["id"]: r["label"] for r in refs if r}
    return sorted(((web.short_id(i), label) for i, label in seen.items()), key=lambda o: o[1].casefold())


def _has(key: str):
    """A filter test: the row's reference (or one of its references) under `key` is the chosen one."""
    def keep(row: dict, value: str) -> bool:
        found = row.get(key)
        refs = found if isinstance(found, list) else [found]
        return any(r and web.short_id(r["id"]) == value for r in refs)
    return keep


def agreement_rows(store, lang: str, today: date | None = None) -> list[dict]:
    """Every agreement as a list row: parties by side, status in words, themes and completeness."""
    themes_of: dict[str, list[dict]] = {}
    for theme in resources.themes(store, lang):
        for a in theme["agreements"]:
            themes_of.setdefault(a["id"], []).append({"id": theme["id"], "label": theme["label"]})
    today = today or date.today()
    rows = []
    for a in resources.agreement_list(store, lang):
        status = agreement_status(a, today)
        rows.append({"id": a["id"], "agreement": {"id": a["id"], "label": a["label"]}, "status_key": status,
                     "status": web.translate("status_" + status, lang),
                     "municipality": [p for p in a["parties"] if p.get("side") == "municipality"],
                     "police": [p for p in a["parties"] if p.get("side") == "police"],
                     "period": web.period_text(a, lang), "start": (a["period"].get("start") or a.get("signed") or ""),
                     "start_year": year(a["period"].get("start") or a.get("signed")),
                     "end_year": year(a["period"].get("end")),
                     "themes": themes_of.get(a["id"], []), "completeness": a["completeness"].get("score"),
                     "label": a["label"]})
    return rows


@router.get("/agreements", response_class=HTMLResponse)
def agreements_list(request: Request, store: StoreDep):
    """Every agreement: in force, ended or until further notice; filter by municipality, police area, theme,
    status and year; sortable; paged; CSV/XLSX/JSON."""
    lang = web.get_lang(request)
    rows = agreement_rows(store, lang)
    years = sorted({y for r in rows for y in years_of(r)}, reverse=True)
    columns = [Column("agreement", "agreement", "link"), Column("status", "status"),
               Column("municipality", "municipality", "links"), Column("police", "police_area", "links"),
               Column("period", "period"), Column("themes", "themes", "links", sortable=False),
               Column("completeness", "completeness", "meter")]
    filters = [Filter("municipality", "municipality", _options(p for r in rows for p in r["municipality"]), _has("municipality")),
               Filter("police_area", "police_area", _options(p for r in rows for p in r["police"]), _has("police")),
               Filter("theme", "theme", _options(t for r in rows for t in r["themes"]), _has("themes")),
               Filter("status", "status", [(k, web.translate("status_" + k, lang)) for k in STATUSES],
                      lambda r, v: r["status_key"] == v),
               Filter("year", "in_force_year", [(str(y), str(y)) for y in years],
                      lambda r, v: v.isdigit() and int(v) in years_of(r))]
    rows.sort(key=lambda r: (r["start"], r["label"]), reverse=True)
    return _list_page(request, "agreements", rows, columns, filters, default_sort="")


@router.get("/organisations", response_class=HTMLResponse)
def organisations_list(request: Request, store: StoreDep):
    """Every organisation and party, filtered by kind and municipality."""
    lang = web.get_lang(request)
    rows = [{**o, "organisation": {"id": o["id"], "label": o["label"]}} for o in resources.organisation_list(store, lang)]
    columns = [Column("organisation", "organisation", "link"), Column("kind", "type", "link"),
               Column("municipality", "municipality", "link")]
    filters = [Filter("kind", "type", _options(r["kind"] for r in rows), _has("kind")),
               Filter("municipality", "municipality", _options(r["municipality"] for r in rows), _has("municipality"))]
    return _list_page(request, "organisations", rows, columns, filters)


@router.get("/forums", response_class=HTMLResponse)
def forums_list(request: Request, store: StoreDep):
    """Councils, steering groups, collaboration groups and networks with who coordinates and who takes part."""
    lang = web.get_lang(request)
    rows = [{**f, "forum": {"id": f["id"], "label": f["label"]}} for f in resources.forum_list(store, lang)]
    columns = [Column("forum", "forum", "link"), Column("kind", "type", "link"),
               Column("municipality", "municipality", "link"), Column("coordinators", "coordinator", "links"),
               Column("participants", "participants", "links", sortable=False)]
    filters = [Filter("kind", "type", _options(r["kind"] for r in rows), _has("kind")),
               Filter("municipality", "municipality", _options(r["municipality"] for r in rows), _has("municipality"))]
    return _list_page(request, "forums", rows, columns, filters)


@router.get("/police-areas", response_class=HTMLResponse)
def police_areas_list(request: Request, store: StoreDep):
    """The police areas with the municipalities they have agreements with."""
    lang = web.get_lang(request)
    rows = [{**p, "area": {"id": p["id"], "label": p["label"]}} for p in resources.police_area_list(store, lang)]
    columns = [Column("area", "police_area", "link"), Column("municipalities", "municipalities", "links"),
               Column("agreements", "agreements", "links", sortable=False)]
    return _list_page(request, "police_areas", rows, columns, [])


@router.get("/themes", response_class=HTMLResponse)
def themes_list(request: Request, store: StoreDep):
    """The national themes with the agreements that address them."""
    lang = web.get_lang(request)
    rows = [{**t, "theme": {"id": t["id"], "label": t["label"]}} for t in resources.themes(store, lang)]
    columns = [Column("theme", "theme", "link"), Column("definition", "definition"),
               Column("agreements", "agreements", "links", sortable=False), Column("commitments", "commitments")]
    return _list_page(request, "themes", rows, columns, [])


@router.get("/methods", response_class=HTMLResponse)
def methods_list(request: Request, store: StoreDep):
    """The working methods (EST, SSPF, grannsamverkan …) and the agreements that use them."""
    lang = web.get_lang(request)
    rows = [{**m, "method": {"id": m["id"], "label": m["label"]}} for m in resources.method_list(store, lang)]
    columns = [Column("method", "method", "link"), Column("agreements", "agreements", "links", sortable=False),
               Column("uses", "uses")]
    return _list_page(request, "methods", rows, columns, [])
