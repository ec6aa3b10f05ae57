"""IRIs shared by the whole library."""

SAM = "https://w3id.org/samverkan/ontology#"
ONTOLOGY_GRAPH = "https://w3id.org/samverkan/ontology"
ID = "https://w3id.org/samverkan/id/"
SOURCE_GRAPH = ID + "source/"
BUILD_GRAPH = ID + "build"

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SH = "http://www.w3.org/ns/shacl#"

PREFIXES = {
    "sam": SAM,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": RDFS,
    "skos": SKOS,
    "org": ORG,
    "prov": PROV,
    "dcterms": DCTERMS,
    "foaf": FOAF,
    "xsd": XSD,
    "owl": "http://www.w3.org/2002/07/owl#",
}


def sparql_prefixes() -> str:
    """PREFIX declarations for every prefix in PREFIXES."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
