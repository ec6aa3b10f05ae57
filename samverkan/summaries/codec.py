"""A validation report of one agreement as JSON and back, losslessly (every field a page, the API or a download
reads; not the engine's raw rows)."""

from __future__ import annotations

import json

from ..validate.report import AgreementReport, Finding

_FINDING_FIELDS = ("severity", "focus", "shape", "path", "messages", "focus_labels", "initiative_labels",
                   "party_labels", "group_labels", "location", "lines")


def report_json(report: AgreementReport) -> str:
    """The report as compact JSON text."""
    data = {"id": report.id, "labels": report.labels, "completeness": report.completeness,
            "results": [[getattr(f, name) for name in _FINDING_FIELDS] for f in report.results]}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def report_from_json(text: str) -> AgreementReport:
    """The report report_json wrote."""
    data = json.loads(text)
    return AgreementReport(id=data["id"], labels=data["labels"], completeness=data["completeness"],
                           results=[Finding(**dict(zip(_FINDING_FIELDS, row))) for row in data["results"]])


def figures_json(report: AgreementReport) -> str:
    """What the lists show of a report, small: labels, completeness figures and counts by severity."""
    return json.dumps({"id": report.id, "labels": report.labels, "completeness": report.completeness,
                       "counts": report.counts()}, ensure_ascii=False, separators=(",", ":"))
