"""`samverkan new agreement` and `samverkan import table|text`: get an agreement in without writing RDF."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import write_output
from ..i18n import Worded
from .common import LangOption, OutputOption, StoreOption, cli_errors, say, say_n

new_app = typer.Typer(help="Start a new source file from a template. / Skapa en ny källfil från en mall.",
                      no_args_is_help=True)
import_app = typer.Typer(help="Draft a source file from a spreadsheet or from the agreement's text. / "
                              "Gör ett utkast från ett kalkylblad eller från överenskommelsens text.",
                         no_args_is_help=True)

MunicipalityOption = Annotated[Optional[str], typer.Option("--municipality", help="The municipality, e.g. \"Marks kommun\".")]
PoliceOption = Annotated[Optional[str], typer.Option("--police-area", help="The police party, e.g. \"Lokalpolisområde Borås\".")]


def count(n: int, word: str) -> str:
    """"1 område" / "2 områden", "1 area" / "2 areas"."""
    return say_n("cli_count_" + word, n)


def register(app: typer.Typer) -> None:
    app.add_typer(new_app, name="new")
    app.add_typer(import_app, name="import")


def _directory(ctx: typer.Context, store: str | None):
    from ..ingest.orgs import OrgDirectory

    if not store:
        return OrgDirectory.load()
    with resolve_store(ctx, store, read_only=True) as st:
        return OrgDirectory.load(store=st)


def _ttl_header(kind: str, source: str, notes: list[str]) -> str:
    lines = [f"Draft made by `samverkan import {kind}` from {source}. Check it against the document, then move it",
             "to graph/agreements/. Utkast: granska mot dokumentet innan det flyttas till graph/agreements/."]
    return "\n".join(lines + notes)


def _write_all(outputs: list[tuple[str, Path | str | None]]) -> None:
    """Write every (text, path) or none: files first, stdout last; if one write fails, the files already
    written are put back as they were (removed, or their old content restored)."""
    files = [(text, Path(path)) for text, path in outputs if path is not None and str(path) != "-"]
    done: list[tuple[Path, bytes | None]] = []
    try:
        for text, path in files:
            before = path.read_bytes() if path.is_file() else None
            write_output(text, path)
            done.append((path, before))
    except BaseException as exc:
        for written, before in reversed(done):
            if before is None:
                written.unlink(missing_ok=True)
            else:
                write_output(before, written)
        if isinstance(exc, OSError):
            raise Worded("cli_cannot_write_none_written", str(path), reason=f"{exc.strerror or exc}: {exc.filename}") from exc
        raise
    for text, path in outputs:
        if path is None or str(path) == "-":
            write_output(text, path)


@new_app.command("agreement")
@cli_errors
def new_agreement(
    ctx: typer.Context,
    municipality: Annotated[str, typer.Option("--municipality", help="The municipality, e.g. \"Marks kommun\".")],
    police_area: Annotated[str, typer.Option("--police-area", help="The police party, e.g. \"Lokalpolisområde Borås\".")],
    period: Annotated[str, typer.Option("--period", help="Years, e.g. 2025-2027.")],
    output: OutputOption = None,
    store: StoreOption = None,
) -> None:
    """Write a ready-to-fill agreement file (Turtle with comments) that builds and validates as it is."""
    from ..ingest.template import new_agreement as make

    write_output(make(municipality, police_area, period, _directory(ctx, store)), output)
    if output:
        typer.echo(say("cli_wrote", file=output), err=True)


@import_app.command("table")
@cli_errors
def import_table(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The åtagandeplan: .csv or .xlsx.")],
    agreement: Annotated[str, typer.Option("--agreement", help="Agreement id, e.g. mark-2022-2024.")],
    municipality: MunicipalityOption = None,
    police_area: PoliceOption = None,
    output: OutputOption = None,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Turn an åtagandeplan spreadsheet into the agreement's areas, initiatives and commitments."""
    from ..ingest.table import import_table as run
    from ..ingest.writer import to_turtle

    draft, warnings = run(file, agreement, municipality, police_area, _directory(ctx, store))
    for w in warnings:
        typer.echo(f"{say('cli_warning')}: {w}", err=True)
    text = to_turtle(draft, _ttl_header("table", file.name, [f"warning: {w}" for w in warnings]))
    write_output(text, output)
    typer.echo(", ".join(count(len(x), w) for x, w in ((draft.commitments, "commitment"),
                                                                (draft.initiatives, "initiative"), (draft.areas, "area")))
               + (f" → {output}" if output else ""), err=True)


@import_app.command("text")
@cli_errors
def import_text(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The agreement: .txt, .md, .html or .pdf.")],
    output: OutputOption = None,
    report: Annotated[Optional[Path], typer.Option("--report", help="Review report (Markdown); default: DRAFT.review.md beside -o, else stderr.")] = None,
    municipality: MunicipalityOption = None,
    police_area: PoliceOption = None,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Draft an agreement from its own text, with a review report of what was found, uncertain and missing."""
    from ..ingest.text import draft_from_text, review_markdown
    from ..ingest.writer import to_turtle

    draft, review = draft_from_text(file, _directory(ctx, store), municipality, police_area)
    ttl = to_turtle(draft, _ttl_header("text", file.name, []))
    md = review_markdown(draft, review, str(file), output)
    report_path = report or (Path(str(output)).with_suffix(".review.md") if output and output != "-" else None)
    if report_path is not None and output and Path(report_path).resolve() == Path(output).resolve():
        raise Worded("cli_report_not_output", "--report")
    if report_path is None:
        write_output(ttl, output)
        typer.echo(md, err=True)
    else:
        _write_all([(ttl, output), (md, report_path)])
    by = {}
    for c in draft.commitments:
        for p in c.parties:
            by[p.label] = by.get(p.label, 0) + 1
    typer.echo(f"{draft.slug}: {count(len(draft.commitments), 'commitment')} ("
               + ", ".join(f"{k}: {v}" for k, v in by.items()) + f"), {count(len(draft.areas), 'area')}"
               + (f" → {output}, {say('cli_review')}: {report_path}" if output else ""), err=True)
