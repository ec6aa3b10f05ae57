"""Read the source files of graph/: Turtle in, triples and their named graph out, or a file:line error."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import SourceError
from .namespaces import ID, ONTOLOGY_GRAPH, RDF_TYPE, SAM, SOURCE_GRAPH
from .paths import ontology_file

AGREEMENT_CLASSES = {SAM + "Agreement", SAM + "CitizenPromise"}
#: a yearly follow-up file (graph/follow-ups/<agreement>/<year>.ttl) is loaded into the graph named by its report
FOLLOW_UP_REPORT = SAM + "FollowUpReport"


@dataclass
class SourceFile:
    """One checked source file: the named graph it goes into, its size and its fingerprint."""

    path: Path
    graph: str
    triple_count: int
    sha256: str

    def triples(self) -> Iterator[ox.Triple]:
        """The file's triples, read again (so a large build never holds every file in memory)."""
        raw = self.path.read_bytes()
        if hashlib.sha256(raw).hexdigest() != self.sha256:
            raise SourceError(str(self.path), None, "the file changed while the build was running; run the build again")
        return ox.parse(raw, format=ox.RdfFormat.TURTLE, base_iri=ID)


def file_stamp(path: Path) -> str:
    """Size and modification time: if both are as recorded, the file is taken as unchanged without reading it."""
    info = path.stat()
    return f"{info.st_size}:{info.st_mtime_ns}"


def expand_sources(paths: list[Path]) -> list[Path]:
    """Files as given, folders as every *.ttl below them, in a stable order."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*.ttl") if p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise SourceError(str(path), None, "no such file or folder")
    return files


def file_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ontology_terms() -> set[str]:
    """Every sam: term the ontology defines."""
    triples = ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE)
    return {t.subject.value for t in triples if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(SAM)}


def _line_of(text: str, *needles: str) -> int | None:
    for needle in needles:
        match = re.search(re.escape(needle) + r"(?![\w-])", text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def parse_source(path: Path, known_terms: set[str] | None = None, graph: str | None = None) -> SourceFile:
    """Parse one Turtle source file; raise SourceError naming the line of the first problem."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise SourceError(str(path), line, "not UTF-8 text (save the file as UTF-8)") from exc
    try:
        triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=ID))
    except SyntaxError as exc:
        raise SourceError(str(path), exc.lineno, _clean_syntax_message(str(exc)), exc.offset) from exc
    if not triples:
        raise SourceError(str(path), None, "the file holds no statements")

    if known_terms is not None:
        for term in _sam_terms(triples):
            if term not in known_terms:
                local = term[len(SAM):]
                line = _line_of(text, "sam:" + local, term)
                raise SourceError(str(path), line, f"unknown term sam:{local} (not defined in ontology/samverkan.ttl)")

    agreements = sorted({t.subject.value for t in triples
                         if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
                         and t.object.value in AGREEMENT_CLASSES and isinstance(t.subject, ox.NamedNode)})
    if graph is None and not agreements:
        agreements = sorted({t.subject.value for t in triples
                             if t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
                             and t.object.value == FOLLOW_UP_REPORT and isinstance(t.subject, ox.NamedNode)})
    if graph is None:
        if len(agreements) > 1:
            second = agreements[1]
            line = _line_of(text, "<" + second[len(ID):] + ">", second)
            raise SourceError(str(path), line, "more than one sam:Agreement in one file ("
                              + ", ".join(agreements) + "); put each agreement in its own file")
        graph = agreements[0] if agreements else SOURCE_GRAPH + path.stem
    return SourceFile(path, graph, len(triples), hashlib.sha256(raw).hexdigest())


def parse_ontology() -> SourceFile:
    return parse_source(ontology_file(), None, graph=ONTOLOGY_GRAPH)


def _sam_terms(triples: list[ox.Triple]) -> set[str]:
    terms = set()
    for t in triples:
        for node in (t.predicate, t.object if t.predicate.value == RDF_TYPE else None):
            if isinstance(node, ox.NamedNode) and node.value.startswith(SAM):
                terms.add(node.value)
    return terms


def _clean_syntax_message(message: str) -> str:
    # "Parser error between line 3 column 9 and line 4 column 1: Unexpected end of file" → the reason
    return re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ", "", message)
