"""SPARQL result formats: content negotiation by Accept (with q-values) and the serialisers.

The writers themselves are in samverkan.sparql_answer.
"""

from __future__ import annotations

import pyoxigraph as ox

from samverkan import sparql_answer as answer
from samverkan.store import SelectResult

#: media type → format name, in the server's order of preference (the first is the default)
SOLUTION_TYPES = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
BOOLEAN_TYPES = {t: f for t, f in SOLUTION_TYPES.items() if f in ("json", "xml")}
GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE, "application/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
#: IRIs of the formats for the service description (http://www.w3.org/ns/formats/)
FORMAT_IRIS = ["SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
               "Turtle", "N-Triples", "JSON-LD", "RDF_XML"]


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an Accept header with their q-values (malformed q → 0)."""
    ranges = []
    for part in (header or "").split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def negotiate(accept: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most (ties go to the earlier offer); the first offer when there is
    no Accept header; None when the client accepts none of them."""
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0] if offers else None
    best, best_q = None, 0.0
    for offer in offers:
        main = offer.split("/")[0]
        # the most specific matching range decides the q-value (RFC 9110 §12.5.1)
        specificity, q = -1, 0.0
        for media, mq in ranges:
            rank = 3 if media == offer else 2 if media == main + "/*" else 1 if media == "*/*" else -1
            if rank > specificity:
                specificity, q = rank, mq
        if specificity >= 0 and q > best_q:
            best, best_q = offer, q
    return best


def content_type(media: str) -> str:
    """The Content-Type header for a media type (with charset for text formats)."""
    return media if media in ("application/rdf+xml",) else f"{media}; charset=utf-8"


# -- SELECT / ASK / graphs: samverkan.sparql_answer writes them (the worker processes use it too) -------------

def write_solutions(result: SelectResult, fmt: str) -> bytes:
    """SELECT results as SPARQL JSON, XML, CSV or TSV."""
    return answer.write_solutions(result.variables, result.rows, fmt)


write_boolean = answer.write_boolean
write_graph = answer.write_graph
#: media type's format → the name samverkan.sparql_answer (and its worker) knows it by
GRAPH_FORMAT_NAMES = {fmt: name for name, fmt in answer.GRAPH_FORMATS.items()}
