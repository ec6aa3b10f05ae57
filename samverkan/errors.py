"""Errors a user can act on: they name the file, line or field and what was expected."""

from __future__ import annotations


class SamverkanError(Exception):
    """Base class; the CLI prints the message and exits with code 2."""


class SourceError(SamverkanError):
    """A source file (Turtle, SPARQL, spreadsheet…) is wrong at a given place."""

    def __init__(self, path: str, line: int | None, message: str, column: int | None = None):
        self.path, self.line, self.column, self.message = str(path), line, column, message
        where = self.path if line is None else f"{self.path}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


class StoreError(SamverkanError):
    """The store cannot be opened, read or written."""


class NotFound(SamverkanError):
    """An identifier (IRI, slug or label) names nothing in the graph."""

    def __init__(self, kind: str, value: str, candidates: list[str] | None = None):
        self.kind, self.value, self.candidates = kind, value, candidates or []
        msg = f"unknown {kind}: {value!r}"
        if self.candidates:
            msg += " (did you mean: " + ", ".join(self.candidates[:10]) + ")"
        super().__init__(msg)


class Ambiguous(SamverkanError):
    """A label names more than one thing."""

    def __init__(self, kind: str, value: str, candidates: list[str]):
        self.kind, self.value, self.candidates = kind, value, candidates
        super().__init__(f"ambiguous {kind}: {value!r} could be " + ", ".join(candidates[:10]))
