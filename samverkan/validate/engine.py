"""Run pyshacl on one data graph and read its results into plain records."""

from __future__ import annotations

from dataclasses import dataclass, field

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
    focus: str  # an IRI, or "_:" + id for a blank node
    shape: str | None  # the source shape's IRI, or "_:" + id
    path: str | None
    messages: dict[str, str] = field(default_factory=dict)
    value: object = None  # an rdflib term
    component: str | None = None  # e.g. "MinCount" (sh:MinCountConstraintComponent)
    path_node: object = None  # the sh:path node (an IRI, or a blank node described by path_triples)
    path_triples: list = field(default_factory=list)


def node_key(node) -> str | None:
    """An rdflib IRI or blank node as a plain string: the IRI, or "_:" + id."""
    if node is None:
        return None
    return "_:" + str(node) if isinstance(node, BNode) else str(node)


def run_shacl(data: Graph, shapes: Graph) -> tuple[Graph, list[RawResult]]:
    """Validate `data` against `shapes` (no inference; Warnings and Infos do not break conformance)."""
    try:
        import pyshacl  # the reference engine, only when asked for: importing it takes ≈ 0.15 s

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
        component = report.value(node, SH.sourceConstraintComponent)
        path_node = report.value(node, SH.resultPath)
        if component == SH.SPARQLConstraintComponent and shape is not None:
            # pyshacl fills in a SPARQL-based constraint's message but drops its language: take both languages
            # from the shapes graph and fill them in the same way
            messages = filled_messages(sparql_messages(shapes, shape) or messages,
                                       node_key(report.value(node, SH.focusNode)), report.value(node, SH.value))
        results.append(RawResult(
            severity=SEVERITIES.get(report.value(node, SH.resultSeverity), "violation"),
            focus=node_key(report.value(node, SH.focusNode)),
            shape=node_key(shape),
            path=path,
            messages=messages,
            value=report.value(node, SH.value),
            component=str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent") if component else None,
            path_node=path_node,
            path_triples=described(report, path_node),
        ))
    return results


def sparql_messages(shapes: Graph, shape) -> dict[str, str]:
    """The sh:message of a shape's SPARQL-based constraint, else of the shape, by language."""
    out: dict[str, str] = {}
    for holder in [*shapes.objects(shape, SH.sparql), shape]:
        for msg in shapes.objects(holder, SH.message):
            if isinstance(msg, Literal):
                out.setdefault(msg.language or "", str(msg))
        if out:
            break
    return out


def filled_messages(messages: dict[str, str], focus: str | None, value) -> dict[str, str]:
    """A SPARQL-based constraint's messages with {$this} and {?value} replaced by the terms' text (as pyshacl does)."""
    import re

    terms = {"this": focus or "", "value": str(value) if value is not None else ""}
    out = {}
    for lang, text in messages.items():
        for name, shown in terms.items():
            text = re.sub(r"\{[?$]" + name + r"\}", lambda _m, s=shown: s, text)
        out[lang] = text
    return out


def described(graph: Graph, node) -> list:
    """The triples describing a blank node (a SHACL path or list), recursively; [] for an IRI."""
    out, todo, seen = [], [node], set()
    while todo:
        n = todo.pop()
        if not isinstance(n, BNode) or n in seen:
            continue
        seen.add(n)
        for p, o in graph.predicate_objects(n):
            out.append((n, p, o))
            todo.append(o)
    return out


_PREFIX_OF = sorted(((iri, p) for p, iri in {**PREFIXES, "samsh": SHAPES_NS, "sh": str(SH)}.items()), key=lambda x: -len(x[0]))


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
