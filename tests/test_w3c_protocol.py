"""The W3C SPARQL 1.1 Protocol tests (protocol/manifest.ttl) and the three service-description tests,
run against the app in-process on a scratch store, straight from the manifests in ../shared/w3c.

Every request carries the configured write token, so the update tests run as an authorised client
(the authorisation rules themselves are tested in test_sparql_endpoint_auth.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from api.app import create_app
from api.settings import Settings
from samverkan.store import EmbeddedStore

W3C = Path(__file__).resolve().parents[2] / "shared" / "w3c" / "sparql11-protocol"
PROTOCOL = W3C / "protocol" / "manifest.ttl"
if not PROTOCOL.is_file():
    pytest.skip(f"the W3C SPARQL protocol tests are not at {W3C} (put shared/ beside the repo)", allow_module_level=True)

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
TOKEN = "w3c-test-token"

STATUS = {HTS.StatusCode2xx: range(200, 300), HTS.StatusCode3xx: range(300, 400), HTS.StatusCode4xx: range(400, 500),
          HTS.OK: [200], HTS.Created: [201], HTS.NoContent: [204], HTS.NotFound: [404]}
FORMATS = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": ("application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                "text/tab-separated-values"),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples"),
}

MANIFEST = Graph().parse(PROTOCOL, format="turtle")
ENTRIES = list(Collection(MANIFEST, MANIFEST.value(URIRef(PROTOCOL.as_uri()), MF.entries) or
                          next(MANIFEST.objects(None, MF.entries))))


def _items(node) -> list:
    return list(Collection(MANIFEST, node)) if node is not None else []


def _request(req) -> dict:
    path = str(MANIFEST.value(req, HT.absolutePath)).replace("/sparql/", "/sparql", 1)
    headers = {str(MANIFEST.value(h, HT.fieldName)): str(MANIFEST.value(h, HT.fieldValue))
               for h in _items(MANIFEST.value(req, HT.headers))}
    body = MANIFEST.value(req, HT.body)
    content = None
    if body is not None:
        encoding = str(MANIFEST.value(body, CNT.characterEncoding) or "UTF-8")
        content = str(MANIFEST.value(body, CNT.chars)).encode(encoding)
    resp = MANIFEST.value(req, HT.resp)
    expected = {
        "status": set(MANIFEST.objects(resp, MF.expectedStatus)),
        "format": MANIFEST.value(resp, MF.expectedFormat),
        "boolean": MANIFEST.value(resp, MF.expectedBoolean),
    }
    return {"method": str(MANIFEST.value(req, HT.methodName)), "path": path, "headers": headers,
            "content": content, "expected": expected}


def _boolean(response) -> bool:
    media = response.headers["content-type"].split(";")[0]
    if media == "application/sparql-results+json":
        return json.loads(response.content)["boolean"]
    root = ET.fromstring(response.content)
    return root.find("{http://www.w3.org/2005/sparql-results#}boolean").text == "true"


@pytest.fixture
def scratch_client():
    """A fresh in-memory store (the update tests CLEAR ALL) with a write token configured."""
    store = EmbeddedStore(None)
    app = create_app(store, settings=Settings(write_token=TOKEN))
    with TestClient(app, base_url="http://www.example") as client:
        yield client, store


@pytest.mark.parametrize("test", ENTRIES, ids=[str(e).rsplit("#", 1)[-1] for e in ENTRIES])
def test_protocol(test, scratch_client):
    client, store = scratch_client
    for data in MANIFEST.objects(test, UT.graphData):
        source = PROTOCOL.parent / Path(str(MANIFEST.value(data, UT.graph))).name
        graph_name = str(MANIFEST.value(data, RDFS.label))
        store.update(f"INSERT DATA {{ GRAPH <{graph_name}> {{ {source.read_text()} }} }}")
    action = MANIFEST.value(test, MF.action)
    for req in _items(MANIFEST.value(action, HT.requests)):
        r = _request(req)
        headers = {**r["headers"], "Authorization": f"Bearer {TOKEN}"}
        response = client.request(r["method"], r["path"], content=r["content"], headers=headers, follow_redirects=False)
        allowed = {code for s in r["expected"]["status"] for code in STATUS[s]}
        assert response.status_code in allowed, (r["method"], r["path"], response.status_code, response.text)
        fmt = r["expected"]["format"]
        if fmt is not None:
            assert response.headers["content-type"].split(";")[0] in FORMATS[str(fmt)], response.headers
        if r["expected"]["boolean"] is not None:
            assert _boolean(response) is r["expected"]["boolean"].toPython(), response.text


# -- the service-description tests (names only in the manifest; encoded by hand as NOTES.md says) ---

def _description(client) -> Graph:
    response = client.get("/sparql")
    assert response.status_code == 200
    media = response.headers["content-type"].split(";")[0]
    assert media in FORMATS["RDF"]
    return Graph().parse(data=response.text, format={"text/turtle": "turtle", "application/n-triples": "nt",
                                                     "application/rdf+xml": "xml"}[media],
                         publicID="http://www.example/sparql")


def test_service_description_returns_rdf(scratch_client):
    assert len(_description(scratch_client[0])) > 0


def test_service_description_has_endpoint_triple(scratch_client):
    graph = _description(scratch_client[0])
    assert (None, SD.endpoint, URIRef("http://www.example/sparql")) in graph


SD_SHAPE = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
[] a sh:NodeShape ; sh:targetClass sd:Service ;
   sh:property [ sh:path sd:endpoint ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ;
   sh:property [ sh:path sd:supportedLanguage ; sh:minCount 1 ;
                 sh:in ( sd:SPARQL10Query sd:SPARQL11Query sd:SPARQL11Update ) ] ;
   sh:property [ sh:path sd:resultFormat ; sh:minCount 1 ; sh:nodeKind sh:IRI ] ;
   sh:property [ sh:path sd:feature ; sh:nodeKind sh:IRI ] ;
   sh:property [ sh:path sd:defaultDataset ; sh:class sd:Dataset ] .
[] a sh:NodeShape ; sh:targetClass sd:Dataset ;
   sh:property [ sh:path sd:defaultGraph ; sh:maxCount 1 ; sh:class sd:Graph ] ;
   sh:property [ sh:path sd:namedGraph ; sh:class sd:NamedGraph ] .
[] a sh:NodeShape ; sh:targetClass sd:NamedGraph ;
   sh:property [ sh:path sd:name ; sh:minCount 1 ; sh:maxCount 1 ; sh:nodeKind sh:IRI ] .
"""


def test_service_description_conforms_to_schema(scratch_client):
    import pyshacl

    client, store = scratch_client
    store.update("INSERT DATA { GRAPH <http://example.org/g> { <http://example.org/s> <http://example.org/p> 1 } }")
    graph = _description(client)
    assert (None, SD.supportedLanguage, SD.SPARQL11Update) in graph  # a token is configured
    assert (None, SD.name, URIRef("http://example.org/g")) in graph
    conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(data=SD_SHAPE, format="turtle"))
    assert conforms, text
    assert (None, RDF.type, SD.Service) in graph
