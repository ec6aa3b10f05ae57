"""Usage errors (an unknown option, a missing one, a value not allowed) in the reader's words, from the catalogue.

Typer/Click write their usage errors in English; `run` catches them and prints one line `fel: …` / `error: …`
and where to find help, in the language of `--lang` (wherever it is given) or $SAMVERKAN_LANG. Exit code 2."""

from __future__ import annotations

import re
import sys

import typer

from .common import Lang, env_lang, say

try:
    from typer._click import exceptions as click_errors  # Typer ≥ 0.24 carries its own Click
except ImportError:  # pragma: no cover - an older Typer uses Click itself
    from click import exceptions as click_errors

#: Click's sentence about a value → (catalogue key, the names of its groups)
_VALUES = [(re.compile(r"^'?(?P<value>.*?)'? is not one of (?P<choices>.*?)\.?$"), "cli_usage_not_one_of"),
           (re.compile(r"^'?(?P<value>.*?)'? is not a valid (?:integer|float|int)(?: range)?\.?$"), "cli_usage_not_number"),
           (re.compile(r"^'?(?P<value>.*?)'? is not in the range (?P<range>.*?)\.?$"), "cli_usage_range")]
_COMMAND = re.compile(r"^No such command '(?P<name>.+)'\.$")
_EXTRA = re.compile(r"^Got unexpected extra argument(?:s|\(s\))? \((?P<args>.*)\)$")


def argv_lang(args: list[str]) -> str | None:
    """The last `--lang X` / `--lang=X` on the command line when X is a language of the catalogue."""
    found = None
    for i, arg in enumerate(args):
        value = arg.split("=", 1)[1] if arg.startswith("--lang=") else (
            args[i + 1] if arg == "--lang" and i + 1 < len(args) else None)
        if value in Lang.__members__:
            found = value
    return found


def _hint(exc) -> str:
    param = getattr(exc, "param", None)
    if getattr(exc, "param_hint", None) is not None:
        hint = exc.param_hint
        return hint if isinstance(hint, str) else " / ".join(hint)
    if param is not None:
        hint = param.get_error_hint(exc.ctx)
        return hint.strip("'\"") if isinstance(hint, str) else str(hint)
    return ""


def message(exc) -> str:
    """A usage error in the command's language."""
    if isinstance(exc, click_errors.NoSuchOption):
        text = say("cli_usage_no_such_option", name=exc.option_name)
        if exc.possibilities:
            text += " " + say("did_you_mean", candidates=", ".join(sorted(exc.possibilities)))
        return text
    if isinstance(exc, click_errors.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param is not None else "parameter")
        key = "cli_usage_missing_argument" if kind == "argument" else "cli_usage_missing_option"
        return say(key, name=_hint(exc))
    if isinstance(exc, click_errors.BadParameter):
        detail = exc.message
        for pattern, key in _VALUES:
            match = pattern.match(detail)
            if match:
                detail = say(key, **match.groupdict())
                break
        return say("cli_usage_bad_value", name=_hint(exc), detail=detail)
    for pattern, key in ((_COMMAND, "cli_usage_no_such_command"), (_EXTRA, "cli_usage_extra")):
        match = pattern.match(exc.message)
        if match:
            return say(key, **match.groupdict())
    return exc.message


def run(app: typer.Typer, args: list[str] | None = None) -> None:
    """Run the CLI; a usage error becomes one line in the reader's language and exit code 2."""
    from . import common

    args = sys.argv[1:] if args is None else args
    common._current["lang"] = argv_lang(args) or env_lang() or "sv"
    try:
        code = app(args=args, prog_name="samverkan", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except click_errors.UsageError as exc:
        typer.echo(f"{say('cli_error')}: {message(exc)}", err=True)
        if exc.ctx is not None:
            typer.echo(say("cli_usage_help", command=exc.ctx.command_path), err=True)
        sys.exit(exc.exit_code)
    except click_errors.Abort:
        typer.echo(say("cli_aborted"), err=True)
        sys.exit(1)
    sys.exit(code if isinstance(code, int) else 0)
