"""The sparql engine: the compiled shapes run on the store, for every focus node or one agreement's."""

from __future__ import annotations

import weakref

import pyoxigraph as ox
from rdflib import Graph

from ..store import Store
from .compile import CompiledCheck, compile_shapes
from .context import key, rows, rows_of_each
from .data import follow_up_graphs, to_rdflib
from .engine import RawResult, filled_messages, node_key

_COMPILED: weakref.WeakKeyDictionary[Graph, list[CompiledCheck]] = weakref.WeakKeyDictionary()


def compiled(shapes: Graph) -> list[CompiledCheck]:
    """compile_shapes(shapes), once per shapes graph."""
    checks = _COMPILED.get(shapes)
    if checks is None:
        checks = _COMPILED[shapes] = compile_shapes(shapes)
    return checks


_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"


def run_agreement(store: Store, checks: list[CompiledCheck], agreement: str) -> list[RawResult]:
    """The checks on the nodes one agreement's graph (or one of its follow-ups') states or names (its IRIs,
    and its own blank nodes).

    One query finds the classes of those nodes; each check then runs only on its own target nodes
    (given as VALUES), so the cost follows the agreement, not the rest of the graph.
    """
    graph = str(ox.NamedNode(agreement))
    # Three small queries: one join of the graph's nodes with rdf:type/rdfs:subClassOf* reads every typed
    # node of the store (a hash join), which made one agreement cost ≈1.3 s at 1M triples.
    graphs = " ".join(str(ox.NamedNode(g)) for g in [agreement, *follow_up_graphs(store, agreement)])
    named = [x for (x,) in rows(store, f"SELECT DISTINCT ?x WHERE {{ VALUES ?g {{ {graphs} }} GRAPH ?g {{ {{ ?x ?p ?o }} UNION "
                                       f"{{ ?s ?p ?x }} }} FILTER(isIRI(?x)) }}")]
    types = rows(store, f"SELECT DISTINCT ?x ?t WHERE {{ VALUES ?x {{ {' '.join(map(str, named))} }} ?x {_TYPE} ?t }}") \
        if named else []
    # a blank node belongs to the one source file (graph) that writes it, so its types are stated there
    types += rows(store, f"SELECT DISTINCT ?x ?t WHERE {{ GRAPH {graph} {{ ?x {_TYPE} ?t }} FILTER(isBlank(?x)) }}")
    supers: dict[str, set[str]] = {}
    for sub, sup in rows(store, f"SELECT DISTINCT ?t ?c WHERE {{ ?t {_SUBCLASS}+ ?c }}"):
        supers.setdefault(key(sub), set()).add(key(sup))
    members: dict[str, set[str]] = {}
    blank_classes: set[str] = set()
    for x, t in types:
        if isinstance(t, ox.Literal):
            continue
        for c in {key(t)} | supers.get(key(t), set()):
            if isinstance(x, ox.BlankNode):
                blank_classes.add(c)
            else:
                members.setdefault(c, set()).add(str(x))
    blanks = f"{{ GRAPH {graph} {{ ?focus ?scope_p ?scope_o }} FILTER(isBlank(?focus)) }}"
    # a check joined with a group that may bind blank nodes is evaluated for the whole store first: that
    # group goes in only where the graph has blank nodes
    has_blanks = bool(rows(store, f"SELECT ?focus WHERE {blanks} LIMIT 1"))
    in_scope = " ".join(sorted(set().union(*members.values()))) if members else ""
    of_targets: dict[str, set[str]] = {}
    results = []
    for check in checks:
        if check.target_classes is None:  # other kinds of target: the nodes in scope that meet them
            if check.targets not in of_targets:
                of_targets[check.targets] = {str(x) for (x,) in rows(
                    store, f"SELECT DISTINCT ?focus WHERE {{ VALUES ?focus {{ {in_scope} }} FILTER EXISTS {{ {check.targets} }} }}")
                    } if in_scope else set()
            iris = of_targets[check.targets]
            values = " ".join(sorted(iris))
            parts = [f"{{ VALUES ?focus {{ {values} }} }}"] if iris else []
            if has_blanks:
                parts.append(f"{{ {blanks} FILTER EXISTS {{ {check.targets} }} }}")
            if parts:
                results += run_checks(store, [check], " UNION ".join(parts), exact=True,
                                      focus_values=values if len(parts) == 1 and iris else "")
            continue
        iris = set().union(*(members.get(c, set()) for c in check.target_classes))
        values = " ".join(sorted(iris))
        parts = [f"{{ VALUES ?focus {{ {values} }} }}"] if iris else []
        if has_blanks and blank_classes & set(check.target_classes):
            parts.append(f"{{ {blanks} FILTER EXISTS {{ {check.targets} }} }}")
        if parts:
            results += run_checks(store, [check], " UNION ".join(parts), exact=True,
                                  focus_values=values if len(parts) == 1 and iris else "")
    return results


def run_checks(store: Store, checks: list[CompiledCheck], scope: str = "", exact: bool = False,
               focus_values: str = "") -> list[RawResult]:
    """Every check on the store (its union graph), or restricted to `scope` (see CompiledCheck.sparql)."""
    results = []
    answers = rows_of_each(store, [check.sparql(scope, exact, focus_values) for check in checks])
    for check, found in zip(checks, answers):
        shape = node_key(check.shape)
        for row in found:
            value = row[1] if check.reports_value and len(row) > 1 else None
            results.append(RawResult(
                severity=check.severity,
                focus=key(row[0]),
                shape=shape,
                path=check.path,
                messages=filled_messages(check.messages, key(row[0]), to_rdflib(value) if value is not None else None) if check.component == "SPARQL" else dict(check.messages),
                value=to_rdflib(value) if value is not None else None,
                component=check.component,
                path_node=check.path_node,
                path_triples=check.path_triples,
            ))
    return results

