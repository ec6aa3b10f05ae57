"""Build the store from source files: parse everything first, then swap all changed graphs at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from .errors import SourceError
from .namespaces import BUILD_GRAPH, ONTOLOGY_GRAPH, SAM, XSD
from .paths import data_root, graph_dir
from .sources import SourceFile, expand_sources, file_hash, file_stamp, ontology_terms, parse_ontology, parse_source
from .store import Store


@dataclass
class BuildReport:
    """What a build did, for the CLI to print."""

    loaded: list[SourceFile] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    graphs: int = 0
    triples: int = 0


@dataclass(frozen=True)
class Recorded:
    """What the last build wrote down about one named graph (in the graph BUILD_GRAPH)."""

    sha256: str
    path: str
    stamp: str = ""
    triples: int = 0


_RECORDED = f"""SELECT ?g ?hash ?path ?stamp ?count WHERE {{ GRAPH <{BUILD_GRAPH}> {{
  ?g <{SAM}contentHash> ?hash ; <{SAM}sourcePath> ?path .
  OPTIONAL {{ ?g <{SAM}sourceStamp> ?stamp }} OPTIONAL {{ ?g <{SAM}tripleCount> ?count }} }} }}"""


def recorded_graphs(store: Store) -> dict[str, Recorded]:
    """Named graph IRI → what the last build recorded about its source file."""
    return {
        r["g"].value: Recorded(r["hash"].value, r["path"].value, r["stamp"].value if "stamp" in r else "",
                               int(r["count"].value) if "count" in r else 0)
        for r in store.select(_RECORDED)
    }


def _recorded_path(path: Path) -> str:
    """How a source file is written down: relative to the project's data folder when inside it (so the
    graph names no machine-specific folder and a moved checkout still recognises its files), else absolute."""
    resolved = path.resolve()
    try:
        return resolved.relative_to(data_root().resolve()).as_posix()
    except ValueError:
        return str(resolved)


def _bookkeeping_triples(records: dict[str, Recorded]) -> list[ox.Triple]:
    triples = []
    for graph, record in sorted(records.items()):
        node = ox.NamedNode(graph)
        triples += [
            ox.Triple(node, ox.NamedNode(SAM + "contentHash"), ox.Literal(record.sha256)),
            ox.Triple(node, ox.NamedNode(SAM + "sourcePath"), ox.Literal(record.path)),
            ox.Triple(node, ox.NamedNode(SAM + "sourceStamp"), ox.Literal(record.stamp)),
            ox.Triple(node, ox.NamedNode(SAM + "tripleCount"), ox.Literal(str(record.triples), datatype=ox.NamedNode(XSD + "integer"))),
        ]
    return triples


def build(
    store: Store,
    sources: list[Path] | None = None,
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Load the ontology and the given source files or folders (default: graph/) into `store`.

    Without explicit sources the store is made equal to graph/: graphs of files that are gone are
    dropped. Unchanged files (same size and time, or same SHA-256, as at the last build) are skipped
    unless `force`. Every file is checked before anything is written, and all changes go in one
    transaction, so a broken file leaves the store exactly as it was.
    """
    full = not sources
    files = expand_sources(sources or [graph_dir()])
    recorded = {} if force else recorded_graphs(store)
    by_path = {record.path: graph for graph, record in recorded.items()}
    replaced: list[str] = []
    known = ontology_terms()
    report = BuildReport()

    changed: dict[str, SourceFile] = {}
    origin: dict[str, Path] = {}
    stamps: dict[str, str] = {}
    ontology = parse_ontology()
    origin[ONTOLOGY_GRAPH] = ontology.path
    if ONTOLOGY_GRAPH in recorded and recorded[ONTOLOGY_GRAPH].sha256 == ontology.sha256:
        report.unchanged.append(ONTOLOGY_GRAPH)
    else:
        changed[ONTOLOGY_GRAPH] = ontology
    stamps[ONTOLOGY_GRAPH] = file_stamp(ontology.path)

    for path in files:
        resolved = path.resolve()
        stamp = file_stamp(path)
        previous = by_path.get(_recorded_path(path))
        record = recorded.get(previous) if previous else None
        if record and (record.stamp == stamp or record.sha256 == file_hash(path)):
            graph = previous
            report.unchanged.append(graph)
        else:
            if progress:
                progress(f"checking {path}")
            source = parse_source(path, known)
            graph = source.graph
            changed[graph] = source
            if previous and previous != graph:  # the file now names another agreement: its old graph goes
                replaced.append(previous)
        if graph in origin and origin[graph] != resolved:
            raise SourceError(str(path), None, f"maps to the same named graph <{graph}> as {origin[graph]}")
        origin[graph] = resolved
        stamps[graph] = stamp

    dropped = [g for g in replaced if g not in origin]
    if full:
        keep = set(origin) | {BUILD_GRAPH}
        dropped = [g for g in store.graph_names() if g not in keep]

    records = {g: r for g, r in recorded.items() if g not in dropped}
    for graph in origin:
        if graph in changed:
            source = changed[graph]
            records[graph] = Recorded(source.sha256, _recorded_path(source.path), stamps[graph], source.triple_count)
        elif graph in records:
            records[graph] = replace(records[graph], stamp=stamps[graph])

    if progress and changed:
        progress(f"writing {len(changed)} graph(s)")
    store.replace_graphs({**{g: s.triples() for g, s in changed.items()}, BUILD_GRAPH: _bookkeeping_triples(records)},
                         drop=dropped)

    report.loaded = list(changed.values())
    report.dropped = dropped
    report.graphs = len(records)
    report.triples = sum(r.triples for r in records.values())
    if any(r.triples == 0 for r in records.values()):  # recorded by an older build: count in the store
        counts = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{BUILD_GRAPH}>) }}")
        report.triples = int(counts.rows[0]["n"].value)
    return report
