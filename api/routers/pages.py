"""The HTML pages: agreements, organisations, forums, validation, network, queries, search.

Thin: each route resolves what the reader asked for, asks the library (samverkan.resources, the same
functions the JSON API calls) for the data and renders one template with api.web's helpers. Swedish unless ?lang=en; everything but the network view works without JavaScript.
"""

from __future__ import annotations

import csv
import io
from datetime import date

import pyoxigraph as ox
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from samverkan import i18n, resources
from samverkan.errors import Ambiguous, NotFound, SamverkanError
from samverkan.followup.table import progress_of_parties, status_table
from samverkan.labels import labels
from samverkan.namespaces import ID
from samverkan.queries import PAGE_SIZE, ParamError, list_queries, run_named
from samverkan.store import SelectResult

from .. import web
from ..dependencies import SettingsDep, StoreDep
from ..downloads import FORMATS as DOWNLOADS
from ..downloads import table_download
from .sparql import ProtocolError, run_query

router = APIRouter(tags=["pages"], include_in_schema=False)

_TABLE_ROWS = 1000


def _not_found(request: Request, exc: SamverkanError, what: str) -> HTMLResponse:
    candidates = getattr(exc, "candidates", [])
    status = 409 if isinstance(exc, Ambiguous) else 404
    title = "ambiguous" if isinstance(exc, Ambiguous) else "not_found"
    return web.render(request, "error.html.j2", status, title=title, what=what,
                      value=getattr(exc, "value", ""), message=_message(exc, web.get_lang(request)), candidates=candidates)


def _resolve(store, value: str, kind: str, prefix: str) -> str:
    """The IRI for a page path: first as a path below the id base (org/…), then as any identifier."""
    try:
        return resources.resolved(store, prefix + value, kind)
    except NotFound:
        return resources.resolved(store, value, kind)


@router.get("/static/style.css")
def stylesheet() -> FileResponse:
    """The site's stylesheet."""
    return FileResponse(web.STATIC / "style.css", media_type="text/css")


_VENDOR_TYPES = {".js": "text/javascript", ".css": "text/css", ".map": "application/json"}


@router.get("/static/vendor/{path:path}", include_in_schema=False)
def vendor_file(path: str) -> FileResponse:
    """A front-end file copied from the npm registry's package by the Makefile (never from a CDN)."""
    root = (web.STATIC / "vendor").resolve()
    file = (root / path).resolve()
    if not file.is_relative_to(root) or not file.is_file() or file.suffix not in _VENDOR_TYPES:
        raise HTTPException(status_code=404, detail={"error": "not found", "value": path})
    return FileResponse(file, media_type=_VENDOR_TYPES[file.suffix],
                        headers={"Cache-Control": "public, max-age=86400"})


@router.get("/", response_class=HTMLResponse)
def home(request: Request, store: StoreDep):
    """Every agreement with its parties, period and completeness; a search box."""
    lang = web.get_lang(request)
    return web.render(request, "home.html.j2", agreements=web.newest_first(resources.agreement_list(store, lang)))


@router.get("/agreements/{slug}", response_class=HTMLResponse)
def agreement(request: Request, store: StoreDep, slug: str):
    """One agreement as an åtagandeplan, with its validation summary."""
    lang = web.get_lang(request)
    try:
        iri = _resolve(store, slug, "agreement", "agreement/")
    except (NotFound, Ambiguous) as exc:
        return _not_found(request, exc, "agreement")
    detail, forums, progress = resources.cached(store, ("agreement-page", iri, lang, date.today()),
                                                lambda: _agreement_page(store, iri, lang))
    return web.render(request, "agreement.html.j2", a=detail, forums=forums, progress=progress,
                      slug=iri.rsplit("/", 1)[-1], saved=request.query_params.get("saved", ""))


def _agreement_page(store, iri: str, lang: str) -> tuple:
    """What the agreement page shows: the agreement, the forums of its municipalities, its follow-up table."""
    detail = resources.agreement_detail(store, iri, lang)
    parties = {p["id"] for p in detail["parties"]}
    forums = [f for f in resources.forum_list(store, lang) if f["municipality"] and f["municipality"]["id"] in parties]
    return detail, forums, status_table(store, iri, lang)


@router.get("/organisations/{path:path}", response_class=HTMLResponse)
def organisation(request: Request, store: StoreDep, path: str):
    """What an organisation coordinates, is responsible for and takes part in, across agreements."""
    lang = web.get_lang(request)
    if not path.strip("/"):
        return RedirectResponse(web.page_url("/organisations", lang), status_code=307)
    try:
        iri = _resolve(store, path.strip("/"), "organisation", "org/")
    except (NotFound, Ambiguous) as exc:
        return _not_found(request, exc, "organisation")
    return web.render(request, "organisation.html.j2", o=resources.organisation(store, iri, lang),
                      progress=progress_of_parties(store, iri, lang))


@router.get("/forums/{path:path}", response_class=HTMLResponse)
def forum(request: Request, store: StoreDep, path: str):
    """A forum: its coordinator, members and meeting rhythm."""
    lang = web.get_lang(request)
    if not path.strip("/"):
        return RedirectResponse(web.page_url("/forums", lang), status_code=307)
    try:
        iri = _resolve(store, path.strip("/"), "forum", "forum/")
    except (NotFound, Ambiguous) as exc:
        return _not_found(request, exc, "forum")
    return web.render(request, "forum.html.j2", f=resources.forum(store, iri, lang))


@router.get("/documents/{slug}", response_class=HTMLResponse)
def source_document(request: Request, store: StoreDep, settings: SettingsDep, slug: str, lines: str = ""):
    """A source document: what the catalogue says, and its text with numbered lines when the deployment has the
    folder of source texts (SAMVERKAN_SOURCE_TEXTS); `lines` (44, 40-44) are highlighted."""
    lang = web.get_lang(request)
    try:
        iri = _resolve(store, slug, "document", "document/")
    except (NotFound, Ambiguous) as exc:
        return _not_found(request, exc, "document")
    doc = resources.document(store, iri, lang)
    text = resources.document_text(settings.source_texts, doc["file"])
    return web.render(request, "document.html.j2", d=doc, text=text, marked=resources.line_span(lines),
                      lines=lines, derived=resources.statements(store, iri, lang)["referenced_by"])


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, store: StoreDep, q: str = ""):
    """Organisations, forums, commitments and agreements whose name contains the search text."""
    lang = web.get_lang(request)
    return web.render(request, "search.html.j2", q=q, results=resources.search(store, q, lang) if q.strip() else None)


@router.get("/view", response_class=HTMLResponse)
def view(request: Request, store: StoreDep, iri: str = Query(..., description="The IRI of a thing in the graph")):
    """The page for any IRI of the graph (where /id/… sends browsers): a redirect by type, else its statements."""
    lang = web.get_lang(request)
    iri = iri.strip()
    if iri.startswith("/id/"):
        iri = ID + iri[len("/id/"):]
    kind = resources.page_kind(store, iri) if iri.startswith(("http://", "https://")) else None
    if kind is None:
        return _not_found(request, NotFound("IRI", iri), "iri")
    if kind:
        return RedirectResponse(web.thing_url(iri, lang), status_code=303)
    return web.render(request, "resource.html.j2", r=_readable(resources.statements(store, iri, lang), lang))


#: statements a reader does not need on a thing's page: its name (the heading) and where its text file lies
_UNSHOWN = {"http://www.w3.org/2000/01/rdf-schema#label", "https://w3id.org/samverkan/ontology#seedFile"}


def _readable(r: dict, lang: str) -> dict:
    """A thing's statements in words: properties the ontology does not name get the catalogue's name (prop_…),
    texts in the other language are left out where one in the reader's exists, true/false read ja/nej."""
    def named(prop: dict) -> dict:
        local = prop["id"].rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if prop["label"] in (local, prop["id"]):
            word = web.translate("prop_" + local, lang)
            return {**prop, "label": word if word != "prop_" + local else local}
        return prop

    has_own = {s["property"]["id"] for s in r["statements"] if s.get("text_lang") == lang}
    shown = []
    for s in r["statements"]:
        if s["property"]["id"] in _UNSHOWN:
            continue
        if s.get("text_lang") and s["text_lang"] != lang and s["property"]["id"] in has_own:
            continue
        text = s["text"]
        if text in ("true", "false"):
            text = web.translate("yes", lang) if text == "true" else web.translate("no", lang)
        shown.append({**s, "property": named(s["property"]), "text": text})
    refs = [{**x, "property": named(x["property"])} for x in r["referenced_by"]]
    return {**r, "statements": shown, "referenced_by": refs}


# --- Validation ------------------------------------------------------------------------------------


@router.get("/validation", response_class=HTMLResponse)
def validation(request: Request, store: StoreDep, agreement: str = "", format: str = ""):
    """The validation of one agreement (findings by rule, then initiative or area, identical ones folded), or a
    summary of every agreement with the findings outside any agreement; `severity` (repeatable) filters;
    `format` csv / xlsx / json downloads the findings shown."""
    from samverkan.validate import digest

    lang = web.get_lang(request)
    iri = None
    if agreement:
        try:
            iri = _resolve(store, agreement, "agreement", "agreement/")
        except (NotFound, Ambiguous) as exc:
            return _not_found(request, exc, "agreement")
    chosen = [s for s in request.query_params.getlist("severity") if s in digest.SEVERITIES]
    severities = set(chosen) or None
    summary = resources.validation_summary(store) if iri is None and not format else None
    if summary is not None:  # every agreement's line from the stored summaries, the findings outside in full
        parts = [digest.digest(r, lang, severities) if r.outside else digest.summary_line(r, counts, lang) for r, counts in summary]
        return _validation_page(request, store, lang, None, parts, chosen)
    try:
        report = resources.validation(store, iri, lang)
    except NotFound as exc:
        return _not_found(request, exc, "agreement")
    if format:
        if format not in DOWNLOADS:
            return web.render(request, "error.html.j2", 400, title="not_found", what="format", value=format,
                              message=web.translate("unknown_format", lang, value=format, formats=", ".join(DOWNLOADS)),
                              candidates=[])
        headings, keys, rows = digest.rows(report, lang, severities)
        name = "validering" if lang == "sv" else "validation"
        name += "-" + iri.rsplit("/", 1)[-1] if iri else ""
        return table_download(keys if format == "json" else headings, rows, name, format)
    parts = [digest.digest(a, lang, severities) for a in report.agreements]
    if iri:  # the findings' lines open the agreement's source document there
        parts[0]["document"] = (resources.agreement_detail(store, iri, lang)["source"].get("document") or {}).get("id")
    return _validation_page(request, store, lang, iri, parts, chosen)


def _validation_page(request: Request, store, lang: str, iri: str | None, parts: list[dict], chosen: list[str]):
    from samverkan.validate import digest

    listed = web.newest_first(resources.agreement_list(store, lang))
    return web.render(request, "validation.html.j2", agreements=listed, by_id={a["id"]: a for a in listed},
                      selected=iri, parts=parts,
                      severities=digest.SEVERITIES, chosen=chosen, slug=lambda i: i.rsplit("/", 1)[-1],
                      downloads=DOWNLOADS)


# --- Queries ---------------------------------------------------------------------------------------


#: parameter kinds offered as a pick list (a <select>) when there are at most this many things of the kind;
#: more (national scale) get a text box with type-ahead (<datalist>) that the resolver reads by label
_SELECT_MAX = 300


def _query_info(q, lang: str) -> dict:
    """A named query for the page: name, title and description in the reader's language, its parameters
    with their labels (from the header's `Svensk / English` help text) and the headings of its columns."""
    title = q.title.get(lang) or q.title.get("sv") or q.name
    return {"name": q.name, "title": title, "description": _in_lang(q.description, lang), "paged_by": q.page_by,
            "headings": {c: q.column_title(c, lang) for c in q.columns},
            "params": [{"name": p.name, "kind": p.type, "optional": p.optional, "default": p.default,
                        "label": _in_lang(p.description, lang) or p.name.replace("_", " ")} for p in q.params]}


def _in_lang(text: str, lang: str) -> str:
    """The part of a `Svensk text / English text` header in the reader's language."""
    sv, _, en = (text or "").partition(" / ")
    return (en if lang == "en" and en else sv).strip()


def _param_choices(store, params: list[dict], lang: str) -> None:
    """Add the things a reader can pick for each IRI parameter: `choices` ({id, label}) and `pick`
    ("select" for a short list, "datalist" for a long one, None for a literal such as a date)."""
    from samverkan.queries.catalog import LITERAL_TYPES

    for p in params:
        p["choices"], p["pick"] = [], None
        if p["kind"] in LITERAL_TYPES or p["kind"] == "IRI":
            continue
        p["choices"] = resources.choices(store, p["kind"], lang)
        p["pick"] = "select" if len(p["choices"]) <= _SELECT_MAX else "datalist"


def _cells(columns: list[str], rows: list[dict], names: dict[str, str], lang: str = "sv") -> list[list[dict]]:
    """Table cells: an IRI shows its label and links to its page; booleans read ja/nej, numbers in the
    reader's format; `value` is what a download holds (the label, the number, ja/nej)."""
    from samverkan.queries.result import plain

    out = []
    for row in rows:
        cells = []
        for column in columns:
            term = row.get(column)
            if isinstance(term, ox.NamedNode):
                label = names.get(term.value, term.value)
                cells.append({"iri": term.value, "text": label, "value": label})
            elif isinstance(term, ox.BlankNode):
                cells.append({"iri": None, "text": f"_:{term.value}", "value": f"_:{term.value}"})
            else:
                value = plain(term)
                if isinstance(value, bool):
                    value = web.translate("yes", lang) if value else web.translate("no", lang)
                    text = value
                elif isinstance(value, int | float):
                    text = i18n.format_number(value, lang)
                else:
                    text = "" if value is None else value
                cells.append({"iri": None, "text": text, "value": value})
        out.append(cells)
    return out


def _table(result, limit: int) -> tuple[list[str], list[dict], int]:
    """Columns, the first `limit` rows (variable → term) and the number of rows of any query form's result."""
    if isinstance(result, bool):
        return ["ask"], [{"ask": ox.Literal(result)}], 1
    if isinstance(result, SelectResult):
        return list(result.variables), result.rows[:limit], len(result.rows)
    triples = list(result)
    return ["subject", "predicate", "object"], [
        {"subject": t.subject, "predicate": t.predicate, "object": t.object} for t in triples[:limit]], len(triples)


def _csv(columns: list[str], cells: list[list[dict]], name: str, truncated: bool = False) -> Response:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([[c["iri"] or c["text"] for c in row] for row in cells])
    response = _csv_response(out.getvalue(), name)
    if truncated:
        response.headers["Samverkan-Truncated"] = f"results cut off at {len(cells)} rows"
    return response


def _csv_response(text: str, name: str) -> Response:
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/queries", response_class=HTMLResponse)
async def queries(request: Request, store: StoreDep, settings: SettingsDep, name: str = "", sparql: str = "",
                  format: str = ""):
    """Pick a named query (with its parameters) or write SPARQL; see the results; download them as CSV.
    The reader's own SPARQL runs like /sparql's: in the query pool, within the time limit."""
    result, error = None, None
    if not name and sparql.strip():
        try:
            result = await run_query(store, settings, sparql)
        except ProtocolError as exc:
            error = exc.message
    return await run_in_threadpool(_queries_page, request, store, settings.max_rows, name, sparql, format, result, error)


def _queries_page(request: Request, store, max_rows: int, name: str, sparql: str, format: str, result, error):
    lang = web.get_lang(request)
    named = [_query_info(q, lang) for q in list_queries()]
    chosen = next((q for q in named if q["name"] == name), None)
    if name and chosen is None:
        return _not_found(request, NotFound("query", name, [q["name"] for q in named]), "query")
    columns: list[str] = []
    headings: list[str] = []
    cells: list[list[dict]] = []
    total = 0
    ran = False
    page = None
    values: dict[str, str] = {}
    status = 200
    if chosen:
        _param_choices(store, chosen["params"], lang)
    download = format if format in DOWNLOADS else None
    if format and not download and not (format == "csv" and not chosen):
        error, status = web.translate("unknown_format", lang, value=format, formats=", ".join(DOWNLOADS)), 400
    elif chosen and (download or "run" in request.query_params or all(p["optional"] for p in chosen["params"])):
        values = {p["name"]: request.query_params.get(p["name"], "") for p in chosen["params"]}
        try:
            number = None if download or not chosen["paged_by"] else _page_number(request.query_params.get("page"))
            size = _page_number(request.query_params.get("page_size"), PAGE_SIZE, "page_size")
            answer = run_named(store, name, {k: v for k, v in values.items() if v.strip()}, lang, page=number, page_size=size)
        except SamverkanError as exc:
            error = _message(exc, lang)
        else:
            columns, total = list(answer.columns), len(answer.rows)
            headings = [chosen["headings"].get(c, c) for c in columns]
            if download:
                return _download(headings, columns, _cells(columns, answer.rows, answer.labels, lang), name, download)
            ran = True
            cells = _cells(columns, answer.rows[:_TABLE_ROWS], answer.labels, lang)
            page = answer.page if answer.page and answer.page["pages"] > 1 else None
    elif chosen:
        values = {p["name"]: request.query_params.get(p["name"], "") for p in chosen["params"]}
    elif result is not None:
        ran = True
        if format == "csv":  # at most as many rows as /sparql gives; IRIs as they are, so no labels needed
            columns, rows, total = _table(result, max_rows)
            return _csv(columns, _cells(columns, rows, {}), "query", total > max_rows)
        columns, rows, total = _table(result, _TABLE_ROWS)
        headings = [web.translate("ask_answer", lang) if c == "ask" and isinstance(result, bool) else c for c in columns]
        names = labels(store, {t.value for r in rows for t in r.values() if isinstance(t, ox.NamedNode)}, lang)
        cells = _cells(columns, rows, names, lang)
    return web.render(request, "queries.html.j2", status, named=named, chosen=chosen, values=values, sparql=sparql,
                      columns=columns, headings=headings, rows=cells, total=total, error=error, ran=ran, page=page,
                      default_sparql=_DEFAULT_SPARQL, downloads=DOWNLOADS)


def _download(headings: list[str], columns: list[str], cells: list[list[dict]], name: str, fmt: str) -> Response:
    """A named query's answer as CSV / XLSX (the page's headings and values) or JSON (keyed by column name,
    each linked thing also with its identifier under `<column>_iri`)."""
    if fmt != "json":
        return table_download(headings, [[c["value"] for c in row] for row in cells], name, fmt)
    keys = [k for c in columns for k in (c, c + "_iri")]
    rows = [[v for c in row for v in (c["value"], c["iri"])] for row in cells]
    return table_download(keys, rows, name, "json")


def _message(exc: SamverkanError, lang: str) -> str:
    """An error in the reader's language: the catalogue's sentence for a thing not found or ambiguous,
    else the library's own message."""
    if isinstance(exc.__cause__, NotFound | Ambiguous):  # a parameter's value that names nothing (or several)
        exc = exc.__cause__
    if isinstance(exc, NotFound | Ambiguous) and getattr(exc, "kind", None):
        key = "ambiguous_thing" if isinstance(exc, Ambiguous) else "not_found_thing"
        prefix = "kind_name_" if isinstance(exc, Ambiguous) else "kind_none_"
        kind = web.translate(prefix + exc.kind.replace(" ", "_"), lang)
        return web.translate(key, lang, kind=kind, value=exc.value)
    return str(exc)


def _page_number(text: str | None, default: int = 1, name: str = "page") -> int:
    """A page number or size from the URL (`default` when not given); anything but a whole number ≥ 1 is a ParamError."""
    if text is None or not text.strip():
        return default
    if not text.strip().isdigit() or int(text) < 1:
        raise ParamError(f"{name} must be a whole number from 1, got {text!r}")
    return int(text)


_DEFAULT_SPARQL = """PREFIX sam: <https://w3id.org/samverkan/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?organisation ?forum WHERE {
  ?o sam:coordinates ?f .
  ?f a/rdfs:subClassOf* sam:Forum .
  ?o rdfs:label ?organisation . ?f rdfs:label ?forum .
  FILTER(lang(?organisation) = "sv" && lang(?forum) = "sv")
} ORDER BY ?organisation"""
