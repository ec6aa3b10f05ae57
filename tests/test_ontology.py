"""Every term of the ontology is labelled in Swedish and English and defined."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from samverkan.paths import ontology_file

SAM = rdflib.Namespace("https://w3id.org/samverkan/ontology#")
GRAPH = rdflib.Graph().parse(ontology_file())
TERMS = sorted(
    s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    for s in GRAPH.subjects(RDF.type, kind) if str(s).startswith(str(SAM))
)


def test_the_ontology_defines_the_domain_terms():
    for name in ["Agreement", "Party", "Municipality", "PoliceArea", "Council", "SteeringGroup", "CollaborationGroup",
                 "WorkingMethod", "FocusArea", "Initiative", "Commitment", "Goal", "Indicator", "Signature",
                 "coordinates", "leads", "responsibleFor", "participatesIn", "followsUp", "meetingFrequency"]:
        assert SAM[name] in TERMS, name


@pytest.mark.parametrize("term", TERMS, ids=lambda t: str(t).split("#")[1])
def test_term_has_labels_in_both_languages_and_a_definition(term):
    langs = {label.language for label in GRAPH.objects(term, RDFS.label)}
    assert {"sv", "en"} <= langs
    assert {d.language for d in GRAPH.objects(term, SKOS.definition)} >= {"sv", "en"}


def test_reuses_w3c_vocabularies_by_subclassing():
    ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
    assert (SAM.Forum, RDFS.subClassOf, ORG.OrganizationalCollaboration) in GRAPH
    assert (SAM.PoliceArea, RDFS.subClassOf, ORG.OrganizationalUnit) in GRAPH
    assert (SAM.FocusArea, RDFS.subClassOf, SKOS.Concept) in GRAPH
    assert (SAM.Membership, RDFS.subClassOf, ORG.Membership) in GRAPH
