"""A source document: what the catalogue says about it, and its text from a folder of source texts when the
deployment has one (sam:seedFile names the file in that folder)."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..labels import labels
from ..namespaces import sparql_prefixes
from ..store import Store

_DOCUMENT = sparql_prefixes() + """
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?p ?o WHERE {
  VALUES ?p { dcterms:title dcterms:type dcterms:date sam:seedFile sam:encoded sam:aboutMunicipality }
  ?doc ?p ?o }"""
_DCT = "http://purl.org/dc/terms/"
_SAM = "https://w3id.org/samverkan/ontology#"
#: a file name in the source folder: no folder part, nothing hidden
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def document(store: Store, iri: str, lang: str = "sv") -> dict:
    """{id, label, types, date, municipalities, encoded, file} of a source document (file: sam:seedFile)."""
    rows = store.select(_DOCUMENT, {"doc": ox.NamedNode(iri)})
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row["p"].value, []).append(row["o"])
    iris = {o.value for values in found.values() for o in values if isinstance(o, ox.NamedNode)} | {iri}
    names = labels(store, iris, lang)
    titles = found.get(_DCT + "title", [])
    title = next((t.value for t in titles if t.language == lang), titles[0].value if titles else names[iri])
    refs = lambda key: sorted(({"id": o.value, "label": names[o.value]} for o in found.get(key, [])  # noqa: E731
                               if isinstance(o, ox.NamedNode)), key=lambda r: r["label"])
    first = lambda key: next((o.value for o in found.get(key, [])), None)  # noqa: E731
    return {"id": iri, "label": title, "types": refs(_DCT + "type"), "date": first(_DCT + "date"),
            "municipalities": refs(_SAM + "aboutMunicipality"), "encoded": first(_SAM + "encoded") in ("true", "1"),
            "file": first(_SAM + "seedFile"), "exists": bool(rows)}


def document_text(folder: Path | str | None, file_name: str | None) -> list[str] | None:
    """The lines of a document's text file in `folder`, or None when there is no folder, no such file, or the name
    is not a plain file name (never a path leading out of the folder)."""
    if not folder or not file_name or not _FILE_NAME.match(file_name):
        return None
    path = Path(folder) / file_name
    if not path.is_file():
        return None
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def line_span(text: str | None) -> set[int]:
    """The line numbers of a span as the graph writes it: '44', '40-44', '11, 19-21' (empty for nonsense)."""
    out: set[int] = set()
    for part in re.split(r"\s*,\s*", text or ""):
        match = re.fullmatch(r"(\d+)(?:\s*[-–]\s*(\d+))?", part.strip())
        if match:
            start = int(match.group(1))
            end = int(match.group(2) or start)
            if 0 < start <= end and end - start < 10_000:
                out.update(range(start, end + 1))
    return out
