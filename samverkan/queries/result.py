"""A query's answer: rows of RDF terms with labels, written as JSON, CSV, TSV or a text table."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from ..namespaces import XSD
from ..output import render_table

_INTEGER = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_FLOAT = {XSD + t for t in ("decimal", "double", "float")}


def plain(term: ox.NamedNode | ox.BlankNode | ox.Literal | None):
    """The JSON value of a term: IRI string, number, boolean or string; None when unbound."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value
    try:
        if datatype in _INTEGER:
            return int(term.value)
        if datatype in _FLOAT:
            return float(term.value)
    except ValueError:
        return term.value
    if datatype == XSD + "boolean":
        return term.value in ("true", "1")
    return term.value


@dataclass
class QueryResult:
    """Rows of a named or ad-hoc query; IRI columns carry a label in the requested language."""

    query: str
    columns: list[str]
    rows: list[dict[str, ox.NamedNode | ox.BlankNode | ox.Literal]]
    labels: dict[str, str] = field(default_factory=dict)
    lang: str = "sv"
    #: headings for the table format, {column: {"sv": …, "en": …}} from the named query's `# column:` headers
    column_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    #: for an answer read a page at a time: {"number", "size", "pages", "by", "keys"} (see run_named)
    page: dict | None = None

    def headings(self) -> list[str]:
        """The table's headings in the result's language; a column without a title keeps its variable name."""
        out = []
        for column in self.columns:
            titles = self.column_titles.get(column, {})
            out.append(titles.get(self.lang) or titles.get("sv") or column)
        return out

    @property
    def iri_columns(self) -> list[str]:
        """Columns holding an IRI in at least one row; each gets a `<column>_label` companion."""
        return [c for c in self.columns if any(isinstance(r.get(c), ox.NamedNode) for r in self.rows)]

    def records(self) -> list[dict]:
        """Rows as plain dicts: {column: value, column_label: label} for IRI columns."""
        iri_columns = set(self.iri_columns)
        out = []
        for row in self.rows:
            record = {}
            for column in self.columns:
                term = row.get(column)
                record[column] = plain(term)
                if column in iri_columns:
                    record[column + "_label"] = (self.labels.get(term.value) if isinstance(term, ox.NamedNode)
                                                 else plain(term))
            out.append(record)
        return out

    def fieldnames(self) -> list[str]:
        iri_columns = set(self.iri_columns)
        names = []
        for column in self.columns:
            names.append(column)
            if column in iri_columns:
                names.append(column + "_label")
        return names

    def to_json(self) -> dict:
        """{"query": name, "columns": [...], "rows": [{column: value, column_label: label}]}"""
        data = {"query": self.query, "columns": list(self.columns), "rows": self.records()}
        if self.page is not None:
            data["page"] = dict(self.page)
        return data

    def to_json_text(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, indent=2)

    def _text_rows(self) -> list[list[str]]:
        names = self.fieldnames()
        return [[_text(record[n]) for n in names] for record in self.records()]

    def to_csv(self) -> str:
        """CSV with a header row; each IRI column is followed by its label column."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(self.fieldnames())
        writer.writerows(self._text_rows())
        return buffer.getvalue()

    def to_tsv(self) -> str:
        """Tab-separated, one row per line; tabs and line breaks inside values become spaces."""
        lines = ["\t".join(self.fieldnames())]
        for row in self._text_rows():
            lines.append("\t".join(v.replace("\t", " ").replace("\r", " ").replace("\n", " ") for v in row))
        return "\n".join(lines) + "\n"

    def to_table(self, max_width: int = 60) -> str:
        """An aligned table for people: labels instead of IRIs, headings in the reader's language."""
        iri_columns = set(self.iri_columns)
        body = []
        for record in self.records():
            body.append([_text(record[c + "_label"] if c in iri_columns else record[c]) for c in self.columns])
        table = render_table(self.headings(), body, max_width=max_width)
        count = len(body)
        if self.lang == "en":
            footer = f"({count} row{'s' if count != 1 else ''}{self._page_note()})"
        else:
            footer = f"({count} rad{'er' if count != 1 else ''}{self._page_note()})"
        return table + "\n" + footer

    def _page_note(self) -> str:
        if not self.page or not self.page.get("keys"):
            return ""
        number, pages, size = self.page["number"], self.page["pages"], self.page["size"]
        if self.lang == "en":
            return f"; page {number} of {pages}, {size} agreement{'s' if size != 1 else ''} per page"
        return f"; sida {number} av {pages}, {size} överenskommelse{'r' if size != 1 else ''} per sida"


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
