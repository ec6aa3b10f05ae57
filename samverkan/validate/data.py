"""The data graph of one agreement: its named graph, what it references, and the ontology.

Validation of one agreement reads only its own named graph (and those of its yearly follow-ups), the triples that the shared source
graphs (organisations, forums, themes, methods, documents) hold about the things it names, and
the ontology's subclass axioms, so its cost does not grow with the rest of the store.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from ..namespaces import ONTOLOGY_GRAPH, PROV, SAM, SOURCE_GRAPH, XSD
from ..store import Store

_XSD_STRING = XSD + "string"
_SUBCLASS_OF = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

class _QuietIllTyped(logging.Filter):
    """rdflib logs a traceback for every literal it cannot read as its datatype (e.g. "yesterday"^^xsd:date);
    such a literal is a validation finding (sh:datatype), not a program error, so the traceback is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Failed to convert Literal lexical form")


logging.getLogger("rdflib.term").addFilter(_QuietIllTyped())

#: roles written actor first; their subjects (e.g. who follows up or coordinates) come along
ROLE_PREDICATES = ("coordinates", "leads", "responsibleFor", "followsUp")


def _referenced_query(agreement: str) -> str:
    # The agreement (or follow-up report) IRI is written as an escaped N-Triples term (it named a graph in the store).
    graph = str(ox.NamedNode(agreement))
    roles = " ".join(f"<{SAM}{r}>" for r in ROLE_PREDICATES)
    return f"""
CONSTRUCT {{ ?x ?p ?o . ?s ?r ?x . }}
WHERE {{
  {{ SELECT DISTINCT ?x WHERE {{
      GRAPH {graph} {{ {{ ?x ?q ?y }} UNION {{ ?y ?q ?x }} }}
      FILTER(isIRI(?x))
  }} }}
  GRAPH ?g {{
    {{ ?x ?p ?o }}
    UNION
    {{ VALUES ?r {{ {roles} }} ?s ?r ?x }}
  }}
  FILTER(STRSTARTS(STR(?g), "{SOURCE_GRAPH}"))
}}"""


def agreement_iris(store: Store) -> list[str]:
    """IRIs of the agreements in the store that have their own named graph, sorted."""
    rows = store.select(f"""
SELECT DISTINCT ?a WHERE {{
  GRAPH ?a {{ ?a a ?class }}
  ?class <http://www.w3.org/2000/01/rdf-schema#subClassOf>* <{SAM}Agreement>
}}""")
    return sorted(r["a"].value for r in rows if isinstance(r["a"], ox.NamedNode))


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal):
    """One pyoxigraph term as an rdflib term (plain strings stay plain, as Turtle writes them)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    if datatype in (_XSD_STRING, _LANG_STRING):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(datatype))


def add_triples(graph: Graph, triples: Iterable[ox.Triple]) -> Graph:
    """Add pyoxigraph triples to an rdflib graph."""
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def ontology_triples(store: Store) -> list[ox.Triple]:
    """The ontology graph's subclass axioms: what the shapes' sh:targetClass and sh:class follow
    (SHACL reads rdfs:subClassOf from the data graph); labels and definitions are not needed."""
    return [t for t in store.graph_triples(ONTOLOGY_GRAPH) if t.predicate.value == _SUBCLASS_OF]


def follow_up_graphs(store: Store, agreement: str) -> list[str]:
    """The named graphs of the agreement's yearly follow-ups (graph/follow-ups/<agreement>/<year>.ttl): each
    is named by its report, which uses the agreement. They belong to the agreement's validation."""
    found = store.select(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g <{PROV}used> {ox.NamedNode(agreement)} ; "
                         f"a <{SAM}FollowUpReport> }} }}")
    return sorted(r["g"].value for r in found if isinstance(r["g"], ox.NamedNode))


def agreement_data_graph(store: Store, agreement: str, ontology: list[ox.Triple] | None = None) -> Graph:
    """A plain rdflib Graph holding what validating `agreement` needs (see the module docstring).

    `ontology` is ontology_triples(store), passed in when validating several agreements.
    """
    graph = Graph()
    for name in [agreement, *follow_up_graphs(store, agreement)]:
        add_triples(graph, store.graph_triples(name))
        add_triples(graph, store.construct(_referenced_query(name)))
    add_triples(graph, ontology if ontology is not None else ontology_triples(store))
    return graph

