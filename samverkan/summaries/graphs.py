"""Where the summaries live: one named graph per agreement, https://w3id.org/samverkan/id/summary/agreement/<slug>,
and one for the findings outside any agreement, …/summary/outside. Each holds literals only, about the graph's
own IRI (so no query that follows links from a thing of the graph meets them): the agreement's IRI, the year
whose date the validation saw (the follow-up shapes depend on which years have ended), and two JSON texts."""

from __future__ import annotations

import datetime as dt
import hashlib

import pyoxigraph as ox

from ..namespaces import ID, SAM, XSD

SUMMARY_PREFIX = ID + "summary/"
OUTSIDE_GRAPH = SUMMARY_PREFIX + "outside"
OF, YEAR, FIGURES, REPORT = (SAM + p for p in ("summaryOf", "summaryYear", "validationFigures", "validationReport"))


def summary_graph(agreement: str) -> str:
    """The summary graph of an agreement (its IRI below the id base, else a digest of it)."""
    if agreement.startswith(ID):
        return SUMMARY_PREFIX + agreement[len(ID):]
    return SUMMARY_PREFIX + "iri/" + hashlib.sha1(agreement.encode()).hexdigest()


def is_summary_graph(name: str) -> bool:
    return name.startswith(SUMMARY_PREFIX)


def this_year() -> int:
    return dt.date.today().year


def summary_triples(graph: str, agreement: str | None, year: int, figures: str, report: str) -> list[ox.Triple]:
    node = ox.NamedNode(graph)
    triples = [ox.Triple(node, ox.NamedNode(YEAR), ox.Literal(str(year), datatype=ox.NamedNode(XSD + "integer"))),
               ox.Triple(node, ox.NamedNode(FIGURES), ox.Literal(figures)),
               ox.Triple(node, ox.NamedNode(REPORT), ox.Literal(report))]
    if agreement is not None:
        triples.append(ox.Triple(node, ox.NamedNode(OF), ox.Literal(agreement, datatype=ox.NamedNode(XSD + "anyURI"))))
    return triples
