"""`samverkan validate`: check every agreement (or one) against the SHACL shapes in shapes/."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import render_table, write_output
from ..resolve import resolve
from .common import (
    LangOption,
    OutputOption,
    StoreOption,
    cli_errors,
    fail,
    resolve_lang,
    resolve_store,
    say,
    store_name,
)


class ValidateFormat(str, Enum):
    summary = "summary"
    text = "text"
    json = "json"
    ttl = "ttl"
    html = "html"


class Engine(str, Enum):
    sparql = "sparql"
    pyshacl = "pyshacl"


class FailOn(str, Enum):
    violation = "violation"
    warning = "warning"
    info = "info"
    none = "none"


def register(app: typer.Typer) -> None:
    app.command("validate")(validate_command)


@cli_errors
def validate_command(
    ctx: typer.Context,
    agreement: Annotated[Optional[str], typer.Option("--agreement", "-a", help="One agreement: IRI, slug (boras-2015) or exact label. Default: every agreement.")] = None,
    fmt: Annotated[ValidateFormat, typer.Option("--format", help="summary (one line per agreement), text (people: every finding), json (scripts), ttl (the SHACL validation report) or html (a standalone page).")] = ValidateFormat.text,
    fail_on: Annotated[FailOn, typer.Option("--fail-on", help="Exit 1 when a finding is at or above this severity (none: never).")] = FailOn.violation,
    lang: LangOption = None,
    output: OutputOption = None,
    store: StoreOption = None,
    shapes: Annotated[Optional[Path], typer.Option("--shapes", help="Shapes folder or file (default: the project's shapes/).")] = None,
    engine: Annotated[Engine, typer.Option("--engine", help="sparql: the shapes compiled to SPARQL and run on the store (fast); pyshacl: the reference engine.")] = Engine.sparql,
) -> None:
    """Check the agreements against the SHACL shapes: does every commitment have a party, a responsible
    unit, a timeframe, an activity measure and a follow-up?

    Severity: Violation = a malformed record (e.g. a commitment with no party); Warning = a gap in what
    the agreement says (no measure, timeframe, responsible unit or follow-up); Info = advice, and a
    commitment without its own follow-up that the agreement's follow-up covers.

    Per agreement the text shows a completeness table over its commitments. Score = share of checks
    met = (with party + with responsible + with timeframe + with measure + with follow-up, own or
    covered by the agreement's) / (5 × commitments).

    Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it; 2 usage or input error.
    """
    # rdflib and jinja2 come with the validator: imported here, not when the CLI starts
    from ..validate import render_html, render_json, render_text, to_turtle, validate  # noqa: PLC0415

    language = resolve_lang(ctx, lang)
    with resolve_store(ctx, store, read_only=True) as st:
        iri = resolve(st, agreement, "agreement") if agreement else None
        report = validate(st, iri, language, shapes=shapes, engine=engine.value)
    if not report.agreements:
        fail(say("cli_no_agreements", store=store_name(st)))
    if fmt is ValidateFormat.json:
        data = render_json(report, language)
    elif fmt is ValidateFormat.ttl:
        data = to_turtle(report)
    elif fmt is ValidateFormat.html:
        data = render_html(report, language, standalone=True)
    elif fmt is ValidateFormat.summary:
        data = _summary(report, language)
    else:
        data = render_text(report, language)
    write_output(data, output)
    if fail_on is not FailOn.none and report.has_findings_at(fail_on.value):
        raise typer.Exit(1)


def _summary(report, lang: str) -> str:
    """One line per agreement: does it conform, how many findings of each severity, its score."""
    from ..i18n import format_percent  # noqa: PLC0415

    headers = [say(k) for k in ("cli_col_agreement", "cli_col_conforms", "cli_col_violations", "cli_col_warnings",
                                "cli_col_info", "cli_col_score")]
    rows = []
    for agreement in report.agreements:
        counts = agreement.counts()
        score = agreement.completeness.get("score")
        shown = "–" if score is None else format_percent(score, lang).replace("\u00a0", " ")  # a terminal's space
        rows.append([agreement.label(lang), say("yes" if agreement.conforms else "no"), counts["violation"],
                     counts["warning"], counts["info"], shown])
    return render_table(headers, rows, max_width=80)
