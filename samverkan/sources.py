"""Read the source files of graph/: Turtle in, triples and their named graph out, or a file:line error."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from .errors import SourceError
from .literals import datatype_ranges, literal_problem
from .namespaces import ID, ONTOLOGY_GRAPH, RDF_TYPE, SAM, SOURCE_GRAPH
from .paths import ontology_file

AGREEMENT_CLASSES = {SAM + "Agreement", SAM + "CitizenPromise"}
_BOM = b"\xef\xbb\xbf"
#: pyoxigraph's Turtle reader refuses a single line longer than this (MemoryError)
LONGEST_LINE = 16 * 1024 * 1024
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
        return ox.parse(raw.removeprefix(_BOM), format=ox.RdfFormat.TURTLE, base_iri=ID)


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


def _ontology_triples() -> list[ox.Triple]:
    return list(ox.parse(path=str(ontology_file()), format=ox.RdfFormat.TURTLE))


def ontology_terms() -> set[str]:
    """Every sam: term the ontology defines."""
    return {t.subject.value for t in _ontology_triples()
            if isinstance(t.subject, ox.NamedNode) and t.subject.value.startswith(SAM)}


def ontology_ranges() -> dict[str, str]:
    """sam: datatype property → the datatype its rdfs:range names (xsd:gYear, rdf:langString …)."""
    return datatype_ranges(_ontology_triples())


def _line_of(text: str, *needles: str) -> int | None:
    for needle in needles:
        match = re.search(re.escape(needle) + r"(?![\w-])", text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return None


def parse_source(path: Path, known_terms: set[str] | None = None, graph: str | None = None,
                 ranges: dict[str, str] | None = None) -> SourceFile:
    """Parse one Turtle source file; raise SourceError naming the line of the first problem.

    A UTF-8 byte order mark at the start is skipped. With `ranges` (ontology_ranges()) every typed
    literal must be a valid form of its datatype and of the datatype its property's range names.
    """
    raw = path.read_bytes()
    body = raw.removeprefix(_BOM)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body.count(b"\n", 0, exc.start) + 1
        raise SourceError(str(path), line, "not UTF-8 text (save the file as UTF-8)") from exc
    try:
        triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=ID))
    except SyntaxError as exc:
        raise SourceError(str(path), exc.lineno, _clean_syntax_message(str(exc)), exc.offset) from exc
    except MemoryError as exc:
        line = _overlong_line(body)
        raise SourceError(str(path), line, f"a line longer than {LONGEST_LINE // (1024 * 1024)} MB "
                          "(the Turtle reader's limit); split the text or the statement") from exc
    if not triples:
        raise SourceError(str(path), None, "the file holds no statements")
    if ranges is not None:
        _check_literals(path, text, triples, ranges)

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
    return SourceFile(path, graph, len(set(triples)), hashlib.sha256(raw).hexdigest())


def parse_ontology() -> SourceFile:
    return parse_source(ontology_file(), None, graph=ONTOLOGY_GRAPH)


def _check_literals(path: Path, text: str, triples: list[ox.Triple], ranges: dict[str, str]) -> None:
    for t in triples:
        if isinstance(t.object, ox.Literal):
            problem = literal_problem(t.object, ranges.get(t.predicate.value))
            if problem:
                raise SourceError(str(path), _literal_line(text, t), f"{_curie(t.predicate.value)}: {problem}")


def _literal_line(text: str, triple: ox.Triple) -> int | None:
    """The line a literal is written on: after its property, else its quoted form anywhere, else the property's."""
    value = re.escape(triple.object.value)
    prop = _curie(triple.predicate.value)
    for pattern in (rf"""{re.escape(prop)}\s+(["']{value}["']|{value}(?![\w.:-]))""",
                    rf"""<{re.escape(triple.predicate.value)}>\s+(["']{value}["']|{value}(?![\w.:-]))""",
                    rf"""["']{value}["']"""):
        match = re.search(pattern, text)
        if match:
            return text.count("\n", 0, match.start()) + 1
    return _line_of(text, prop, triple.predicate.value)


def _curie(iri: str) -> str:
    return "sam:" + iri[len(SAM):] if iri.startswith(SAM) else f"<{iri}>"


def _overlong_line(raw: bytes) -> int | None:
    """The number of the first line longer than LONGEST_LINE bytes, or None."""
    start, number = 0, 1
    while start <= len(raw):
        end = raw.find(b"\n", start)
        end = len(raw) if end < 0 else end
        if end - start > LONGEST_LINE:
            return number
        start, number = end + 1, number + 1
    return None


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
