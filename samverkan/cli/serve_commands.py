"""`samverkan serve`: the web app (JSON API, SPARQL endpoint, pages) over a store, with uvicorn."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from typing import Annotated, Optional

import typer

from .common import StoreOption, cli_errors, settings


#: the environment variable each remote-store option is read from (samverkan.store.remote.remote_options_from_env)
_REMOTE_ENV = {"kind": "SAMVERKAN_STORE_KIND", "query_url": "SAMVERKAN_QUERY_URL", "update_url": "SAMVERKAN_UPDATE_URL",
               "gsp_url": "SAMVERKAN_GSP_URL", "timeout": "SAMVERKAN_TIMEOUT"}


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
    in_memory: Annotated[bool, typer.Option(
        "--in-memory", help="Read-only serving: also copy the store into memory in the background and answer from "
                            "the copy once it is complete (faster whole-graph queries, the data's size in memory). "
                            "Answers come from the disk until then.")] = False,
    on_disk: Annotated[bool, typer.Option("--on-disk", hidden=True, help="Serve from the on-disk store (the default).")] = False,
    workers: Annotated[int, typer.Option(
        "--workers", min=1, max=32, help="Server processes (read-only serving only); with --in-memory each holds its own copy.")] = 1,
) -> None:
    """Serve the web pages, the JSON API (/api, docs at /docs), SPARQL (/sparql) and /id/… until stopped.

    SPARQL updates are allowed only when $SAMVERKAN_WRITE_TOKEN is set (clients send it as a Bearer token); such a server holds the store, so build through its URL (--store http://…).

    Without a token the server is read-only: it answers from the on-disk store at once and opens it again once a build has finished (checked at most once a second), so the new graph is served without a restart. With --in-memory it also copies the store into memory in the background and answers from the copy once it is complete (again after each build).
    """  # noqa: E501 - one line per paragraph: the help text wraps it
    import uvicorn  # noqa: PLC0415 - only the serve command needs it

    from api.app import create_app  # noqa: PLC0415 - the library does not import the api at import time
    from api.settings import Settings  # noqa: PLC0415

    try:
        chosen = settings(ctx)
        config = Settings.from_env(store=store or chosen.store, query_timeout=query_timeout, max_rows=max_rows,
                                   remote_options=dict(chosen.remote_options))
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc
    if in_memory and on_disk:
        raise typer.BadParameter("choose --in-memory or --on-disk, not both", param_hint="--in-memory")
    if in_memory or on_disk:
        config = dataclasses.replace(config, in_memory=in_memory)
    if workers > 1:
        if config.write_token is not None:
            raise typer.BadParameter("--workers above 1 needs a read-only server: one process at a time may write "
                                     "to a store (unset $SAMVERKAN_WRITE_TOKEN)", param_hint="--workers")
        # each worker process builds its app from the environment (api.app.create_app as a factory)
        os.environ.update({"SAMVERKAN_STORE": str(config.store or ""), "SAMVERKAN_QUERY_TIMEOUT": str(config.query_timeout),
                           "SAMVERKAN_MAX_ROWS": str(config.max_rows), "SAMVERKAN_IN_MEMORY": "1" if config.in_memory else "0"})
        os.environ.update({_REMOTE_ENV[k]: str(v) for k, v in config.remote_options.items() if k in _REMOTE_ENV})
        typer.echo(f"serving {config.store or 'the default store'} with {workers} worker processes on http://{host}:{port} "
                   f"(SPARQL at /sparql, API docs at /docs); Ctrl-C stops", err=True)
        uvicorn.run("api.app:create_app", factory=True, host=host, port=port, workers=workers, log_level="info")
        return
    application = create_app(settings=config)
    served = application.state.store
    if getattr(served, "in_memory", False):
        threading.Thread(target=_say_when_copied, args=(served,), name="memory-copy-report", daemon=True).start()
    typer.echo(f"serving {served.description} on http://{host}:{port} "
               f"(SPARQL at /sparql, API docs at /docs); Ctrl-C stops", err=True)
    uvicorn.run(application, host=host, port=port, log_level="info")


def _say_when_copied(store) -> None:
    """Tell the operator when the background copy into memory is complete (again after each build)."""
    while store.copied.wait():
        typer.echo(f"copied {store.path} into memory in {store.loaded_in:.2f} s; answering from the copy", err=True)
        while store.copied.is_set():
            time.sleep(1)
