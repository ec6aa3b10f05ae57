"""SHACL validation of agreements: shapes/ checked by pyshacl, one agreement at a time.

    report = validate(store)                     # every agreement, each on its own data
    report = validate(store, agreement_iri, "en")
    report.conforms, report.worst_severity(), report.to_json()
    render_text(report, "sv"); render_html(report, "sv", standalone=False); to_turtle(report)
"""

from __future__ import annotations

from pathlib import Path

from rdflib import URIRef

from ..errors import NotFound
from ..store import Store
from .data import agreement_data_graph, agreement_iris, ontology_triples
from .engine import SEVERITY_RANK, ShapesError, run_shacl
from .render import render_html, render_json, render_text, to_turtle
from .report import (SCORE_FORMULA, AgreementReport, Finding, ValidationReport, build_finding, completeness,
                     sort_findings, texts_of)
from .shapes import load_shapes

__all__ = ["validate", "validate_agreement", "ValidationReport", "AgreementReport", "Finding", "ShapesError",
           "SEVERITY_RANK", "SCORE_FORMULA", "load_shapes", "render_text", "render_html", "render_json", "to_turtle"]


def validate(store: Store, agreement: str | None = None, lang: str = "sv",
             shapes: Path | str | None = None) -> ValidationReport:
    """Validate one agreement (its IRI) or, with None, every agreement in the store, each on its own data.

    `shapes` is a folder or file of shapes (default: the project's shapes/). Raises NotFound for an
    IRI that is not an agreement with its own graph, SourceError/ShapesError for broken shapes.
    """
    shapes_graph = load_shapes(shapes)
    known = agreement_iris(store)
    if agreement is not None and agreement not in known:
        raise NotFound("agreement", agreement, [a for a in known if agreement.rsplit("/", 1)[-1] in a])
    targets = known if agreement is None else [agreement]
    ontology = ontology_triples(store)
    return ValidationReport([validate_agreement(store, iri, shapes_graph, ontology) for iri in targets], lang)


def validate_agreement(store: Store, agreement: str, shapes_graph, ontology=None) -> AgreementReport:
    """One agreement validated on its own data graph (see samverkan.validate.data)."""
    data = agreement_data_graph(store, agreement, ontology)
    report_graph, raw = run_shacl(data, shapes_graph)
    findings = sort_findings([build_finding(data, r) for r in raw])
    return AgreementReport(
        id=agreement,
        labels=texts_of(data, URIRef(agreement)),
        completeness=completeness(data, findings),
        results=findings,
        report_graph=report_graph,
    )
