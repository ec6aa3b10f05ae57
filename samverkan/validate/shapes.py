"""Load the SHACL shapes (shapes/*.ttl) into one rdflib Graph, or fail naming the file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from ..errors import SourceError
from ..namespaces import ID, SAM
from ..paths import shapes_dir
from ..sources import ontology_terms
from .data import add_triples

SHAPES_NS = "https://w3id.org/samverkan/shapes#"


def shape_files(folder: Path | None = None) -> list[Path]:
    """The shapes files in `folder` (default: the project's shapes/), sorted."""
    folder = Path(folder) if folder is not None else shapes_dir()
    if folder.is_file():
        return [folder]
    if not folder.is_dir():
        raise SourceError(str(folder), None, "no such shapes folder or file")
    files = sorted(p for p in folder.glob("*.ttl") if p.is_file())
    if not files:
        raise SourceError(str(folder), None, "no shapes files (*.ttl) in this folder")
    return files


def load_shapes(folder: Path | str | None = None) -> Graph:
    """Every shapes file parsed into one graph.

    Raises SourceError (file:line) for a Turtle syntax error or a sam: term the ontology does not
    define (a typo there would silently check nothing).
    """
    known = ontology_terms()
    graph = Graph()
    for path in shape_files(Path(folder) if folder is not None else None):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(str(path), raw.count(b"\n", 0, exc.start) + 1, "not UTF-8 text") from exc
        try:
            triples = list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=ID))
        except SyntaxError as exc:
            message = re.sub(r"^Parser error (at|between) line \d+ column \d+( and line \d+ column \d+)?: ", "", str(exc))
            raise SourceError(str(path), exc.lineno, message, exc.offset) from exc
        for term in sorted(_sam_terms(triples) - known):
            local = term[len(SAM):]
            raise SourceError(str(path), _line_of(text, local), f"unknown term sam:{local} (not defined in ontology/samverkan.ttl)")
        add_triples(graph, triples)
    return graph


def _sam_terms(triples: list[ox.Triple]) -> set[str]:
    return {node.value for t in triples for node in (t.subject, t.predicate, t.object)
            if isinstance(node, ox.NamedNode) and node.value.startswith(SAM)}


def _line_of(text: str, local: str) -> int | None:
    match = re.search(r"(sam:|" + re.escape(SAM) + r")" + re.escape(local) + r"(?![\w-])", text)
    return text.count("\n", 0, match.start()) + 1 if match else None
