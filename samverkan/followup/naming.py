"""How a yearly follow-up is named: its report IRI (= its named graph), its status records, its file."""

from __future__ import annotations

import re
from pathlib import Path

from ..namespaces import ID
from ..paths import graph_dir

AGREEMENT_PREFIX = ID + "agreement/"
_REPORT = re.compile(re.escape(AGREEMENT_PREFIX) + r"([^/]+)/follow-up/(\d{4})$")


def report_iri(agreement: str, year: int) -> str:
    """<agreement/boras-2015/follow-up/2016>: the report of one agreement and year, and its named graph."""
    return f"{agreement}/follow-up/{int(year)}"


def record_iri(report: str, commitment: str) -> str:
    """The status record of one commitment in one report: the report IRI + the commitment's last segment."""
    return f"{report}/{commitment.rstrip('/').rsplit('/', 1)[-1]}"


def agreement_of_report(iri: str) -> tuple[str, int] | None:
    """(agreement IRI, year) of a report IRI or named graph, or None when it is not one."""
    match = _REPORT.match(iri)
    return (AGREEMENT_PREFIX + match.group(1), int(match.group(2))) if match else None


def follow_up_path(agreement: str, year: int, root: Path | None = None) -> Path:
    """graph/follow-ups/<agreement slug>/<year>.ttl"""
    slug = agreement.rstrip("/").rsplit("/", 1)[-1]
    return (root or graph_dir()) / "follow-ups" / slug / f"{int(year)}.ttl"
