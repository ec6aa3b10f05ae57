"""`samverkan build`, `stats` and `export`: load the sources, count what is in the store, write it out."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import pyoxigraph as ox
import typer

from ..output import render_table, write_output
from .common import (
    LangOption,
    OutputOption,
    StoreOption,
    cli_errors,
    current_lang,
    progress,
    resolve_lang,
    resolve_store,
    say,
    say_n,
    store_name,
)


class StatsFormat(str, Enum):
    table = "table"
    json = "json"


class ExportFormat(str, Enum):
    ttl = "ttl"
    trig = "trig"
    nq = "nq"
    nt = "nt"
    jsonld = "jsonld"


EXPORT_FORMATS = {
    ExportFormat.ttl: ox.RdfFormat.TURTLE,
    ExportFormat.trig: ox.RdfFormat.TRIG,
    ExportFormat.nq: ox.RdfFormat.N_QUADS,
    ExportFormat.nt: ox.RdfFormat.N_TRIPLES,
    ExportFormat.jsonld: ox.RdfFormat.JSON_LD,
}


def register(app: typer.Typer) -> None:
    app.command("build")(build)
    app.command("stats")(stats)
    app.command("export")(export)


@cli_errors
def build(
    ctx: typer.Context,
    sources: Annotated[Optional[list[Path]], typer.Argument(help="Source files or folders (default: graph/).")] = None,
    store: StoreOption = None,
    force: Annotated[bool, typer.Option("--force", help="Re-read every file, even unchanged ones.")] = False,
) -> None:
    """Load the ontology and the source files into the store (each file into its own named graph)."""
    from ..build import build as build_store  # noqa: PLC0415 - imported where used: keeps start-up short
    with resolve_store(ctx, store) as st:
        report = build_store(st, sources or None, force=force, progress=progress)
        typer.echo(say("cli_built", store=store_name(st), graphs=report.graphs, triples=report.triples))
        if report.loaded:
            folders = sorted({_shown(s.path.parent) for s in report.loaded})
            typer.echo("  " + say_n("cli_loaded", len(report.loaded), folders=", ".join(folders)))
        else:
            typer.echo("  " + say("cli_loaded_nothing"))
        if report.unchanged:
            typer.echo("  " + say_n("cli_unchanged", len(report.unchanged)))
        if report.dropped:
            typer.echo("  " + say_n("cli_dropped", len(report.dropped), graphs=", ".join(report.dropped)))
        if report.leftovers_freed:
            typer.echo("  " + say("cli_leftovers_removed", mb=_mb(report.leftovers_freed)))


def _mb(size: int) -> str:
    from ..i18n import format_number  # noqa: PLC0415

    return format_number(size / 1e6, current_lang(), digits=1)

def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@cli_errors
def stats(
    ctx: typer.Context,
    store: StoreOption = None,
    fmt: Annotated[StatsFormat, typer.Option("--format", help="table or json")] = StatsFormat.table,
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    """Per agreement: parties, period, signing date, areas, initiatives and commitments by party."""
    from ..stats import agreement_stats  # noqa: PLC0415 - imported where used: keeps start-up short
    language = resolve_lang(ctx, lang)
    with resolve_store(ctx, store, read_only=True) as st:
        data = agreement_stats(st, language)
    if fmt is StatsFormat.json:
        write_output(json.dumps(data, ensure_ascii=False, indent=2), output)
        return
    headers = [say(k) for k in ("cli_col_agreement", "cli_col_parties", "cli_col_period", "cli_col_signed",
                                "cli_col_areas", "cli_col_initiatives", "cli_col_commitments", "cli_col_by_party")]
    rows = []
    for a in data["agreements"]:
        period = a["period"]
        if period["start"] or period["end"]:
            span = f"{period['start'] or '?'}–{period['end'] or '?'}"
        elif period["until_further_notice"]:
            span = say("cli_until_further_notice")
        else:
            span = ""
        by_party = "; ".join(f"{k}: {v}" for k, v in a["commitments_by_party"].items())
        rows.append([a["slug"], " / ".join(a["parties"]), span, a["signed"] or "", a["areas"], a["initiatives"],
                     a["commitments"], by_party])
    write_output(render_table(headers, rows, max_width=70), output)


@cli_errors
def export(
    ctx: typer.Context,
    store: StoreOption = None,
    fmt: Annotated[ExportFormat, typer.Option("--format", help="ttl, nt and jsonld: the union graph; trig and nq: every named graph.")] = ExportFormat.trig,
    output: OutputOption = None,
) -> None:
    """Write the whole graph out in a standard RDF format."""
    with resolve_store(ctx, store, read_only=True) as st:
        write_output(st.dump(EXPORT_FORMATS[fmt]), output)
