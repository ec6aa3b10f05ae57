"""`samverkan follow-up new|sheet` and `samverkan import follow-up`: the yearly follow-up as a file or a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import LangOption, StoreOption, cli_errors, resolve_lang, resolve_store, say

follow_up_app = typer.Typer(help="The yearly follow-up of an agreement. / Årsuppföljningen av en överenskommelse.",
                            no_args_is_help=True)

YearOption = Annotated[int, typer.Option("--year", min=1900, max=2100, help="The year followed up, e.g. 2016.")]
AgreementArg = Annotated[str, typer.Argument(help="The agreement: IRI, slug (boras-2015) or label.")]


def register(app: typer.Typer) -> None:
    app.add_typer(follow_up_app, name="follow-up")
    from .import_commands import import_app

    import_app.command("follow-up")(import_follow_up)
    app.command("report")(cli_errors(report))


def _agreement(store, value: str) -> str:
    from ..resolve import resolve

    return resolve(store, value, "agreement")


@follow_up_app.command("new")
@cli_errors
def new(
    ctx: typer.Context,
    agreement: AgreementArg,
    year: YearOption,
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write (default graph/follow-ups/<agreement>/<year>.ttl).")] = None,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Start a year's follow-up: a commented Turtle file with one entry per commitment, status still empty."""
    from ..followup.document import template
    from ..followup.files import atomic_write
    from ..followup.naming import follow_up_path

    code = resolve_lang(ctx, lang)
    with resolve_store(ctx, store, read_only=True) as st:
        iri = _agreement(st, agreement)
        text = template(st, iri, year, code)
    target = output or follow_up_path(iri, year)
    atomic_write(target, text.encode("utf-8"), overwrite=False)
    typer.echo(f"{target}: " + say("cli_follow_up_started", year=year))


@follow_up_app.command("sheet")
@cli_errors
def sheet(
    ctx: typer.Context,
    agreement: AgreementArg,
    year: YearOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="The .xlsx file to write.")],
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Export the year's follow-up as a spreadsheet: one row per commitment, a status drop-down."""
    from ..followup.files import atomic_write
    from ..followup.sheet import export_sheet

    code = resolve_lang(ctx, lang)
    with resolve_store(ctx, store, read_only=True) as st:
        data = export_sheet(st, _agreement(st, agreement), year, code)
    atomic_write(output, data)
    typer.echo(str(output))


@cli_errors
def import_follow_up(
    ctx: typer.Context,
    sheet_file: Annotated[Path, typer.Argument(help="The filled-in .xlsx made by samverkan follow-up sheet.")],
    output: Annotated[Optional[Path], typer.Option("-o", "--output", help="Where to write (default graph/follow-ups/<agreement>/<year>.ttl).")] = None,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Read a filled-in follow-up spreadsheet back into graph/follow-ups/<agreement>/<year>.ttl.

    Every bad cell is reported as file:row:column; then nothing is written (exit 2)."""
    from ..followup.document import render_follow_up
    from ..followup.files import atomic_write
    from ..followup.naming import follow_up_path
    from ..followup.sheet import read_sheet
    from ..followup.status import status_labels
    from ..sources import ontology_terms, parse_source

    code = resolve_lang(ctx, lang)
    if not sheet_file.is_file():
        from ..errors import SourceError

        raise SourceError(str(sheet_file), None, say("cli_no_such_file"))
    with resolve_store(ctx, store, read_only=True) as st:
        content = read_sheet(st, sheet_file, code)
        text = render_follow_up(content.plan, content.entries, status_labels(st, "sv"))
    target = output or follow_up_path(content.agreement, content.year)
    _check_turtle(text, target, parse_source, ontology_terms)
    atomic_write(target, text.encode("utf-8"))
    filled = sum(1 for e in content.entries.values() if e.status)
    typer.echo(f"{target}: " + say("cli_follow_up_imported", filled=filled, total=len(content.plan.rows)))


def _check_turtle(text: str, target: Path, parse_source, ontology_terms) -> None:
    """Parse what is about to be written, as the build will, before it replaces anything."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / target.name
        probe.write_text(text, encoding="utf-8")
        parse_source(probe, ontology_terms())


def report(
    ctx: typer.Context,
    agreement: AgreementArg,
    year: YearOption,
    output: Annotated[Path, typer.Option("-o", "--output", help="rapport.pdf or rapport.html.")],
    fmt: Annotated[Optional[str], typer.Option("--format", help="pdf or html (default: from the file name).")] = None,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Print the council's report on the year's follow-up of an agreement (PDF or HTML, A4, Swedish by default)."""
    from ..report import report_data, write_report

    code = resolve_lang(ctx, lang)
    with resolve_store(ctx, store, read_only=True) as st:
        data = report_data(st, _agreement(st, agreement), year, code)
    write_report(data, output, fmt)
    typer.echo(str(output))
