"""`samverkan serve`: the web app (JSON API, SPARQL endpoint, pages) over a store, with uvicorn."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from .common import StoreOption, cli_errors, settings


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)


@cli_errors
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")] = 8000,
    store: StoreOption = None,
    query_timeout: Annotated[Optional[float], typer.Option(
        "--query-timeout", min=0.001, help="Seconds a SPARQL query may run (default 10, or $SAMVERKAN_QUERY_TIMEOUT).")] = None,
    max_rows: Annotated[Optional[int], typer.Option(
        "--max-rows", min=1, help="Most rows a SPARQL query returns (default 10000, or $SAMVERKAN_MAX_ROWS).")] = None,
) -> None:
    """Serve the web pages, the JSON API (/api, docs at /docs), SPARQL (/sparql) and /id/… until stopped.

    SPARQL updates are allowed only when $SAMVERKAN_WRITE_TOKEN is set (clients send it as a Bearer token).
    """
    import uvicorn  # noqa: PLC0415 - only the serve command needs it

    from api.app import create_app  # noqa: PLC0415 - the library does not import the api at import time
    from api.settings import Settings  # noqa: PLC0415

    try:
        config = Settings.from_env(store=store or settings(ctx).store, query_timeout=query_timeout, max_rows=max_rows)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    application = create_app(settings=config)
    typer.echo(f"serving {application.state.store.description} on http://{host}:{port} "
               f"(SPARQL at /sparql, API docs at /docs); Ctrl-C stops", err=True)
    uvicorn.run(application, host=host, port=port, log_level="info")
