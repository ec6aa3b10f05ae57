"""The app factory: wires the store, the settings and the routers together."""

from __future__ import annotations

from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, PlainTextResponse

from samverkan.errors import Ambiguous, NotFound, SamverkanError, StoreError
from samverkan.sparql_pool import close_pool
from samverkan.store import Store, open_store

from . import web
from .auth import Auth
from .methods import MethodsMiddleware
from .routers import account, analysis, follow_up, follow_up_api, ids, lists, network_page, pages, resources, sparql
from .settings import Settings


def create_app(store: Store | None = None, *, settings: Settings | None = None) -> FastAPI:
    """The Samverkan app over `store` (else the store named in the settings, opened here and closed on shutdown)."""
    settings = settings or Settings.from_env()
    owned = store is None
    if owned:
        read_only = settings.write_token is None
        store = open_store(settings.store, read_only=read_only, in_memory=read_only and settings.in_memory,
                           **settings.remote_options)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        close_pool(store)
        if owned:
            store.close()

    app = FastAPI(
        title="Samverkan",
        summary="Who does what in local crime prevention in Sweden: agreements, parties, forums and commitments.",
        description="JSON API over the Samverkan knowledge graph, a SPARQL 1.1 Protocol endpoint at /sparql, "
                    "and dereferenceable IRIs under /id/. Labels are Swedish unless `?lang=en`.",
        version="0.1.0",
        lifespan=lifespan,
    )
    app.state.store = store
    app.state.settings = settings
    app.state.auth = Auth(settings.editors)  # editors from $SAMVERKAN_EDITORS; none → nobody can sign in
    app.add_middleware(MethodsMiddleware, owner=app)  # HEAD, OPTIONS and Allow; inside CORS (added after it)
    # Read-only use from other origins; writes need the bearer token, which browsers never send cross-origin.
    app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "HEAD", "OPTIONS"],
                       allow_headers=["Accept", "Content-Type"], expose_headers=["Content-Type"])
    _add_error_handlers(app)

    app.include_router(follow_up_api.router)  # before resources: its /api/agreements/{id:path} takes …/follow-ups
    app.include_router(resources.router)
    app.include_router(analysis.router)
    app.include_router(sparql.router)
    app.include_router(ids.router)
    app.include_router(pages.router)
    app.include_router(lists.router)
    app.include_router(network_page.router)
    app.include_router(account.router)
    app.include_router(follow_up.router)
    return app


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound):
        return JSONResponse(status_code=404, content={"detail": {
            "error": "not found", "message": str(exc), "kind": exc.kind, "value": exc.value,
            "candidates": exc.candidates}})

    @app.exception_handler(Ambiguous)
    async def ambiguous(request: Request, exc: Ambiguous):
        return JSONResponse(status_code=409, content={"detail": {
            "error": "ambiguous", "message": str(exc), "kind": exc.kind, "value": exc.value,
            "candidates": exc.candidates}})

    @app.exception_handler(SamverkanError)
    async def samverkan_error(request: Request, exc: SamverkanError):
        if isinstance(exc, StoreError):
            return _error_response(request, 503, "store_unavailable", str(exc))
        return _error_response(request, 500, type(exc).__name__, str(exc))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception):
        # Starlette answers with this, then raises the exception again for the server to log with its traceback
        return _error_response(request, 500, "internal_error",
                               web.translate("error_unexpected", web.get_lang(request), kind=type(exc).__name__))


#: the catalogue key of an error page's title, by error
_TITLES = {"store_unavailable": "error_store_unavailable", "internal_error": "error_internal"}
_MACHINE_PATHS = ("/api", "/sparql", "/docs", "/openapi", "/redoc")


def _wants_html(request: Request) -> bool:
    """A person's browser on one of the HTML pages (not the JSON API, SPARQL or an RDF client)."""
    if request.url.path.startswith(_MACHINE_PATHS):
        return False
    accept = request.headers.get("accept", "")
    return not accept or "text/html" in accept or accept.strip() == "*/*"


def _error_response(request: Request, status: int, error: str, message: str):
    """The error as an HTML page for browsers on the pages, else as JSON (plain text on /sparql)."""
    if _wants_html(request):
        lang = web.get_lang(request)
        title = web.translate(_TITLES.get(error, "query_error"), lang)
        return web.render(request, "error.html.j2", status, title=title, what="", value="", message=message,
                          candidates=[])
    if request.url.path.startswith("/sparql"):
        return PlainTextResponse(message + "\n", status_code=status)
    return JSONResponse(status_code=status, content={"detail": {"error": error, "message": message}})
