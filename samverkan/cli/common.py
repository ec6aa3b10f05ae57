"""What every command shares: the store and language options, the reader's words, and errors turned into exit
code 2.

Every word the CLI prints comes from the message catalogue (samverkan.i18n): `say("cli_built", …)` in the language
of the command (`--lang`, else $SAMVERKAN_LANG, else Swedish), which `cli_errors` settles before the command runs."""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from typing import Annotated, Optional

import typer

from ..errors import SamverkanError
from ..i18n import error_text
from ..store import Store, open_store


class Lang(str, Enum):
    sv = "sv"
    en = "en"


StoreOption = Annotated[
    Optional[str],
    typer.Option("--store", help="Store: a folder (embedded, default ./var/store), :memory:, or an http(s) SPARQL server URL. Also $SAMVERKAN_STORE."),
]
LangOption = Annotated[Optional[Lang], typer.Option("--lang", help="Language of labels and messages (sv or en). Also $SAMVERKAN_LANG.")]
OutputOption = Annotated[Optional[str], typer.Option("-o", "--output", help="Write to this file instead of standard output.")]

#: the language of the running command's messages (one command per process)
_current = {"lang": None}


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


def env_lang() -> str | None:
    """$SAMVERKAN_LANG when it names a language of the catalogue."""
    value = (os.environ.get("SAMVERKAN_LANG") or "").strip().lower()
    return value if value in Lang.__members__ else None


def resolve_lang(ctx: typer.Context | None, lang: Lang | None = None) -> str:
    """The command's language: its --lang, else the global --lang, else $SAMVERKAN_LANG, else Swedish."""
    chosen = lang or (settings(ctx).lang if ctx is not None else None)
    code = chosen.value if chosen else (env_lang() or "sv")
    _current["lang"] = code
    return code


def current_lang() -> str:
    return _current["lang"] or env_lang() or "sv"


def say(key: str, **values) -> str:
    """The catalogue's message `key` in the command's language, %(placeholders)s filled in."""
    from ..i18n import gettext

    return gettext(key, current_lang(), **values)


def say_n(key: str, n: int, **values) -> str:
    """The singular (`key`) or plural (`key_plural`) message for `n`, in the command's language."""
    from ..i18n import ngettext

    return ngettext(key, key + "_plural", n, current_lang(), **values)


def fail(message: str, code: int = 2) -> None:
    """Print one clear line to stderr ("fel: …" / "error: …") and exit."""
    typer.echo(f"{say('cli_error')}: {message}", err=True)
    raise typer.Exit(code)


def cli_errors(func):
    """Settle the command's language, then turn library errors, and files that cannot be read or written, into one
    line on stderr and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        ctx = kwargs.get("ctx") or next((a for a in args if isinstance(a, typer.Context)), None)
        resolve_lang(ctx, kwargs.get("lang"))
        try:
            return func(*args, **kwargs)
        except SamverkanError as exc:
            fail(error_text(exc, current_lang()))
        except OSError as exc:
            where = exc.filename if exc.filename is not None else say("cli_file")
            fail(f"{where}: {exc.strerror or exc}")

    return wrapper


def store_name(store: Store) -> str:
    """The store as a reader knows it: its folder, "minnet" / "memory", or its server's address."""
    path = getattr(store, "path", None)
    base = getattr(getattr(store, "endpoints", None), "base", None)
    if base:
        return say("cli_store_remote", url=base)
    return say("cli_store_memory") if path is None else say("cli_store_folder", path=str(path))


def progress(message: str) -> None:
    """Progress lines for long work, shown only when a person is watching stderr."""
    if sys.stderr.isatty():
        typer.echo(message, err=True)
