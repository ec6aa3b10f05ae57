"""The `samverkan` command: a thin door onto the library."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from . import graph_commands
from .common import Lang, Settings

app = typer.Typer(
    name="samverkan",
    help="Samverkan: who does what in local crime prevention. Build, check, query and serve the knowledge graph.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _global_options(
    ctx: typer.Context,
    store: Annotated[Optional[str], typer.Option("--store", envvar="SAMVERKAN_STORE", help="Store for every command: folder, :memory: or http(s) URL.")] = None,
    lang: Annotated[Optional[Lang], typer.Option("--lang", help="Language of labels and messages (sv or en).")] = None,
) -> None:
    ctx.obj = Settings(store, lang)


for _module in (graph_commands,):
    _module.register(app)

_OPTIONAL_MODULES = ("validate_commands", "query_commands", "network_commands", "serve_commands",
                     "import_commands", "generate_commands")
for _name in _OPTIONAL_MODULES:
    try:
        _module = __import__(f"{__name__}.{_name}", fromlist=["register"])
    except ModuleNotFoundError as exc:
        if exc.name != f"{__name__}.{_name}":
            raise
        continue
    _module.register(app)


def main() -> None:
    """Console-script entry point."""
    app()
