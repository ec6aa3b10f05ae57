"""Build the store from source files: parse everything first, then swap all changed graphs at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import SourceError
from .namespaces import BUILD_GRAPH, ONTOLOGY_GRAPH, SAM
from .paths import graph_dir
from .sources import SourceFile, expand_sources, file_hash, ontology_terms, parse_ontology, parse_source
from .store import Store


@dataclass
class BuildReport:
    """What a build did, for the CLI to print."""

    loaded: list[SourceFile] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    graphs: int = 0
    triples: int = 0


def _recorded_hashes(store: Store) -> dict[str, tuple[str, str]]:
    rows = store.select(
        f"SELECT ?g ?hash ?path WHERE {{ GRAPH <{BUILD_GRAPH}> {{ ?g <{SAM}contentHash> ?hash ; <{SAM}sourcePath> ?path }} }}"
    )
    return {r["g"].value: (r["hash"].value, r["path"].value) for r in rows}


def build(
    store: Store,
    sources: list[Path] | None = None,
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Load the ontology and the given source files or folders (default: graph/) into `store`.

    Without explicit sources the store is made equal to graph/: graphs of files that are gone are
    dropped. Unchanged files (same SHA-256 as last build) are skipped unless `force`. Every file
    is parsed before anything is written, and all changes go in one transaction, so a broken file
    leaves the store exactly as it was.
    """
    full = not sources
    files = expand_sources(sources or [graph_dir()])
    recorded = {} if force else _recorded_hashes(store)
    known = ontology_terms()
    report = BuildReport()

    parsed: dict[str, SourceFile] = {}
    origin: dict[str, Path] = {}
    ontology = parse_ontology()
    candidates = [ontology] if recorded.get(ONTOLOGY_GRAPH, ("",))[0] != ontology.sha256 else []
    if not candidates:
        report.unchanged.append(ONTOLOGY_GRAPH)
    origin[ONTOLOGY_GRAPH] = ontology.path

    for path in files:
        resolved = path.resolve()
        previous = [g for g, (h, p) in recorded.items() if p == str(resolved)]
        if previous and recorded[previous[0]][0] == file_hash(path):
            graph = previous[0]
            report.unchanged.append(graph)
        else:
            if progress:
                progress(f"parsing {path}")
            source = parse_source(path, known)
            graph = source.graph
            candidates.append(source)
        if graph in origin and origin[graph] != resolved:
            raise SourceError(str(path), None, f"maps to the same named graph <{graph}> as {origin[graph]}")
        origin[graph] = resolved

    for source in candidates:
        parsed[source.graph] = source

    dropped = []
    if full:
        keep = set(origin) | {BUILD_GRAPH}
        dropped = [g for g in store.graph_names() if g not in keep]

    bookkeeping = {g: v for g, v in recorded.items() if g in origin and g not in dropped}
    for graph, source in parsed.items():
        bookkeeping[graph] = (source.sha256, str(source.path.resolve()))
    meta = []
    for graph, (digest, path) in sorted(bookkeeping.items()):
        node = ox.NamedNode(graph)
        meta.append(ox.Triple(node, ox.NamedNode(SAM + "contentHash"), ox.Literal(digest)))
        meta.append(ox.Triple(node, ox.NamedNode(SAM + "sourcePath"), ox.Literal(path)))

    if progress and parsed:
        progress(f"writing {len(parsed)} graph(s)")
    store.replace_graphs({**{g: s.triples for g, s in parsed.items()}, BUILD_GRAPH: meta}, drop=dropped)

    report.loaded = list(parsed.values())
    report.dropped = dropped
    counts = store.select("SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples) WHERE { GRAPH ?g { ?s ?p ?o } "
                          f"FILTER(?g != <{BUILD_GRAPH}>) }}")
    report.graphs = int(counts.rows[0]["graphs"].value)
    report.triples = int(counts.rows[0]["triples"].value)
    return report
