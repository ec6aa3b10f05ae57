"""SHACL validation of agreements: shapes/ compiled to SPARQL and run on the store (or pyshacl, the reference).

    report = validate(store)                     # the whole graph, findings grouped per agreement
    report = validate(store, agreement_iri, "en")
    report = validate(store, engine="pyshacl")   # the reference engine; same findings
    report.conforms, report.worst_severity(), report.to_json()
    render_text(report, "sv"); render_html(report, "sv", standalone=False); to_turtle(report)

Whole graph: every compiled query runs once over the union graph and each finding goes to one group,
its focus node's home agreement: the agreement itself, else its sam:inAgreement, else the agreement
graph its rdf:type is stated in (the latest such agreement by IRI when several); findings on things
that belong to no agreement (e.g. forums only in an organisation description) form a last group with
id None. One agreement: the same queries restricted to the nodes its graph states or names, so the
cost follows the agreement, not the rest of the graph; findings on shared things (its parties, the
forums it names) are in its report.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import NotFound, SamverkanError
from ..followup.naming import agreement_of_report
from ..gcpause import gc_paused as _gc_paused
from ..namespaces import RDF_TYPE, SAM
from ..store import Store
from .context import Context, key, read_context, rows
from .data import add_triples, agreement_data_graph, agreement_iris, ontology_triples
from .engine import SEVERITY_RANK, RawResult, ShapesError, run_shacl
from .render import render_html, render_json, render_text, to_turtle
from .report import (
    AgreementReport,
    Finding,
    ValidationReport,
    build_finding,
    completeness,
    sort_findings,
    texts_of,
)
from .shapes import load_shapes, shape_files
from .sparql import compiled, run_agreement, run_checks

__all__ = ["validate", "validate_agreement", "ValidationReport", "AgreementReport", "Finding", "ShapesError",
           "SEVERITY_RANK", "ENGINES", "load_shapes", "render_text", "render_html",
           "render_json", "to_turtle"]

#: "sparql": the shapes compiled to SPARQL, run on the store (default); "pyshacl": the reference engine
ENGINES = ("sparql", "pyshacl")

_LOADED: dict[tuple, Graph] = {}


def _shapes(folder: Path | str | None) -> Graph:
    """load_shapes(folder), reused while no shapes file changes (and compiled once, see sparql.compiled)."""
    files = shape_files(Path(folder) if folder is not None else None)
    stamp = tuple((str(p.resolve()), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    graph = _LOADED.get(stamp)
    if graph is None:
        graph = load_shapes(folder)
        _LOADED.clear()
        _LOADED[stamp] = graph
    return graph


def validate(store: Store, agreement: str | None = None, lang: str = "sv",
             shapes: Path | str | None = None, engine: str = "sparql") -> ValidationReport:
    """Validate one agreement (its IRI) or, with None, the whole graph grouped per agreement.

    `shapes` is a folder or file of shapes (default: the project's shapes/). Raises NotFound for an IRI
    that is not an agreement with its own graph, SourceError/ShapesError for broken shapes (the sparql
    engine also for a constraint it cannot compile), SamverkanError for an unknown engine.
    """
    if engine not in ENGINES:
        raise SamverkanError(f"unknown validation engine {engine!r} (choose {' or '.join(ENGINES)})")
    shapes_graph = _shapes(shapes)
    if engine == "sparql":
        compiled(shapes_graph)  # fails loudly before any query runs
    known = agreement_iris(store)
    if agreement is not None:
        if agreement not in known:
            raise NotFound("agreement", agreement, [a for a in known if agreement.rsplit("/", 1)[-1] in a])
        with _gc_paused():
            return ValidationReport([validate_agreement(store, agreement, shapes_graph, engine=engine)], lang)
    with _gc_paused():
        return ValidationReport(validate_all(store, shapes_graph, known, engine), lang)




def validate_agreement(store: Store, agreement: str, shapes_graph: Graph, ontology=None,
                       engine: str = "sparql") -> AgreementReport:
    """One agreement: its own focus nodes and the things it names (see the module docstring).

    `ontology` (ontology_triples) is only read by the pyshacl engine.
    """
    report_graph = None
    if engine == "pyshacl":
        report_graph, raw = run_shacl(agreement_data_graph(store, agreement, ontology), shapes_graph)
    else:
        raw = run_agreement(store, compiled(shapes_graph), agreement)
    ctx = read_context(store, {r.focus for r in raw} | {agreement})
    _bnode_types(store, ctx, {r.focus for r in raw}, agreement)
    report = _report(agreement, raw, ctx, _commitments(store, [agreement])[agreement])
    report.report_graph = report_graph
    return report


def validate_all(store: Store, shapes_graph: Graph, known: list[str] | None = None,
                 engine: str = "sparql") -> list[AgreementReport]:
    """The whole graph validated once; one report per agreement, then one for findings outside any."""
    known = agreement_iris(store) if known is None else known
    if engine == "pyshacl":
        data = Graph()
        for name in store.graph_names():
            add_triples(data, store.graph_triples(name))
        _, raw = run_shacl(data, shapes_graph)
    else:
        raw = run_checks(store, compiled(shapes_graph))
    focus = {r.focus for r in raw}
    ctx = Context()
    # the focus nodes' types are read with their graphs: the graphs give homes and declared commitments
    graphs = _bnode_types(store, ctx, focus)
    read_context(store, focus | set(known), ctx, type_graphs=graphs)
    homes = _homes(ctx, focus, graphs, set(known))
    by_home: dict[str | None, list[RawResult]] = defaultdict(list)
    for r in raw:
        by_home[homes[r.focus]].append(r)
    counts = _commitment_counts(store)
    declared: dict[str, set[str]] = defaultdict(set)
    for f in focus:
        for g in graphs.get(f, {}).get(_COMMITMENT, ()):
            declared[g].add(f)
    reports = [_report(a, by_home.get(a, []), ctx, declared.get(a, set()), counts.get(a, 0)) for a in known]
    if by_home.get(None):
        reports.append(_report(None, by_home[None], ctx, set()))
    return reports


def outside_reports(store: Store, shapes_graph: Graph, known: list[str] | None = None) -> list[AgreementReport]:
    """The group of findings on things that belong to no agreement (empty or one report), from the whole graph's
    validation: what `samverkan validate` lists under "Utanför överenskommelserna"."""
    return [r for r in validate_all(store, shapes_graph, known) if r.outside]


def _report(agreement: str | None, raw: list[RawResult], ctx: Context, commitments: set[str],
            count: int | None = None) -> AgreementReport:
    findings = sort_findings([build_finding(ctx, r) for r in raw])
    return AgreementReport(id=agreement, labels=texts_of(ctx, agreement) if agreement else {},
                           completeness=completeness(commitments, findings, count), results=findings)


def _values(iris) -> list[str]:
    iris = sorted(i for i in iris if not i.startswith("_:"))
    return [" ".join(str(ox.NamedNode(i)) for i in iris[k:k + 2000]) for k in range(0, len(iris), 2000)]


def _commitments(store: Store, agreements: list[str]) -> dict[str, set[str]]:
    """The commitments each agreement's graph declares (what its completeness figures count)."""
    out: dict[str, set[str]] = {a: set() for a in agreements}
    for chunk in _values(agreements):
        for a, c in rows(store, f"SELECT ?a ?c WHERE {{ VALUES ?a {{ {chunk} }} GRAPH ?a {{ ?c a <{SAM}Commitment> }} }}"):
            out[a.value].add(key(c))
    return out


def _commitment_counts(store: Store) -> dict[str, int]:
    """How many commitments each graph declares (one scan; only the graph names are read back)."""
    return {g.value: int(n.value) for g, n in rows(
        store, f"SELECT ?g (COUNT(?c) AS ?n) WHERE {{ GRAPH ?g {{ ?c a <{SAM}Commitment> }} }} GROUP BY ?g")
        if isinstance(g, ox.NamedNode)}


_COMMITMENT = SAM + "Commitment"


def _bnode_types(store: Store, ctx: Context, focus: set[str], graph: str | None = None) -> dict[str, dict[str, set[str]]]:
    """Types of the blank-node focus nodes (VALUES cannot name them) into `ctx`, and for each node
    type → the graphs that state it; with `graph`, only that graph's blank nodes."""
    graphs: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if not any(f.startswith("_:") for f in focus):
        return graphs
    bind = f"VALUES ?g {{ {ox.NamedNode(graph)} }}" if graph else ""
    for x, t, g in rows(store, f"SELECT ?x ?t ?g WHERE {{ {bind} GRAPH ?g {{ ?x <{RDF_TYPE}> ?t }} FILTER(isBlank(?x)) }}"):
        x, t = key(x), key(t)
        if x in focus:
            ctx.add(x, RDF_TYPE, t)
            graphs[x][t].add(g.value)
    return graphs


def _follow_up_home(graph: str) -> str | None:
    """The agreement whose yearly follow-up a named graph is (followup.naming), else None."""
    found = agreement_of_report(graph)
    return found[0] if found else None


def _homes(ctx: Context, focus: set[str], graphs: dict[str, dict[str, set[str]]],
           known: set[str]) -> dict[str, str | None]:
    """Each focus node's one home agreement, or None (see the module docstring)."""
    homes: dict[str, str | None] = {}
    for f in focus:
        if f in known:
            homes[f] = f
            continue
        owners = sorted(a for a in ctx.objects(f, SAM + "inAgreement") if a in known) \
            or sorted({g for gs in graphs.get(f, {}).values() for g in gs if g in known}) \
            or sorted({_follow_up_home(g) for gs in graphs.get(f, {}).values() for g in gs} & known)
        homes[f] = owners[-1] if owners else None
    return homes
