"""Reading stored summaries: only those computed this year count (see graphs)."""

from __future__ import annotations

import pyoxigraph as ox

from ..store import Store
from ..validate.report import AgreementReport
from .codec import report_from_json
from .graphs import FIGURES, OF, OUTSIDE_GRAPH, REPORT, YEAR, summary_graph, this_year


def stored_years(store: Store) -> dict[str, int]:
    """Summary graph → the year it was computed in."""
    rows = store.select(f"SELECT ?g ?y WHERE {{ GRAPH ?g {{ ?g <{YEAR}> ?y }} }}")
    return {r["g"].value: int(r["y"].value) for r in rows}


def stored_figures(store: Store) -> dict[str, dict]:
    """Agreement IRI → {"labels", "completeness", "counts"} of every agreement with a summary of this year."""
    import json

    rows = store.select(f"SELECT ?a ?f WHERE {{ GRAPH ?g {{ ?g <{OF}> ?a ; <{YEAR}> {this_year()} ; <{FIGURES}> ?f }} }}")
    return {r["a"].value: json.loads(r["f"].value) for r in rows}


def stored_reports(store: Store, agreements: list[str]) -> dict[str, AgreementReport]:
    """Agreement IRI → its stored validation report (for those of `agreements` with a summary of this year)."""
    out: dict[str, AgreementReport] = {}
    wanted = sorted(set(agreements))
    for start in range(0, len(wanted), 500):
        values = " ".join(str(ox.NamedNode(summary_graph(a))) for a in wanted[start:start + 500])
        rows = store.select(f"SELECT ?r WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?g <{YEAR}> {this_year()} ; "
                            f"<{REPORT}> ?r }} }}")
        for row in rows:
            report = report_from_json(row["r"].value)
            out[report.id] = report
    return out


def stored_outside(store: Store) -> list[AgreementReport] | None:
    """The findings outside any agreement (an empty list, or one report), None when not stored this year."""
    rows = store.select(f"SELECT ?r WHERE {{ GRAPH <{OUTSIDE_GRAPH}> {{ <{OUTSIDE_GRAPH}> <{YEAR}> {this_year()} ; "
                        f"<{REPORT}> ?r }} }}").rows
    if not rows:
        return None
    report = report_from_json(rows[0]["r"].value)
    return [report] if report.results else []
