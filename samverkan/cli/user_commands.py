"""`samverkan user add|list|remove`: the editors who may record follow-up from the web ($SAMVERKAN_EDITORS)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import cli_errors, fail, say

user_app = typer.Typer(help="Editors who may record follow-up in the browser. / Redaktörer som får registrera "
                            "uppföljning i webbläsaren.", no_args_is_help=True)

FileOption = Annotated[Optional[Path], typer.Option(
    "--file", help="The editors file (default $SAMVERKAN_EDITORS); keep it outside the repository.")]


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


def _path(file: Path | None) -> Path:
    from ..editors import editors_path

    path = editors_path(file)
    if path is None:
        fail(say("cli_no_editors_file"))
    return path


def _password() -> str:
    """The password from a hidden prompt (asked twice) on a terminal, else the first line of standard input."""
    if sys.stdin.isatty():
        return typer.prompt(say("cli_password_prompt"), hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@user_app.command("add")
@cli_errors
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="User name.")],
    org: Annotated[list[str], typer.Option("--org", help="An organisation the editor may edit (slug boras-stad or IRI); repeatable.")],
    replace: Annotated[bool, typer.Option("--replace", help="Change an existing editor's password and organisations.")] = False,
    file: FileOption = None,
) -> None:
    """Add an editor; the password is read from a prompt (or standard input) and stored as an argon2 hash."""
    from ..editors import add as add_editor

    path = _path(file)
    editor = add_editor(path, name, _password(), org, replace=replace)
    typer.echo(f"{path}: {editor.name} → " + ", ".join(editor.organisations))


@user_app.command("list")
@cli_errors
def list_users(ctx: typer.Context, file: FileOption = None) -> None:
    """The editors and the organisations each may edit (never their hashes)."""
    from ..editors import load

    for editor in load(_path(file)).values():
        typer.echo(f"{editor.name}\t" + " ".join(editor.organisations))


@user_app.command("remove")
@cli_errors
def remove(ctx: typer.Context, name: Annotated[str, typer.Argument(help="User name.")], file: FileOption = None) -> None:
    """Remove an editor; their sessions end at their next request."""
    from ..editors import remove as remove_editor

    path = _path(file)
    remove_editor(path, name)
    typer.echo(f"{path}: " + say("cli_user_removed", name=name))
