"""/id/… dereferencing: the graph's IRIs answer with RDF by Accept, and send browsers to the web page."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef

from conftest import app_client
from api.routers.ids import page_url
from samverkan.store import EmbeddedStore

ID = "https://w3id.org/samverkan/id/"
SAM = "https://w3id.org/samverkan/ontology#"


@pytest.fixture(scope="module")
def client(seed_store):
    with app_client(seed_store, follow_redirects=False) as test_client:
        yield test_client


@pytest.mark.parametrize("accept, media, rdflib_format", [
    (None, "text/turtle", "turtle"),
    ("text/turtle", "text/turtle", "turtle"),
    ("application/ld+json", "application/ld+json", "json-ld"),
    ("application/n-triples", "application/n-triples", "nt"),
    ("application/rdf+xml", "application/rdf+xml", "xml"),
    ("application/ld+json;q=0.9, text/turtle;q=0.5", "application/ld+json", "json-ld"),
])
def test_iri_dereferences_to_rdf(client, accept, media, rdflib_format):
    response = client.get("/id/org/polisen/lpo-boras", headers={"Accept": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    graph = Graph().parse(data=response.content, format=rdflib_format)
    lpo = URIRef(ID + "org/polisen/lpo-boras")
    # what it says about itself, and what points at it: it is a party to the Borås 2015 agreement
    assert (lpo, None, None) in graph
    assert (URIRef(ID + "agreement/boras-2015"), URIRef(SAM + "party"), lpo) in graph


@pytest.mark.parametrize("path, iri", [
    ("/id/org/no-such-organisation", ID + "org/no-such-organisation"),
    ("/id/foo%20bar", ID + "foo bar"),        # not an IRI at all (a space): still 404, not a server error
    ("/id/org/%3Cboras%3E", ID + "org/<boras>"),
])
def test_unknown_iri_is_404(client, path, iri):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json()["detail"]["value"] == iri
    assert iri in response.json()["detail"]["message"]


@pytest.mark.parametrize("iri, url", [
    (ID + "agreement/boras-2015", "/agreements/boras-2015"),
    (ID + "org/boras-stad/tekniska-forvaltningen", "/organisations/boras-stad/tekniska-forvaltningen"),
    (ID + "forum/boras/brottsforebyggande-radet", "/forums/boras/brottsforebyggande-radet"),
    (ID + "agreement/boras-2015/commitment/trafik-kommun",
     "/view?iri=https%3A%2F%2Fw3id.org%2Fsamverkan%2Fid%2Fagreement%2Fboras-2015%2Fcommitment%2Ftrafik-kommun"),
])
def test_page_url(iri, url):
    assert page_url(iri) == url


def test_browsers_are_redirected_to_the_page(client):
    response = client.get("/id/agreement/boras-2015", headers={"Accept": "text/html,*/*;q=0.8"})
    assert response.status_code == 303
    assert response.headers["location"] == "/agreements/boras-2015"
