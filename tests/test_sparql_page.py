"""Issue 14 (standard doors that work offline): the SPARQL page inside the site (YASGUI from npm over our own
/sparql, a plain form and a results table without JavaScript) and /docs with Swagger UI served by us. In Debian's
chromium: no request leaves 127.0.0.1, the page fits a phone, YASGUI speaks Swedish, axe-core finds no A/AA
violation, and the keyboard alone reaches the run button and runs a query."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from browser import CHROMIUM, browser  # noqa: F401 - the fixture
from conftest import app_client
from site_server import site  # noqa: F401 - the fixture
from test_browser_words_a11y import SHOTS, axe_violations

from api.routers.sparql_page import DEFAULT_QUERY

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}


def in_chromium(test):
    """Marks a test that drives Debian's chromium against the running site."""
    for mark in (pytest.mark.browser, pytest.mark.server,
                 pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium")):
        test = mark(test)
    return test


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    return app_client(embedded_seed_store)


@pytest.fixture(scope="module")
def default_rows(embedded_seed_store) -> int:
    """How many rows the page's default query has in the seed graph, asked of the store itself."""
    return len(embedded_seed_store.select(DEFAULT_QUERY).rows)


# --- without a browser ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang, heading, run", [("sv", "SPARQL-frågor", "Kör"), ("en", "SPARQL queries", "Run")])
def test_a_browser_asking_sparql_gets_the_page_in_the_site(client, lang, heading, run):
    response = client.get("/sparql" + ("?lang=en" if lang == "en" else ""), headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = response.text
    assert f'<html lang="{lang}">' in page and 'class="site"' in page  # the site's header and navigation
    assert f"<h1>{heading}</h1>" in page and f'<button type="submit">{run}</button>' in page
    assert 'action="/sparql/results"' in page  # the form without JavaScript
    assert "/static/vendor/@zazuko/yasgui/build/yasgui.min.js" in page
    assert "Vem samordnar vad?" in page if lang == "sv" else "Who coordinates what?" in page  # the examples


def test_rdf_clients_still_get_the_service_description(client):
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    assert "sparql-service-description#" in response.text


def test_the_plain_form_answers_a_table_with_labels_linked_to_pages(client):
    query = ("PREFIX sam: <https://w3id.org/samverkan/ontology#> SELECT ?forum WHERE { "
             "<https://w3id.org/samverkan/id/org/marks-kommun> sam:coordinates ?forum } ORDER BY ?forum")
    response = client.get("/sparql/results", params={"query": query})
    assert response.status_code == 200
    page = response.text
    assert "<th scope=\"col\">forum</th>" in page and "Resultat" in page
    # Marks kommun coordinates EST, SSPF and the safety walks (graph/agreements/mark-2022-2024.ttl, lines 73-109)
    assert '<a href="/forums/mark/sspf">SSPF (Mark)</a>' in page
    assert sorted(re.findall(r'href="/forums/(mark/[^"]+)"', page)) == ["mark/est", "mark/sspf", "mark/trygghetsvandringar"]
    assert query.replace('"', "&#34;").replace("<", "&lt;").replace(">", "&gt;") in page  # the query stays in the form


def test_a_malformed_query_is_said_in_the_page(client):
    response = client.get("/sparql/results", params={"query": "SELEC ?x WHERE { ?x ?p ?o }", "lang": "en"})
    assert response.status_code == 400
    assert "The query could not be run" in response.text and "malformed SPARQL" in response.text
    assert '<html lang="en">' in response.text


def test_docs_load_swagger_ui_from_our_own_static_files(client):
    page = client.get("/docs").text
    assert "/static/vendor/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "https://" not in page
    assert client.get("/redoc").status_code == 404  # off rather than loaded from a CDN


# --- in chromium -----------------------------------------------------------------------------------------------

def _open(browser, url: str, width: str = "laptop", javascript: bool = True):  # noqa: F811
    w, h = WIDTHS[width]
    context = browser.new_context(viewport={"width": w, "height": h}, java_script_enabled=javascript)
    page = context.new_page()
    seen = {"requests": [], "errors": []}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, f"{url}: {response.status}"
    return context, page, seen


def _outside(requests: list[str]) -> list[str]:
    return [u for u in requests if not u.startswith("data:") and urlsplit(u).hostname != "127.0.0.1"]


@in_chromium
@pytest.mark.parametrize("width", list(WIDTHS))
def test_yasgui_runs_on_our_endpoint_offline_fits_and_passes_axe(site, browser, width, default_rows):  # noqa: F811
    context, page, seen = _open(browser, site + "/sparql", width)
    try:
        assert page.locator("#sparql-form").is_hidden()  # YASGUI took the plain form's place
        run = page.locator(".yasqe_queryButton")
        assert run.get_attribute("aria-label") == "Kör frågan"
        run.click()
        rows = page.locator(".yasr table.dataTable tbody tr")
        rows.first.wait_for()
        assert default_rows > 10 and rows.count() == default_rows
        assert page.locator(".yasr_response_chip").inner_text().startswith(f"{default_rows} rader på ")
        assert page.locator(".tableFilter").get_attribute("placeholder") == "Filtrera resultatet"
        page.wait_for_load_state("networkidle")
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"i14-sparql-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        assert axe_violations(page) == []
        assert _outside(seen["requests"]) == []
        assert seen["errors"] == []
    finally:
        context.close()


@in_chromium
def test_an_example_from_the_pick_list_runs(site, browser):  # noqa: F811
    context, page, seen = _open(browser, site + "/sparql?lang=en")
    try:
        page.select_option("#sparql-example", label="Which working methods are used where?")
        assert "sam:usesMethod" in page.evaluate("window.samverkanYasgui.getTab().getYasqe().getValue()")
        page.locator(".yasqe_queryButton").click()
        page.locator(".yasr table.dataTable tbody tr").first.wait_for()
        assert page.locator(".yasr table.dataTable thead").inner_text().split()[:2] == ["method", "thing"]
        assert page.locator(".yasr_response_chip").inner_text().endswith("seconds")
        assert _outside(seen["requests"]) == [] and seen["errors"] == []
    finally:
        context.close()


@in_chromium
def test_keyboard_alone_reaches_the_run_button_and_runs_the_query(site, browser, default_rows):  # noqa: F811
    context, page, _ = _open(browser, site + "/sparql")
    try:
        for _ in range(40):  # Tab passes through the editor (no keyboard trap) to the run button
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.classList.contains('yasqe_queryButton')"):
                break
        else:
            pytest.fail("the run button never got the keyboard focus")
        page.keyboard.press("Enter")
        page.locator(".yasr table.dataTable tbody tr").first.wait_for()
        assert page.locator(".yasr table.dataTable tbody tr").count() == default_rows
    finally:
        context.close()


@in_chromium
def test_without_javascript_the_form_answers_a_table_in_the_site(site, browser, default_rows):  # noqa: F811
    context, page, seen = _open(browser, site + "/sparql", javascript=False)
    try:
        assert page.locator("#sparql-form").is_visible()
        page.locator("#sparql-form button").click()
        page.wait_for_url("**/sparql/results?query=*")
        assert page.locator("header.site nav").is_visible()
        assert page.locator("main table.results tbody tr").count() == default_rows
        assert page.locator("main table.results thead").inner_text().split() == ["organisation", "forum"]
        assert _outside(seen["requests"]) == []
        answer = page.url
    finally:
        context.close()
    for width in WIDTHS:  # axe-core needs scripts: the same answer page with them, at both widths
        context, page, _ = _open(browser, answer, width)
        try:
            SHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SHOTS / f"i14-sparql-results-{width}.png"), full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
            assert axe_violations(page) == []
        finally:
            context.close()


@in_chromium
def test_docs_render_the_operations_offline(site, browser):  # noqa: F811
    context, page, seen = _open(browser, site + "/docs")
    try:
        page.locator(".opblock").first.wait_for()
        paths = page.locator(".opblock-summary-path").all_inner_texts()
        assert "/api/agreements" in [p.replace("\u200b", "") for p in paths]
        assert _outside(seen["requests"]) == []
        assert seen["errors"] == []
    finally:
        context.close()

