"""What every command shares: the store and language options, and errors turned into exit code 2."""

from __future__ import annotations

import functools
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ..errors import SamverkanError
from ..store import Store, open_store


class Lang(str, Enum):
    sv = "sv"
    en = "en"


StoreOption = Annotated[
    Optional[str],
    typer.Option("--store", help="Store: a folder (embedded, default ./var/store), :memory:, or an http(s) SPARQL server URL. Also $SAMVERKAN_STORE."),
]
LangOption = Annotated[Optional[Lang], typer.Option("--lang", help="Language of labels and messages (sv or en).")]
OutputOption = Annotated[Optional[str], typer.Option("-o", "--output", help="Write to this file instead of standard output.")]


class Settings:
    """Global options given before the command name."""

    def __init__(self, store: str | None = None, lang: Lang | None = None, **remote_options):
        self.store = store
        self.lang = lang
        self.remote_options = {k: v for k, v in remote_options.items() if v is not None}


def settings(ctx: typer.Context) -> Settings:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, Settings) else Settings()


def resolve_store(ctx: typer.Context, store: str | None, read_only: bool = False) -> Store:
    """Open the store named on the command, else globally, else by $SAMVERKAN_STORE / ./var/store."""
    chosen = settings(ctx)
    return open_store(store or chosen.store, read_only=read_only, **chosen.remote_options)


def resolve_lang(ctx: typer.Context, lang: Lang | None) -> str:
    chosen = lang or settings(ctx).lang or Lang.sv
    return chosen.value


def fail(message: str, code: int = 2) -> None:
    """Print one clear line to stderr and exit."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def cli_errors(func):
    """Turn library errors, and files that cannot be read or written, into one line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SamverkanError as exc:
            fail(str(exc))
        except OSError as exc:
            where = exc.filename if exc.filename is not None else "file"
            fail(f"{where}: {exc.strerror or exc}")

    return wrapper


def progress(message: str) -> None:
    """Progress lines for long work, shown only when a person is watching stderr."""
    if sys.stderr.isatty():
        typer.echo(message, err=True)
