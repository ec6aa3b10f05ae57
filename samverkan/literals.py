"""Typed literals: is a lexical form valid for its XSD datatype, and does a literal fit its property's range?

The lexical rules are pyoxigraph's own XSD parsers (its SPARQL cast functions), so the build, the
SPARQL-compiled shapes and the reference engine all judge `"2019-13-45"^^xsd:gYear` the same way.
"""

from __future__ import annotations

import functools

import pyoxigraph as ox

from .namespaces import XSD

RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
_OWL_DATATYPE_PROPERTY = "http://www.w3.org/2002/07/owl#DatatypeProperty"
_RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

#: the XSD datatypes whose lexical forms are checked (those pyoxigraph can parse)
CHECKED_DATATYPES = tuple(XSD + name for name in (
    "boolean", "integer", "decimal", "double", "float", "date", "dateTime", "time", "gYear", "gYearMonth", "duration"))

#: how a person reads each datatype in a message
_READABLE = {
    XSD + "gYear": "a year such as 2022", XSD + "date": "a date such as 2022-05-18",
    XSD + "dateTime": "a date and time such as 2022-05-18T10:00:00", XSD + "integer": "a whole number",
    XSD + "decimal": "a decimal number", XSD + "boolean": "true or false", XSD + "string": "a plain text",
    RDF_LANG_STRING: 'a text with a language tag, e.g. "Borås"@sv',
}

_SCRATCH = ox.Store()


def readable(datatype: str) -> str:
    return _READABLE.get(datatype, short(datatype))


def short(datatype: str) -> str:
    if datatype.startswith(XSD):
        return "xsd:" + datatype[len(XSD):]
    if datatype == RDF_LANG_STRING:
        return "rdf:langString"
    return f"<{datatype}>"


def well_formed_sparql(value: str, datatype: str) -> str:
    """A SPARQL expression, never an error, true when the literal in `value` is a valid `datatype` lexical form."""
    if datatype == RDF_LANG_STRING:
        return f'(isLiteral({value}) && lang({value}) != "")'
    if datatype in CHECKED_DATATYPES:
        return f"COALESCE(datatype(<{datatype}>(STR({value}))) = <{datatype}>, false)"
    return "true"


@functools.lru_cache(maxsize=65536)
def is_well_formed(lexical: str, datatype: str) -> bool:
    """True when `lexical` is a valid form of `datatype` (always True for a datatype that is not checked)."""
    if datatype not in CHECKED_DATATYPES:
        return True
    query = f"ASK {{ BIND({ox.Literal(lexical)} AS ?v) FILTER({well_formed_sparql('?v', datatype)}) }}"
    return bool(_SCRATCH.query(query))


def datatype_of(literal: ox.Literal) -> str:
    return RDF_LANG_STRING if literal.language else literal.datatype.value


def datatype_ranges(ontology: list[ox.Triple]) -> dict[str, str]:
    """Datatype property IRI → its rdfs:range, for ranges that are XSD datatypes or rdf:langString."""
    properties = {t.subject.value for t in ontology
                  if t.predicate.value == _RDF_TYPE and t.object.value == _OWL_DATATYPE_PROPERTY}
    return {t.subject.value: t.object.value for t in ontology
            if t.predicate.value == _RDFS_RANGE and t.subject.value in properties
            and (t.object.value.startswith(XSD) or t.object.value == RDF_LANG_STRING)}


#: datatypes whose values are also values of another (XSD's derivation): a count fits a decimal range
_DERIVED_FROM = {XSD + name: XSD + "decimal" for name in (
    "integer", "long", "int", "short", "byte", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger",
    "negativeInteger", "unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte")}


def literal_problem(literal: ox.Literal, expected: str | None) -> str | None:
    """Why a literal is wrong (ill-formed for its datatype, or not the datatype its property's range asks
    for, nor one derived from it), or None when it is fine."""
    actual = datatype_of(literal)
    if expected is not None and actual != expected and _DERIVED_FROM.get(actual) != expected:
        shown = literal.value if len(literal.value) <= 60 else literal.value[:57] + "…"
        return f"{shown!r} is {short(actual)}; expected {readable(expected)} ({short(expected)})"
    if not is_well_formed(literal.value, actual):
        return f'"{literal.value[:60]}" is not {readable(actual)} (ill-formed {short(actual)})'
    return None
