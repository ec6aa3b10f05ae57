"""The interactive network page in headless chromium: it draws the nodes, searches, filters, without errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from samverkan.network import build_network, render_html

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
ID = "https://w3id.org/samverkan/id/"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium (.ci/run installs it)"),
]


def test_network_page_draws_searches_and_filters(embedded_seed_store, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    graph = build_network(embedded_seed_store, municipality=ID + "org/boras-stad")
    page_file = tmp_path / "network.html"
    page_file.write_text(render_html(graph), encoding="utf-8")

    errors, remote = [], []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.on("request", lambda r: remote.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
            page.goto(page_file.as_uri())
            page.wait_for_function("window.samverkan !== undefined")
            drawn = page.evaluate("window.samverkan.network.body.nodeIndices.length")
            assert drawn == graph.number_of_nodes()

            page.fill("#search", "Fritids- och folkhälsonämnden")
            page.click("#search-form button")
            relations = page.inner_text("#relations")
            # seed 001: the committee coordinates Brottsförebyggande rådet
            assert "samordnar Brottsförebyggande rådet (Borås)" in relations
            page.wait_for_timeout(500)
            SCREENSHOTS.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / "network-boras.png"))

            page.uncheck("#types input[value='committee']")
            assert page.evaluate("window.samverkan.network.body.nodeIndices.length") < drawn
            page.check("#types input[value='committee']")
            page.select_option("#agreement", ID + "agreement/boras-2015")
            assert 0 < page.evaluate("window.samverkan.network.body.nodeIndices.length") < drawn
        finally:
            browser.close()
    assert not errors
    assert not remote
