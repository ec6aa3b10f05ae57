"""Build the store from source files: parse everything first, then swap all changed graphs at once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import pyoxigraph as ox

from .errors import SamverkanError, SourceError
from .namespaces import BUILD_GRAPH, ONTOLOGY_GRAPH, SAM, XSD
from .paths import data_root, graph_dir
from .sources import (SourceFile, expand_sources, file_hash, file_stamp, ontology_ranges, ontology_terms, parse_ontology,
                      parse_source)
from .store import Store
from .summaries.compute import affected_summaries, refresh, shared, terms_of
from .summaries.graphs import is_summary_graph


@dataclass
class BuildReport:
    """What a build did, for the CLI to print."""

    loaded: list[SourceFile] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)
    #: bytes of files a killed build had left in or beside the store folder, removed by this build
    leftovers_freed: int = 0
    #: what the store holds after the build (named graphs and triples, the bookkeeping left out)
    graphs: int = 0
    triples: int = 0
    #: agreements whose stored summary (samverkan.summaries) this build computed again
    summarised: int = 0
    #: why the summaries could not be computed (the build itself stands; pages then validate on request)
    summary_error: str | None = None


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


def _source_of(recorded_path: str) -> Path:
    """The file a recorded path names (see _recorded_path)."""
    path = Path(recorded_path)
    return path if path.is_absolute() else data_root() / path


def _gone(records: dict[str, Recorded], files: list[Path], folders: list[Path]) -> list[str]:
    """Graphs whose source file no longer exists, or lay in one of `folders` and is no longer among `files`."""
    current = {_recorded_path(f) for f in files}
    gone = []
    for graph, record in records.items():
        if graph in (ONTOLOGY_GRAPH, BUILD_GRAPH) or record.path in current:
            continue
        where = _source_of(record.path).resolve()
        if not where.is_file() or any(where.is_relative_to(folder) for folder in folders):
            gone.append(graph)
    return gone


def _store_counts(store: Store, records: dict[str, Recorded]) -> tuple[int, int]:
    """(named graphs, triples) in the store, leaving out the bookkeeping graph: graph names from the store,
    triples from the counts this and earlier builds recorded, counted in the store where none is recorded."""
    names = [g for g in store.graph_names() if g != BUILD_GRAPH and not is_summary_graph(g)]
    triples = sum(records[g].triples for g in names if g in records and records[g].triples)
    uncounted = [g for g in names if g not in records or not records[g].triples]
    if uncounted:
        values = " ".join(str(ox.NamedNode(g)) for g in uncounted)
        rows = store.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ VALUES ?g {{ {values} }} GRAPH ?g {{ ?s ?p ?o }} }}")
        triples += int(rows.rows[0]["n"].value)
    return len(names), triples


def build(
    store: Store,
    sources: list[Path] | None = None,
    *,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    summaries: bool = True,
) -> BuildReport:
    """Load the ontology and the given source files or folders (default: graph/) into `store`.

    Without explicit sources the store is made equal to graph/: every other graph is dropped. With
    them, the graphs of files that are gone (deleted anywhere, or no longer in a folder given) are
    dropped. Unchanged files (same size and time, or same SHA-256, as at the last build) are skipped
    unless `force`. Every file is checked before anything is written, so a broken file leaves the
    store exactly as it was. The changes go in one transaction unless they exceed the store's batch
    limit (Store.replace_graphs): then an on-disk embedded store is rebuilt beside itself and swapped
    in (still all-or-nothing), and a server gets transactions of whole graphs with the bookkeeping in
    each, so a build cut off half-way leaves whole graphs and is finished by the next build.

    Then the stored summaries (samverkan.summaries) of the agreements the changes affect are computed again
    (`summaries=False` leaves them as they are; pages and API then validate what has no current summary).
    """
    full = not sources
    given = sources or [graph_dir()]
    files = expand_sources(given)
    known_records = recorded_graphs(store)
    recorded = {} if force else known_records
    by_path = {record.path: graph for graph, record in known_records.items()}
    replaced: list[str] = []
    known = ontology_terms()
    ranges = ontology_ranges()
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
            source = parse_source(path, known, ranges=ranges)
            graph = source.graph
            changed[graph] = source
            if previous and previous != graph:  # the file now names another agreement: its old graph goes
                replaced.append(previous)
        if graph in origin and origin[graph] != resolved:
            raise SourceError(str(path), None, f"maps to the same named graph <{graph}> as {origin[graph]}")
        origin[graph] = resolved
        stamps[graph] = stamp

    if full:
        keep = set(origin) | {BUILD_GRAPH}
        dropped = [g for g in store.graph_names() if g not in keep and not is_summary_graph(g)]
    else:
        folders = [p.resolve() for p in given if p.is_dir()]
        candidates = replaced + _gone(known_records, files, folders)
        dropped = sorted({g for g in candidates if g not in origin})

    base = {g: r for g, r in known_records.items() if g not in dropped}
    for graph in origin:
        if graph not in changed and graph in base:
            base[graph] = replace(base[graph], stamp=stamps[graph])
    new_records = {g: Recorded(s.sha256, _recorded_path(s.path), stamps[g], s.triple_count) for g, s in changed.items()}

    def bookkeeping(done: list[str]) -> dict[str, list[ox.Triple]]:
        """The records as the store holds them once `done` are written: new for those, old for the rest."""
        records = {**base, **{g: new_records[g] for g in done if g in new_records}}
        return {BUILD_GRAPH: _bookkeeping_triples(records)}

    freed = getattr(store, "remove_leftovers", lambda: 0)()
    if progress and changed:
        progress(f"writing {len(changed)} graph(s)")
    touched = shared([*changed, *dropped])  # their old content also decides which summaries change
    before = terms_of(store, [g for g in touched if g in known_records]) if summaries and touched else set()
    # the summaries the changes make stale go in the same write, so a build killed before they are computed again
    # leaves them missing (computed by the next build), never stale
    stale = affected_summaries(store, changed, dropped, before) if summaries else []
    store.replace_graphs({g: s.triples() for g, s in changed.items()}, drop=[*dropped, *stale], extra=bookkeeping)
    if summaries:
        if progress:
            progress("computing summaries")
        try:
            report.summarised = refresh(store, changed, dropped, before, everything=force)
        except SamverkanError as exc:  # e.g. a server that cannot run the checks' queries: the data stands
            report.summary_error = str(exc)

    report.loaded = list(changed.values())
    report.dropped = dropped
    report.leftovers_freed = freed
    report.graphs, report.triples = _store_counts(store, {**base, **new_records})
    return report
