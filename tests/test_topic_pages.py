"""Issue 14 (every thing has its list and its page): a national theme's page lists the agreements that take it up
(municipality, period, status, focus areas, how much comes under it); a working method's page lists the forums and
the agreements' initiatives and commitments using it, with who coordinates. Reached from /themes, /methods and /id/.
Expected values are read from graph/ (file and lines named at each)."""

from __future__ import annotations

import re

import pytest

from conftest import app_client

RDF_TEXT = re.compile(r"https?://|\b(?:sam|rdfs|skos|prov|dcterms|owl|xsd):\w|\.ttl\b")


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    return app_client(embedded_seed_store, follow_redirects=False)


def _main(page: str) -> str:
    return page.split('<main id="main">', 1)[1].split("</main>", 1)[0]


def _rows(page: str) -> list[str]:
    """Each body row of the page's tables as its text."""
    body = _main(page)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", r)).strip() for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def test_a_theme_lists_the_agreements_that_take_it_up(client):
    page = client.get("/themes/barn-och-unga-i-riskzon").text
    rows = [r for r in _rows(page) if not r.startswith("Överenskommelse Status")]
    # the theme is on a focus area of Boden 2010–2011 (boden-2010-2011.ttl:85), Borås 2021–2023 (:87) and
    # Mark 2022–2024 (mark-2022-2024.ttl:127), and on the SSPF initiative of Borås 2015 (boras-2015.ttl:175)
    assert len(rows) == 4
    boras = next(r for r in rows if "Borås 2015" in r)
    # the initiative sits in area 1 (struktur) and two commitments belong to it (boras-2015.ttl:320-345)
    assert "tills vidare" in boras and "Borås Stad" in boras and "Lokalpolisområde Borås" in boras
    assert boras.endswith("1 2")
    mark = next(r for r in rows if "Marks kommun och" in r)
    assert "har upphört" in mark and "2022–2024" in mark  # the period ended in 2024
    assert mark.endswith("0 8")  # eight commitments in the area "unga" (mark-2022-2024.ttl)
    assert '<a href="/agreements/mark-2022-2024#area-unga">' in page  # the area opens in its agreement's plan
    assert not RDF_TEXT.search(re.sub(r"<[^>]+>", " ", _main(page)))


def test_a_method_lists_its_forums_and_who_coordinates(client):
    page = client.get("/methods/sspf").text
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", _main(page)))
    assert "Forum som arbetar med metoden" in text
    rows = _rows(page)
    # SSPF (Mark) is coordinated by Marks kommun, lokalpolisområde Borås takes part (mark-2022-2024.ttl:78-88)
    assert any(r.startswith("SSPF (Mark) Samverkansgrupp Marks kommun Marks kommun Lokalpolisområde Borås") for r in rows)
    # the Borås description's group for children at risk works with SIP, SSPF and Västbus (boras-saker-och-trygg-kommun.ttl:210)
    assert any(r.startswith("Barn och unga i riskzon (Borås)") for r in rows)
    # in Mark's agreement the municipality commits to coordinate SSPF, the police to take part (mark-2022-2024.ttl:408-409)
    assert any(r.startswith("Samordna arbetet med SSPF") and "Åtagande av: Marks kommun" in r for r in rows)
    assert any(r.startswith("Delta i arbetet med SSPF") and "Åtagande av: Lokalpolisområde Borås" in r for r in rows)
    assert "Status: har upphört" in text
    assert not RDF_TEXT.search(text)


def test_a_method_page_reads_in_english(client):
    page = client.get("/methods/grannsamverkan?lang=en").text
    assert '<html lang="en">' in page and "<h1>Neighbourhood watch</h1>" in page
    assert "Forums working with the method" in page and "In the agreements" in page
    assert "Samordnare" not in page and "Åtagande av" not in page


@pytest.mark.parametrize("path, kind", [("/themes/finns-inte", "tema"), ("/methods/finns-inte", "arbetsmetod")])
def test_an_unknown_theme_or_method_is_a_page_saying_so(client, path, kind):
    response = client.get(path)
    assert response.status_code == 404 and response.headers["content-type"].startswith("text/html")
    assert kind in response.text and "finns-inte" in response.text


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_lists_and_the_identifiers_lead_to_the_pages(client, lang):
    suffix = "?lang=en" if lang == "en" else ""
    themes = client.get("/themes" + suffix).text
    assert f'href="/themes/trafik{suffix}"' in themes
    methods = client.get("/methods" + suffix).text
    assert f'href="/methods/est{suffix}"' in methods
    for iri_path, page in [("theme/trafik", "/themes/trafik"), ("method/est", "/methods/est")]:
        response = client.get(f"/id/{iri_path}{suffix}", headers={"Accept": "text/html"})
        assert response.status_code == 303 and response.headers["location"] == page + suffix
    view = client.get("/view", params={"iri": "https://w3id.org/samverkan/id/method/sspf"})
    assert view.status_code == 303 and view.headers["location"] == "/methods/sspf"
