"""The network page in Debian's chromium at 1366×900 and 390×844 (issue 14, "the network"): names readable at the
default zoom without covering each other, the legend, the form used with the keyboard, the downloads, axe-core
without A/AA violations, no sideways overflow, and a phone layout with the controls and legend beside the picture,
not hidden. Screenshots go to tests/screenshots/ (git-ignored) to be looked at."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from browser import CHROMIUM, browser  # noqa: F401 - the fixture
from oxigraph_server import free_port
from processes import running
from samverkan.build import build
from samverkan.store import EmbeddedStore
from test_browser_words_a11y import CHROME, LEAKS, RDF_TEXT, WIDTHS, axe_violations

REPO = Path(__file__).resolve().parent.parent
SHOTS = Path(__file__).resolve().parent / "screenshots"
CYTOSCAPE = REPO / "api" / "static" / "vendor" / "cytoscape" / "dist" / "cytoscape.min.js"
BORAS = "/network?municipality=org/boras-stad"
MARK = "/network?agreement=agreement/mark-2022-2024"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(not CYTOSCAPE.is_file(), reason=f"Cytoscape.js is not at {CYTOSCAPE} (`make test` copies it "
                                                       "from node_modules after `npm ci`)"),
]

#: the named labels as drawn: their boxes on screen, the font size, and every node's box
LABELS = """() => {
  const cy = window.samverkanNetwork.cy;
  const box = b => ({x1: b.x1, x2: b.x2, y1: b.y1, y2: b.y2});
  const named = cy.nodes('.named').filter(n => n.renderedStyle('label') !== '');
  return {
    zoom: cy.zoom(), nodes: cy.nodes().length,
    view: {x1: 0, y1: 0, x2: cy.width(), y2: cy.height()},
    named: named.map(n => ({id: n.id(), label: n.data('label'), rank: n.data('rank'),
                            font: parseFloat(n.renderedStyle('font-size')),
                            box: box(n.renderedBoundingBox({includeNodes: false, includeEdges: false, includeLabels: true}))})),
    bodies: cy.nodes().map(n => ({id: n.id(), box: box(n.renderedBoundingBox({includeLabels: false}))})),
    types: [...new Set(cy.nodes().map(n => n.data('type_label')))],
    relations: [...new Set(cy.edges().map(e => e.data('relation_label')))],
  };
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """uvicorn over a store built from graph/."""
    store_dir = tmp_path_factory.mktemp("network-page") / "store"
    store = EmbeddedStore(store_dir)
    build(store)
    store.close()
    port = free_port()
    env = {**os.environ, "SAMVERKAN_STORE": str(store_dir)}
    env.pop("SAMVERKAN_WRITE_TOKEN", None)
    log = tmp_path_factory.mktemp("network-page-log") / "uvicorn.log"
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    with running(command, f"http://127.0.0.1:{port}/static/style.css", log, env=env, cwd=REPO):
        yield f"http://127.0.0.1:{port}"


def _open(browser, url: str, width: str, **options):
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h}, **options)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("#cy[data-ready=true]", state="attached", timeout=20_000)
    return page, errors


def _overlap(a: dict, b: dict) -> bool:
    return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("path", [BORAS, MARK], ids=["municipality", "agreement"])
def test_names_are_readable_at_the_default_zoom_and_do_not_overlap(server, browser, path, width):
    """The best connected nodes are named at the zoom the page opens with: the names are at least 11 px, lie in
    the picture, and no name covers another; the two best ranked are always among them."""
    page, errors = _open(browser, server + path, width)
    try:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"network-page-{path.split('=')[-1].replace('/', '-')}-{width}.png"),
                        full_page=True)
        drawn = page.evaluate(LABELS)
        named = drawn["named"]
        assert len(named) >= min(4, drawn["nodes"]), [n["label"] for n in named]
        assert {n["rank"] for n in named} >= {1, 2}
        for n in named:
            assert n["font"] >= 11, n
            b, v = n["box"], drawn["view"]
            assert v["x1"] - 1 <= b["x1"] and b["x2"] <= v["x2"] + 1 and v["y1"] - 1 <= b["y1"] and b["y2"] <= v["y2"] + 1, n
        for i, a in enumerate(named):
            for b in named[i + 1:]:
                assert not _overlap(a["box"], b["box"]), (a["label"], b["label"])
        assert errors == []
    finally:
        page.close()


@pytest.mark.parametrize("width, lang", [("laptop", "sv"), ("phone", "sv"), ("laptop", "en")])
def test_page_fits_speaks_one_language_passes_axe_and_keeps_legend_and_form_in_view(server, browser, width, lang):
    """At laptop and phone width: no sideways overflow, no word of the other language in the labels, no IRI as
    text, zero axe A/AA violations; the form, the legend and the table are shown (on a phone above and below
    the picture)."""
    page, errors = _open(browser, server + BORAS + ("&lang=en" if lang == "en" else ""), width)
    try:
        assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 1
        assert page.evaluate("document.documentElement.lang") == lang
        chrome = page.evaluate(f"[...document.querySelectorAll({CHROME!r})].map(e => e.innerText).join(' | ')")
        leak = LEAKS[lang].search(chrome.replace("In English", "").replace("På svenska", ""))
        assert not leak, leak.group(0)
        assert not RDF_TEXT.search(page.evaluate("document.querySelector('main').innerText"))
        boxes = page.evaluate("""() => Object.fromEntries(['form.network-filters', '#cy', '.net-legend', 'table.metrics']
            .map(s => { const r = document.querySelector(s).getBoundingClientRect();
                        return [s, {top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width}]; }))""")
        for selector, b in boxes.items():
            assert b["width"] > 200, (selector, b)
        drawn = page.evaluate(LABELS)
        legend = page.inner_text(".net-legend")
        assert all(t in legend for t in drawn["types"]) and all(r in legend for r in drawn["relations"])
        if width == "phone":
            assert boxes["form.network-filters"]["bottom"] <= boxes["#cy"]["top"]
            assert boxes[".net-legend"]["top"] >= boxes["#cy"]["bottom"]
        else:
            assert boxes[".net-legend"]["left"] >= boxes["#cy"]["right"]  # beside the picture
        assert page.get_attribute("#cy", "aria-label").startswith("Nätverksbild: " if lang == "sv" else "Network picture: ")
        violations = axe_violations(page)
        assert violations == [], "\n".join(violations)
        assert errors == []
    finally:
        page.close()


def test_hover_or_focus_names_a_node_that_is_not_named(server, browser):
    """A node without a name at the default zoom gets it when its row's link in the table has the focus."""
    page, errors = _open(browser, server + BORAS, "laptop")
    try:
        unnamed = page.evaluate("window.samverkanNetwork.cy.nodes().not('.named').map(n => n.id())")
        assert unnamed
        link = page.locator(f'a[data-node="{unnamed[0]}"]')
        link.focus()
        shown = page.evaluate("id => window.samverkanNetwork.cy.getElementById(id).renderedStyle('label')", unnamed[0])
        assert shown and shown == page.evaluate("id => window.samverkanNetwork.cy.getElementById(id).data('label')",
                                                unnamed[0])
        assert errors == []
    finally:
        page.close()


def _tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never got the keyboard focus in {limit} presses of Tab")


def test_keyboard_alone_chooses_a_municipality_and_a_kind_of_link(server, browser):
    """With the keyboard only: pick Marks kommun, tick "samordnar", send the form; the picture then holds the
    municipality's coordination links only (seed 003 line 15: Kommunledningskontoret samordnar the council)."""
    page, errors = _open(browser, server + "/network", "laptop")
    try:
        _tab_to(page, "#f-municipality")
        options = page.evaluate("[...document.querySelectorAll('#f-municipality option')].map(o => o.text)")
        for _ in range(options.index("Marks kommun")):
            page.keyboard.press("ArrowDown")
        _tab_to(page, "input[name=relation][value=coordinates]")
        page.keyboard.press("Space")
        _tab_to(page, "form.network-filters button")
        page.keyboard.press("Enter")
        page.wait_for_url("**municipality=org%2Fmarks-kommun*relation=coordinates*")
        page.wait_for_selector("#cy[data-ready=true]", state="attached", timeout=20_000)
        drawn = page.evaluate(LABELS)
        assert drawn["relations"] == ["samordnar"]
        page.click("details.net-ties summary")
        ties = page.inner_text("details.net-ties")
        assert "Kommunledningskontoret (Marks kommun) samordnar Trygghets- och säkerhetsrådet" in ties
        assert errors == []
    finally:
        page.close()


#: what each download starts with
STARTS = {"png": b"\x89PNG", "svg": b"<", "graphml": b"<?xml", "gexf": b"<?xml", "cyjs": b"{"}


def test_each_export_button_gives_a_file(server, browser):
    """PNG and SVG drawn in the browser from the picture on screen; GraphML, GEXF and Cytoscape JSON from the server."""
    page, errors = _open(browser, server + MARK, "laptop", accept_downloads=True)
    try:
        for fmt, start in STARTS.items():
            with page.expect_download() as caught:
                page.click(f"a[data-export={fmt}]")
            download = caught.value
            assert download.suggested_filename == f"natverk-mark-2022-2024.{fmt}"
            body = Path(download.path()).read_bytes()
            assert body.startswith(start) and len(body) > 500, fmt
            if fmt == "svg":
                assert b"Marks kommun" in body  # a name drawn at the default zoom is in the picture
        assert errors == []
    finally:
        page.close()


def test_print_keeps_the_picture_and_table_and_drops_the_controls(server, browser):
    page, _ = _open(browser, server + MARK, "laptop")
    try:
        page.emulate_media(media="print")
        shown = page.evaluate("""['form.network-filters', '.net-downloads', '.net-zoom', '#cy', 'table.metrics']
            .map(s => getComputedStyle(document.querySelector(s)).display)""")
        assert shown[:3] == ["none"] * 3 and "none" not in shown[3:]
    finally:
        page.close()
