"""Writing Turtle source files in the authoring format (docs/authoring.md), one subject block at a time."""

from __future__ import annotations

PREFIXES = (
    ("sam", "https://w3id.org/samverkan/ontology#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("prov", "http://www.w3.org/ns/prov#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("org", "http://www.w3.org/ns/org#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("foaf", "http://xmlns.com/foaf/0.1/"),
)

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})


def sv(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"@sv'


def en(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"@en'


def plain(text: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"'


def typed(text: str, datatype: str) -> str:
    return '"' + text.translate(_ESCAPES) + '"^^' + datatype


def iri(relative: str) -> str:
    return "<" + relative + ">"


class TurtleFile:
    """Lines of one source file: header comment, @base and prefixes, then subject blocks."""

    def __init__(self, comment: str):
        self.lines = ["# " + line for line in comment.splitlines()]
        self.lines.append("@base <https://w3id.org/samverkan/id/> .")
        self.lines.extend(f"@prefix {p + ':':<9}<{ns}> ." for p, ns in PREFIXES)

    def section(self, title: str) -> None:
        self.lines.append("")
        self.lines.append(f"# --- {title} " + "-" * max(3, 90 - len(title)))

    def subject(self, subject: str, pairs: list[tuple[str, str | list[str]]]) -> None:
        """One block `subject p o ; p o1 , o2 .`; pairs with an empty object list are left out."""
        kept = [(p, [o] if isinstance(o, str) else o) for p, o in pairs]
        kept = [(p, o) for p, o in kept if o]
        self.lines.append("")
        head = subject + " "
        for i, (predicate, objects) in enumerate(kept):
            end = " ." if i == len(kept) - 1 else " ;"
            prefix = head if i == 0 else "    "
            self.lines.append(prefix + predicate + " " + " , ".join(objects) + end)

    def statement(self, subject: str, predicate: str, objects: str | list[str]) -> None:
        objects = [objects] if isinstance(objects, str) else objects
        self.lines.append(f"{subject} {predicate} {' , '.join(objects)} .")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"
