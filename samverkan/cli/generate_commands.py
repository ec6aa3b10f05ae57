"""`samverkan generate`: write a realistic national graph of source files for benchmarks and tests."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..generate import Gaps, generate
from ..i18n import Worded
from .common import cli_errors, say


def register(app: typer.Typer) -> None:
    app.command("generate")(generate_command)


def _range(text: str) -> tuple[int, int]:
    try:
        low, _, high = text.partition("-")
        return int(low), int(high or low)
    except ValueError:
        raise Worded("cli_range", "--commitments", value=text) from None


@cli_errors
def generate_command(
    ctx: typer.Context,
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder to write the source files to (new or empty).")],
    municipalities: Annotated[int, typer.Option("--municipalities", help="How many municipalities (1–290).")] = 290,
    years: Annotated[int, typer.Option("--years", help="How many years of agreements, ending with --end-year.")] = 10,
    seed: Annotated[int, typer.Option("--seed", help="Random seed; the same seed gives byte-identical files.")] = 1,
    end_year: Annotated[int, typer.Option("--end-year", help="Last year covered.")] = 2024,
    commitments: Annotated[str, typer.Option("--commitments", help="Commitments per agreement, MIN-MAX.")] = "20-60",
    missing_measure: Annotated[float, typer.Option(help="Share of commitments without an activity measure.")] = Gaps.measure,
    missing_timeframe: Annotated[float, typer.Option(help="Share of commitments without a timeframe.")] = Gaps.timeframe,
    missing_follow_up: Annotated[float, typer.Option(help="Share of commitments without their own follow-up.")] = Gaps.follow_up,
    missing_responsible: Annotated[float, typer.Option(help="Share of commitments without a responsible unit.")] = Gaps.responsible,
    missing_agreement_follow_up: Annotated[float, typer.Option(help="Share of agreements without a follow-up owner and frequency.")] = Gaps.agreement_follow_up,
    missing_coordinator: Annotated[float, typer.Option(help="Share of forums without a coordinator.")] = Gaps.coordinator,
    force: Annotated[bool, typer.Option("--force", help="Replace a graph generated earlier in the same folder.")] = False,
    follow_ups: Annotated[bool, typer.Option("--follow-ups/--no-follow-ups", help="Write an invented yearly follow-up of every agreement-year (follow-ups/).")] = True,
) -> None:
    """Generate agreements, organisations and descriptions for Swedish municipalities (Turtle, authoring format)."""
    gaps = Gaps(measure=missing_measure, timeframe=missing_timeframe, follow_up=missing_follow_up,
                responsible=missing_responsible, agreement_follow_up=missing_agreement_follow_up,
                coordinator=missing_coordinator)
    report = generate(output, municipalities, years, seed, end_year=end_year, commitments=_range(commitments),
                      gaps=gaps, force=force, follow_ups=follow_ups)
    typer.echo(say("cli_generated", files=report.files, folder=report.out_dir, municipalities=report.municipalities,
                   police_areas=report.police_areas, agreements=report.agreements, commitments=report.commitments))
