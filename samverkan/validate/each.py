"""Every agreement validated as validate_agreement does it, in one pass over the store: the checks run once on the
whole graph and each finding goes to every agreement whose scope holds its focus node (the nodes the agreement's
graph, or one of its follow-ups', states or names, and its own blank nodes; see sparql.run_agreement). At national
scale that is a few whole-graph queries instead of a few per agreement (what `samverkan build` stores as summaries)."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox
from rdflib import Graph

from ..namespaces import PROV, RDF_TYPE, SAM
from ..store import Store
from . import _bnode_types, _commitments, _report, _values
from .context import key, read_context, rows
from .engine import RawResult
from .report import AgreementReport
from .sparql import compiled, run_checks


def validate_each(store: Store, shapes_graph: Graph, agreements: list[str]) -> dict[str, AgreementReport]:
    """{agreement: the report validate_agreement(store, agreement, shapes_graph) gives} for each of `agreements`."""
    checks = compiled(shapes_graph)
    raw: list[tuple[int, RawResult]] = []
    for n, check in enumerate(checks):
        raw += [(n, r) for r in run_checks(store, [check])]
    focus = {r.focus for _, r in raw}
    owners = _owners(store, focus, set(agreements))
    ctx = read_context(store, focus | set(agreements))
    _bnode_types(store, ctx, focus)
    typed = {f for f in focus if any(isinstance(t, str) for t in ctx.objects(f, RDF_TYPE))}
    by_agreement: dict[str, list[RawResult]] = defaultdict(list)
    for n, r in raw:
        if checks[n].target_classes is None and not r.focus.startswith("_:") and r.focus not in typed:
            continue  # run_agreement tests such checks on the typed nodes in scope only
        for a in owners.get(r.focus, ()):
            by_agreement[a].append(r)
    commitments = _commitments(store, agreements)
    return {a: _report(a, by_agreement.get(a, []), ctx, commitments[a]) for a in agreements}


def _owners(store: Store, focus: set[str], agreements: set[str]) -> dict[str, set[str]]:
    """Focus node → the agreements (of `agreements`) whose scope holds it."""
    graph_of: dict[str, str] = {a: a for a in agreements}
    for g, a in rows(store, f"SELECT ?g ?a WHERE {{ GRAPH ?g {{ ?g <{PROV}used> ?a ; a <{SAM}FollowUpReport> }} }}"):
        if isinstance(g, ox.NamedNode) and key(a) in agreements:
            graph_of[g.value] = key(a)
    owners: dict[str, set[str]] = defaultdict(set)
    for chunk in _values(focus):
        for x, g in rows(store, f"SELECT DISTINCT ?x ?g WHERE {{ VALUES ?x {{ {chunk} }} GRAPH ?g {{ {{ ?x ?p ?o }} UNION "
                                f"{{ ?s ?p ?x }} }} }}"):
            if isinstance(g, ox.NamedNode) and g.value in graph_of:
                owners[key(x)].add(graph_of[g.value])
    if any(f.startswith("_:") for f in focus):
        for x, g in rows(store, "SELECT DISTINCT ?x ?g WHERE { GRAPH ?g { ?x ?p ?o } FILTER(isBlank(?x)) }"):
            if key(x) in focus and isinstance(g, ox.NamedNode) and g.value in agreements:
                owners[key(x)].add(g.value)
    return owners
