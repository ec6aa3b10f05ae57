"""SPARQL answers as bytes: the engine's own serialisers, shaped byte for byte like the writers below.

The /sparql endpoint answers SELECT results as SPARQL JSON, XML, CSV or TSV and graphs as Turtle, N-Triples,
JSON-LD or RDF/XML. The worker processes (samverkan.sparql_worker) write them with pyoxigraph
(`QuerySolutions.serialize`, `serialize`) and the few byte-level edits in `reshape` make that the same text
the Python writers (`write_solutions`, kept as the definition and for remote stores) give: spaces after JSON's
separators, one XML result per line, TSV terms in N-Triples form. At most `max_rows` rows or triples are
answered; a longer answer is cut (and says so).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from .namespaces import PREFIXES

XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_STRING = XSD + "string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

SOLUTION_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                    "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "n-triples": ox.RdfFormat.N_TRIPLES,
                 "json-ld": ox.RdfFormat.JSON_LD, "rdf-xml": ox.RdfFormat.RDF_XML}
CHUNK_BYTES = 1 << 20


# -- the definition: Python writers over terms (remote stores, and the reference the tests compare to) ---------

def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"not an RDF term: {term!r}")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value not in (XSD_STRING, RDF_LANG_STRING):
            return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"not an RDF term: {term!r}")


def _csv_value(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, (ox.NamedNode, ox.Literal)):
        return term.value
    return str(term)


def write_solutions(variables: list[str], rows: list[dict], fmt: str) -> bytes:
    """SELECT results (rows as dicts, unbound → absent) as SPARQL JSON, XML, CSV or TSV."""
    if fmt == "json":
        body = {"head": {"vars": variables},
                "results": {"bindings": [{k: _json_term(v) for k, v in row.items()} for row in rows]}}
        return json.dumps(body, ensure_ascii=False).encode()
    if fmt == "xml":
        out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
        out += [f"<variable name={quoteattr(v)}/>" for v in variables]
        out.append("</head>\n<results>")
        for row in rows:
            cells = "".join(f"<binding name={quoteattr(k)}>{_xml_term(v)}</binding>" for k, v in row.items())
            out.append(f"<result>{cells}</result>")
        out.append("</results>\n</sparql>\n")
        return "\n".join(out).encode()
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(variables)
        for row in rows:
            writer.writerow([_csv_value(row[v]) if v in row else "" for v in variables])
        return buffer.getvalue().encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join(str(row[v]) if v in row else "" for v in variables) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(f"unknown result format {fmt!r}")


def write_boolean(value: bool, fmt: str) -> bytes:
    """An ASK result as SPARQL JSON or XML."""
    if fmt == "json":
        return json.dumps({"head": {}, "boolean": value}).encode()
    if fmt == "xml":
        return ('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
                f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n").encode()
    raise ValueError(f"unknown boolean format {fmt!r}")


def write_graph(triples, fmt: ox.RdfFormat) -> bytes:
    """Triples in an RDF format, with the project's prefixes where the format has them."""
    prefixes = PREFIXES if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
    return ox.serialize(triples, format=fmt, prefixes=prefixes) or b""


# -- the engine's serialisers, reshaped -------------------------------------------------------------------

def _json(data: bytes) -> bytes:
    """pyoxigraph's compact JSON with json.dumps' ", " and ": " between items. Escaped quotes and backslashes are
    masked (same length) first, so every '"' left delimits a string: the even pieces between them are outside."""
    masked = data.replace(b"\\\\", b"\x00\x00").replace(b'\\"', b"\x00\x01")
    parts = masked.split(b'"')
    outside = b"\x02".join(parts[0::2]).replace(b",", b", ").replace(b":", b": ").split(b"\x02")
    parts[0::2] = outside
    return b'"'.join(parts).replace(b"\x00\x01", b'\\"').replace(b"\x00\x00", b"\\\\")


_XML_BREAKS = [(b"<sparql ", b"\n<sparql "), (b"<head>", b"\n<head>"), (b"<variable ", b"\n<variable "),
               (b"</head>", b"\n</head>"), (b"<results>", b"\n<results>"), (b"<result>", b"\n<result>"),
               (b"</results>", b"\n</results>"), (b"</sparql>", b"\n</sparql>\n")]


def _xml(data: bytes) -> bytes:
    """One element a line as the writer has it; quotes in text as they are (markup is never in text: '<' is
    escaped there)."""
    data = data.replace(b"&quot;", b'"').replace(b"&apos;", b"'")
    for old, new in _XML_BREAKS:
        data = data.replace(old, new)
    return data


# pyoxigraph's TSV writes integers, decimals and booleans bare (Turtle's short forms) and control characters raw
_TSV_BARE = re.compile(rb"([\t\n])([-+]?[0-9]*\.?[0-9]+|true|false)(?=[\t\n])")
_TSV_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _bare(match: re.Match) -> bytes:
    text = match.group(2)
    kind = "boolean" if text in (b"true", b"false") else "decimal" if b"." in text else "integer"
    return match.group(1) + b'"' + text + b'"^^<' + (XSD + kind).encode() + b">"


def _escaped(match: re.Match) -> bytes:
    code = match.group()[0]
    return {8: b"\\b", 12: b"\\f"}.get(code) or b"\\u%04X" % code


def _tsv(data: bytes) -> bytes:
    data = _TSV_BARE.sub(_bare, data)
    if _TSV_CONTROL.search(data):
        data = _TSV_CONTROL.sub(_escaped, data)
    return data


def _csv(data: bytes) -> bytes:
    """With one column the csv module writes an unbound value as "" (an empty line would be no row)."""
    header = data[:data.find(b"\r\n")]
    if not header or b"," in header or b"\r\n\r\n" not in data:
        return data
    if b'"' in data:  # a line break may be inside a quoted value: read the rows properly
        rows = list(csv.reader(io.StringIO(data.decode(), newline="")))
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(row or [""] for row in rows)
        return buffer.getvalue().encode()
    while b"\r\n\r\n" in data:
        data = data.replace(b"\r\n\r\n", b'\r\n""\r\n')
    return data


_RESHAPE = {"json": _json, "xml": _xml, "tsv": _tsv, "csv": _csv}


def reshape(data: bytes, fmt: str) -> bytes:
    """pyoxigraph's serialisation of SELECT results as the Python writer of `fmt` gives it."""
    return _RESHAPE[fmt](data)


class _Full(Exception):
    """The answer has more rows than it may: stop serialising."""


class _Sink(io.RawIOBase):
    """Collects what the serialiser writes; stops it once more rows may be in it than `max_rows` (an upper
    bound: separators of rows are counted, also where a value's text happens to hold them)."""

    _SEPARATORS = {"json": (b"[{", b"},{"), "xml": (b"<result>",), "csv": (b"\n",), "tsv": (b"\n",)}
    _HEADER_ROWS = {"json": 0, "xml": 0, "csv": 1, "tsv": 1}

    def __init__(self, fmt: str, max_rows: int):
        self.chunks: list[bytes] = []
        self._separators = self._SEPARATORS[fmt]
        self._limit = max_rows + self._HEADER_ROWS[fmt]
        self._count = 0
        self._tail = b""

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        data = bytes(data)
        self.chunks.append(data)
        # a separator may straddle two writes: count in the last few bytes of the previous one as well
        window = self._tail + data
        self._count += sum(window.count(s) for s in self._separators) - sum(self._tail.count(s) for s in self._separators)
        self._tail = window[-8:]
        if self._count > self._limit:
            raise _Full
        return len(data)


def _chunks(data: bytes) -> list[bytes]:
    return [data[i:i + CHUNK_BYTES] for i in range(0, len(data), CHUNK_BYTES)] or [b""]


def select_answer(solutions, rerun, fmt: str, max_rows: int) -> tuple[list[bytes], bool]:
    """A SELECT answer (QuerySolutions) in `fmt` as chunks of bytes, and whether it was cut at `max_rows` rows.
    Only when the answer may be longer than that does `rerun()` run the query again, for the rows to be cut and
    written by write_solutions."""
    sink = _Sink(fmt, max_rows)
    try:
        solutions.serialize(sink, format=SOLUTION_FORMATS[fmt])
    except _Full:  # pyoxigraph passes the sink's exception on as it is
        pass
    else:
        return _chunks(reshape(b"".join(sink.chunks), fmt)), False
    del solutions
    solutions = rerun()
    variables = [v.value for v in solutions.variables]
    rows = [{name: value for name, value in zip(variables, solution) if value is not None}
            for solution in itertools.islice(solutions, max_rows + 1)]
    truncated = len(rows) > max_rows
    return _chunks(write_solutions(variables, rows[:max_rows], fmt)), truncated


def graph_answer(triples, fmt: str, max_rows: int) -> tuple[list[bytes], bool]:
    """Triples (an iterator) in an RDF format as chunks of bytes, and whether they were cut at `max_rows`."""
    triples, more = iter(triples), []

    def allowed():
        yield from itertools.islice(triples, max_rows)
        more.extend(itertools.islice(triples, 1))

    data = write_graph(allowed(), GRAPH_FORMATS[fmt])
    return _chunks(data), bool(more)
