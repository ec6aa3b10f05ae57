"""Computing the summaries after a build, for what the build changed: an agreement's summary depends on its own
graph, its yearly follow-ups' graphs, what the shared graphs (organisations, forums, themes, documents…) say
about the things it names, the ontology and the year (samverkan.validate.data)."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from ..followup.naming import AGREEMENT_PREFIX, agreement_of_report
from ..namespaces import BUILD_GRAPH, ID, ONTOLOGY_GRAPH
from ..store import Store
from .codec import figures_json, report_json
from .graphs import OUTSIDE_GRAPH, is_summary_graph, summary_graph, summary_triples, this_year
from .read import stored_years


#: more agreements than this are validated in one pass over the whole graph (validate_each), fewer one by one
ONE_BY_ONE = 20


def is_agreement_graph(name: str) -> bool:
    """Whether a graph name is an agreement's (id/agreement/<slug>) or one of its yearly follow-ups."""
    return name.startswith(AGREEMENT_PREFIX)


def shared(graphs: Iterable[str]) -> list[str]:
    """The graphs among these whose change can touch several agreements' summaries (not an agreement's own
    graph, a follow-up's, the ontology's, the build's bookkeeping or a summary)."""
    return sorted(g for g in graphs if not is_agreement_graph(g) and not is_summary_graph(g)
                  and g not in (ONTOLOGY_GRAPH, BUILD_GRAPH))


def terms_of(store: Store, graphs: Iterable[str]) -> set[str]:
    """The IRIs below the id base that these graphs state something about or point at."""
    names = sorted(set(graphs))
    found: set[str] = set()
    for start in range(0, len(names), 200):
        values = " ".join(str(ox.NamedNode(g)) for g in names[start:start + 200])
        for (term,) in store.select_tuples(
                f"SELECT DISTINCT ?x WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} "
                f"FILTER(isIRI(?x) && STRSTARTS(STR(?x), \"{ID}\")) }}"):
            found.add(term.value)
    return found


def naming(store: Store, terms: set[str], known: set[str]) -> set[str]:
    """The agreements among `known` whose own graph states something about or points at one of `terms`."""
    wanted = sorted(terms)
    found: set[str] = set()
    for start in range(0, len(wanted), 300):
        values = " ".join(str(ox.NamedNode(t)) for t in wanted[start:start + 300])
        for (graph,) in store.select_tuples(
                f"SELECT DISTINCT ?g WHERE {{ VALUES ?x {{ {values} }} GRAPH ?g {{ {{ ?x ?p ?o }} UNION {{ ?s ?p ?x }} }} }}"):
            name = graph.value
            owner = agreement_of_report(name)
            found.add(owner[0] if owner else name)
    return found & known


def affected_summaries(store: Store, changed: dict, dropped: list[str], before: set[str]) -> list[str]:
    """The stored summary graphs a build's changes (graph → SourceFile) and drops make stale, before it writes."""
    from ..validate.data import agreement_iris

    names = set(changed) | set(dropped)
    if ONTOLOGY_GRAPH in changed:
        return [g for g in store.graph_names() if is_summary_graph(g)]
    owners = set()
    for graph in names:
        owner = agreement_of_report(graph)
        owners.add(owner[0] if owner else graph)
    if shared(names):
        new_terms = {t.value for g in shared(changed) for triple in changed[g].triples()
                     for t in (triple.subject, triple.object) if isinstance(t, ox.NamedNode) and t.value.startswith(ID)}
        owners |= naming(store, set(before) | new_terms, set(agreement_iris(store)))
    present = set(store.graph_names())
    graphs = {summary_graph(a) for a in owners} | ({OUTSIDE_GRAPH} if shared(names) else set())
    return sorted(g for g in graphs if g in present)


def refresh(store: Store, changed: Iterable[str] = (), dropped: Iterable[str] = (), before: Iterable[str] = (),
            everything: bool = False, missing: bool = True) -> int:
    """Recompute the summaries that `changed` and `dropped` graphs (as a build just wrote them) affect, and (with
    `missing`) those missing or from another year, and drop those of agreements that are gone. `before`: the
    terms_of() the shared graphs among them held before the build. Returns how many agreement summaries were
    computed."""
    from ..validate import _gc_paused, load_shapes, outside_reports, validate_agreement
    from ..validate.data import agreement_iris
    from ..validate.each import validate_each

    changed, dropped = set(changed), set(dropped)
    known = agreement_iris(store)
    present = stored_years(store)
    year = this_year()
    todo = {a for a in known if present.get(summary_graph(a)) != year} if missing else set()
    others = shared(changed | dropped)
    everything = everything or ONTOLOGY_GRAPH in changed
    if everything:
        todo = set(known)
    else:
        for graph in changed | dropped:
            owner = agreement_of_report(graph)
            todo.add(owner[0] if owner else graph)
        if others:
            todo |= naming(store, terms_of(store, others) | set(before), set(known))
    todo &= set(known)
    outside = everything or bool(others) or (missing and present.get(OUTSIDE_GRAPH) != year)
    wanted = {summary_graph(a) for a in known} | {OUTSIDE_GRAPH}
    stale = sorted(g for g in store.graph_names() if is_summary_graph(g) and g not in wanted)
    if not todo and not outside and not stale:
        return 0
    graphs: dict[str, list[ox.Triple]] = {}
    with _gc_paused():
        shapes = load_shapes()
        if len(todo) > ONE_BY_ONE:
            reports = validate_each(store, shapes, sorted(todo))
        else:
            reports = {a: validate_agreement(store, a, shapes) for a in sorted(todo)}
        for agreement, report in reports.items():
            graphs[summary_graph(agreement)] = summary_triples(summary_graph(agreement), agreement, year,
                                                               figures_json(report), report_json(report))
        if outside:
            from ..validate.report import AgreementReport

            found = outside_reports(store, shapes, known)
            report = found[0] if found else AgreementReport(id=None, labels={}, completeness={}, results=[])
            graphs[OUTSIDE_GRAPH] = summary_triples(OUTSIDE_GRAPH, None, year, figures_json(report), report_json(report))
    store.replace_graphs(graphs, drop=stale)
    return len(todo)
