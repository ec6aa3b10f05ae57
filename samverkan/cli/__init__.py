"""The `samverkan` command: a thin door onto the library."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import (
    followup_commands,
    generate_commands,
    graph_commands,
    import_commands,
    network_commands,
    query_commands,
    serve_commands,
    user_commands,
    validate_commands,
)
from .common import Lang, Settings

app = typer.Typer(
    name="samverkan",
    help="Samverkan: who does what in local crime prevention. Build, check, query and serve the knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help and usage errors: importing rich costs more than the rest of start-up
)


@app.callback()
def _global_options(
    ctx: typer.Context,
    store: Annotated[Optional[str], typer.Option("--store", envvar="SAMVERKAN_STORE", help="Store for every command: folder, :memory: or http(s) URL.")] = None,
    lang: Annotated[Optional[Lang], typer.Option("--lang", help="Language of labels and messages (sv or en).")] = None,
    store_kind: Annotated[Optional[str], typer.Option("--store-kind", help="Remote store: oxigraph, fuseki, graphdb, virtuoso or generic (default: guessed from the URL). Also $SAMVERKAN_STORE_KIND.")] = None,
    query_url: Annotated[Optional[str], typer.Option("--query-url", help="Remote store: SPARQL query endpoint, if not the default for its kind. Also $SAMVERKAN_QUERY_URL.")] = None,
    update_url: Annotated[Optional[str], typer.Option("--update-url", help="Remote store: SPARQL update endpoint. Also $SAMVERKAN_UPDATE_URL.")] = None,
    gsp_url: Annotated[Optional[str], typer.Option("--gsp-url", help="Remote store: Graph Store Protocol endpoint. Also $SAMVERKAN_GSP_URL.")] = None,
    timeout: Annotated[Optional[float], typer.Option("--timeout", help="Remote store: seconds per request. Also $SAMVERKAN_TIMEOUT. Credentials only from $SAMVERKAN_USER/$SAMVERKAN_PASSWORD or $SAMVERKAN_TOKEN.")] = None,
) -> None:
    ctx.obj = Settings(store, lang, kind=store_kind, query_url=query_url, update_url=update_url, gsp_url=gsp_url,
                       timeout=timeout)


for _module in (graph_commands, validate_commands, query_commands, network_commands, serve_commands,
                import_commands, generate_commands, followup_commands, user_commands):
    _module.register(app)


def main() -> None:
    """Console-script entry point: usage errors in the reader's language (usage.py)."""
    from .usage import run

    run(app)
