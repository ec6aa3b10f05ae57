"""The SPARQL query page inside the site (YASGUI from npm over our own /sparql; a plain form and a results table
without JavaScript) and the OpenAPI docs page with Swagger UI served from our own static files.

/sparql itself stays the protocol endpoint (api.routers.sparql); a browser asking it for HTML without a query
gets `editor_page`."""

from __future__ import annotations

import json

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse

from samverkan import i18n
from samverkan.labels import labels
from samverkan.queries import list_queries

from .. import web
from ..dependencies import SettingsDep, StoreDep
from ..settings import Settings
from .pages import _DEFAULT_SPARQL as DEFAULT_QUERY
from .pages import _cells, _table
from .sparql import ProtocolError, run_query

router = APIRouter(include_in_schema=False)

#: where the no-JavaScript form sends its query (answers an HTML page with a results table)
RESULTS_PATH = "/sparql/results"
_ROWS_SHOWN = 1000
_VENDOR = "/static/vendor"


#: YASGUI's own words (titles, labels, placeholders it writes in English), by the catalogue key of ours
UI_WORDS = {
    "Run query": "yasgui_run", "Stop query": "yasgui_stop", "Share query": "yasgui_share",
    "Filter query results": "yasgui_filter", "Simple view": "yasgui_simple_view", "Ellipse": "yasgui_ellipse",
    "Download result": "yasgui_download", "Show all": "yasgui_show_all", "Table": "yasgui_table",
    "Response": "yasgui_response", "Boolean": "yasgui_boolean", "Error": "yasgui_error",
    "Query": "yasgui_tab", "Fullscreen": "yasgui_fullscreen", "Documentation": "yasgui_documentation",
    "Results per page": "yasgui_page_size", "Page size": "yasgui_page_size", "Query editor": "sparql_editor",
    "Download Results": "yasgui_download", "All": "yasgui_all", "Close tab": "yasgui_close_tab",
    "Add tab": "yasgui_add_tab", "Add a new tab": "yasgui_add_tab", "Open settings": "yasgui_settings",
    "Clear endpoint": "yasgui_clear_endpoint",
}


def examples(lang: str) -> list[dict]:
    """The named queries as example texts for the pick list: name, title in the reader's language, query text."""
    return [{"name": q.name, "title": q.title.get(lang) or q.title.get("sv") or q.name, "text": _body(q.text)}
            for q in list_queries()]


def _body(text: str) -> str:
    """A query file's text without its header comments (the title is in the pick list)."""
    lines = text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines).strip() + "\n"


def _words(lang: str) -> dict:
    """What sparql.js needs in the reader's language: YASGUI's words and DataTables' sentences."""
    t = lambda key, **v: web.translate(key, lang, **v)  # noqa: E731
    return {"ui": {english: t(key) for english, key in UI_WORDS.items()}, "shows": t("yasgui_shows"),
            "answered": t("yasgui_answered"), "answered_in": t("yasgui_answered_in"),
            "decimal": i18n.format_number(0.5, lang)[1],
            "table": {"sEmptyTable": t("yasgui_empty"), "sZeroRecords": t("yasgui_empty"),
                      "sInfo": t("yasgui_info"), "sInfoEmpty": t("yasgui_info_empty"),
                      "sInfoFiltered": t("yasgui_info_filtered"), "sLengthMenu": t("yasgui_length"),
                      "sSearch": t("yasgui_filter"), "entries": {"_": t("yasgui_rows"), "1": t("yasgui_row")},
                      "lengthLabels": {"-1": t("yasgui_all")},
                      "oPaginate": {"sFirst": "«", "sLast": "»", "sNext": "›", "sPrevious": "‹"}}}


def _render(request: Request, settings: Settings, query: str, status: int = 200, **context) -> HTMLResponse:
    lang = web.get_lang(request)
    context = {"error": None, "ran": False, "columns": [], "headings": [], "rows": [], "total": 0, **context}
    return web.render(request, "sparql.html.j2", status, query=query, examples=examples(lang),
                      words=json.dumps(_words(lang), ensure_ascii=False).replace("</", "<\\/"),
                      endpoint="/sparql", results_path=RESULTS_PATH, timeout=settings.query_timeout,
                      max_rows=settings.max_rows, writes=bool(settings.write_token), **context)


def editor_page(request: Request, settings: Settings) -> HTMLResponse:
    """The SPARQL page: YASGUI with the example queries, or the plain form when scripts do not run."""
    return _render(request, settings, DEFAULT_QUERY)


@router.get(RESULTS_PATH, response_class=HTMLResponse)
async def results_page(request: Request, store: StoreDep, settings: SettingsDep, query: str = ""):
    """The plain form's answer: the query, then its results as a table in the site (labels linked to pages)."""
    if not query.strip():
        return editor_page(request, settings)
    try:
        result = await run_query(store, settings, query)
    except ProtocolError as exc:
        return _render(request, settings, query, 400 if exc.status < 500 else exc.status, error=exc.message)
    return await run_in_threadpool(_answer, request, store, settings, query, result)


def _answer(request: Request, store, settings: Settings, query: str, result) -> HTMLResponse:
    from pyoxigraph import NamedNode

    lang = web.get_lang(request)
    columns, rows, total = _table(result, min(_ROWS_SHOWN, settings.max_rows))
    names = labels(store, {t.value for r in rows for t in r.values() if isinstance(t, NamedNode)}, lang)
    headings = [web.translate("ask_answer", lang) if c == "ask" and isinstance(result, bool) else c for c in columns]
    return _render(request, settings, query, columns=columns, headings=headings, rows=_cells(columns, rows, names, lang),
                   total=total, ran=True)


@router.get("/static/sparql.js")
def script() -> FileResponse:
    """The SPARQL page's script (starts YASGUI)."""
    return FileResponse(web.STATIC / "sparql.js", media_type="text/javascript")


@router.get("/docs", response_class=HTMLResponse)
def docs_page() -> HTMLResponse:
    """The OpenAPI docs: Swagger UI from the swagger-ui-dist package (npm), served by us, so /docs works offline."""
    return get_swagger_ui_html(openapi_url="/openapi.json", title="Samverkan – API",
                               swagger_js_url=f"{_VENDOR}/swagger-ui-dist/swagger-ui-bundle.js",
                               swagger_css_url=f"{_VENDOR}/swagger-ui-dist/swagger-ui.css",
                               swagger_favicon_url="data:,",
                               swagger_ui_parameters={"validatorUrl": None})  # no badge from validator.swagger.io
