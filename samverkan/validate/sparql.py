"""The sparql engine: the compiled shapes run on the store, for every focus node or one agreement's."""

from __future__ import annotations

import weakref

import pyoxigraph as ox
from rdflib import Graph

from ..store import Store
from .compile import CompiledCheck, compile_shapes
from .context import key
from .data import to_rdflib
from .engine import RawResult, node_key

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
    """The checks on the nodes one agreement's graph states or names (its IRIs, and its own blank nodes).

    One query finds the classes of those nodes; each check then runs only on its own target nodes
    (given as VALUES), so the cost follows the agreement, not the rest of the graph.
    """
    graph = str(ox.NamedNode(agreement))
    rows = store.select(f"""SELECT DISTINCT ?x ?c WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{ GRAPH {graph} {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} FILTER(!isLiteral(?x)) }} }}
  ?x {_TYPE}/{_SUBCLASS}* ?c }}""")
    members: dict[str, set[str]] = {}
    blank_classes: set[str] = set()
    for r in rows:
        if isinstance(r["x"], ox.BlankNode):
            blank_classes.add(r["c"].value)
        else:
            members.setdefault(r["c"].value, set()).add(str(r["x"]))
    blanks = f"{{ GRAPH {graph} {{ ?focus ?scope_p ?scope_o }} FILTER(isBlank(?focus)) }}"
    results = []
    for check in checks:
        if check.target_classes is None:  # other kinds of target: test them on every node in scope
            iris = set().union(*members.values()) if members else set()
            scope = f"{{ VALUES ?focus {{ {' '.join(sorted(iris))} }} }} UNION {blanks}"
            results += run_checks(store, [check], scope)
            continue
        iris = set().union(*(members.get(c, set()) for c in check.target_classes))
        parts = [f"{{ VALUES ?focus {{ {' '.join(sorted(iris))} }} }}"] if iris else []
        if blank_classes & set(check.target_classes):
            parts.append(f"{{ {blanks} FILTER EXISTS {{ {check.targets} }} }}")
        if parts:
            results += run_checks(store, [check], " UNION ".join(parts), exact=True)
    return results


def run_checks(store: Store, checks: list[CompiledCheck], scope: str = "", exact: bool = False) -> list[RawResult]:
    """Every check on the store (its union graph), or restricted to `scope` (see CompiledCheck.sparql)."""
    results = []
    for check in checks:
        shape = node_key(check.shape)
        for row in store.select(check.sparql(scope, exact)):
            value = row.get("value") if check.reports_value else None
            results.append(RawResult(
                severity=check.severity,
                focus=key(row["focus"]),
                shape=shape,
                path=check.path,
                messages=dict(check.messages),
                value=to_rdflib(value) if value is not None else None,
                component=check.component,
                path_node=check.path_node,
                path_triples=check.path_triples,
            ))
    return results
