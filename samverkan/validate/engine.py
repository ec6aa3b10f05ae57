"""Run pyshacl on one data graph and read its results into plain records."""

from __future__ import annotations

from dataclasses import dataclass, field

import pyshacl
from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection

from ..errors import SamverkanError
from ..namespaces import PREFIXES
from .shapes import SHAPES_NS

SH = Namespace("http://www.w3.org/ns/shacl#")
SAMSH = Namespace(SHAPES_NS)

SEVERITIES = {SH.Violation: "violation", SH.Warning: "warning", SH.Info: "info"}
#: severity name → rank (higher is worse); "none" is above every finding
SEVERITY_RANK = {"info": 1, "warning": 2, "violation": 3, "none": 99}


class ShapesError(SamverkanError):
    """The shapes graph is not valid SHACL."""


@dataclass
class RawResult:
    """One sh:ValidationResult as read from pyshacl's report graph."""

    severity: str
    focus: URIRef | BNode
    shape: URIRef | BNode | None
    path: str | None
    messages: dict[str, str] = field(default_factory=dict)
    value: object = None


def run_shacl(data: Graph, shapes: Graph) -> tuple[Graph, list[RawResult]]:
    """Validate `data` against `shapes` (no inference; Warnings and Infos do not break conformance)."""
    try:
        _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True,
                                        advanced=False)
    except Exception as exc:  # pyshacl raises its own ShapeLoadError / ConstraintLoadError / ReportableRuntimeError
        if type(exc).__module__.startswith("pyshacl"):
            raise ShapesError(f"shapes: {getattr(exc, 'message', None) or exc}") from exc
        raise
    return report, read_results(report, shapes)


def read_results(report: Graph, shapes: Graph) -> list[RawResult]:
    results = []
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        path_node = report.value(node, SH.resultPath)
        path = path_text(report, path_node) if path_node is not None else None
        if path is None and shape is not None:
            annotated = shapes.value(shape, SAMSH.reportPath)
            path = path_text(shapes, annotated) if annotated is not None else None
        messages: dict[str, str] = {}
        for msg in report.objects(node, SH.resultMessage):
            if isinstance(msg, Literal):
                messages.setdefault(msg.language or "", str(msg))
        results.append(RawResult(
            severity=SEVERITIES.get(report.value(node, SH.resultSeverity), "violation"),
            focus=report.value(node, SH.focusNode),
            shape=shape,
            path=path,
            messages=messages,
            value=report.value(node, SH.value),
        ))
    return results


_PREFIX_OF = sorted(((iri, p) for p, iri in {**PREFIXES, "samsh": SHAPES_NS}.items()), key=lambda x: -len(x[0]))


def curie(iri: str) -> str:
    """sam:activityMeasure for a known namespace, else <iri>."""
    for ns, prefix in _PREFIX_OF:
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def path_text(graph: Graph, node) -> str:
    """A SHACL property path in SPARQL path syntax, e.g. ^sam:responsibleFor|sam:initiative/^sam:coordinates."""
    if isinstance(node, URIRef):
        return curie(str(node))
    if (node, RDF.first, None) in graph:
        return "/".join(_wrapped(graph, n, "|") for n in Collection(graph, node))
    inverse = graph.value(node, SH.inversePath)
    if inverse is not None:
        return "^" + _wrapped(graph, inverse, "|/")
    alternatives = graph.value(node, SH.alternativePath)
    if alternatives is not None:
        return "|".join(path_text(graph, n) for n in Collection(graph, alternatives))
    for prop, mark in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(node, prop)
        if inner is not None:
            return _wrapped(graph, inner, "|/^") + mark
    return str(node)


def _wrapped(graph: Graph, node, operators: str) -> str:
    text = path_text(graph, node)
    return f"({text})" if any(op in text for op in operators) and not isinstance(node, URIRef) else text
