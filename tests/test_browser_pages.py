"""The web pages in a real browser (Debian's chromium driven by playwright): the real app served by uvicorn on a
free loopback port over the built seed graph. Expectations come from the seed documents; screenshots of every
page at laptop and phone width go to tests/screenshots/ (git-ignored)."""

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

REPO = Path(__file__).resolve().parent.parent
SHOTS = Path(__file__).resolve().parent / "screenshots"
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium "
                                                     "(apt-get install -y chromium)"),
]



@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """`uvicorn api.app:create_app --factory` over an on-disk store built from graph/; stopped afterwards."""
    store_dir = tmp_path_factory.mktemp("browser") / "store"
    store = EmbeddedStore(store_dir)
    build(store)
    store.close()
    port = free_port()
    env = {**os.environ, "SAMVERKAN_STORE": str(store_dir)}
    env.pop("SAMVERKAN_WRITE_TOKEN", None)
    log = tmp_path_factory.mktemp("browser-log") / "uvicorn.log"
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--log-level", "warning"]
    with running(command, base + "/static/style.css", log, env=env, cwd=REPO):
        yield base


def _open(browser, url: str, width: str):
    """A page at the given width with its console errors collected."""
    w, h = WIDTHS[width]
    page = browser.new_page(viewport={"width": w, "height": h})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url, wait_until="networkidle")
    return page, errors


# page name, path, text a reader must see (from the seed documents)
PAGES = [
    ("home", "/", ["Marks kommun", "Borås Stad", "Lokalpolisområde Borås"]),
    ("agreement-mark", "/agreements/mark-2022-2024", [
        "Samordna arbetet med SSPF (skola, socialtjänst, polis, fritid)",  # seed 003 line 33
        "Delta i arbetet med SSPF (skola, socialtjänst, polis, fritid)",  # line 40
        "saknas"]),
    ("agreement-boras-2015", "/agreements/boras-2015", ["Borås Rent och Snyggt", "Tomas Jansson"]),  # seed 002
    ("organisation", "/organisations/boras-stad/fritids-och-folkhalsonamnden",
     ["Fritids- och folkhälsonämnden", "Brottsförebyggande rådet"]),  # seed 001 line 29
    ("organisation-boras-stad", "/organisations/boras-stad", ["Borås Stad", "Fritids- och folkhälsonämnden"]),
    ("forum", "/forums/boras/brottsforebyggande-radet",
     ["fyra halvdagar per år", "Fritids- och folkhälsonämnden"]),  # seed 001 line 29
    ("search", "/search?q=SSPF", ["SSPF (Mark)"]),
    ("validation", "/validation?agreement=mark-2022-2024", ["Samverkansöverenskommelse Marks kommun"]),
    ("queries", "/queries?name=who-coordinates-what", ["Fritids- och folkhälsonämnden"]),
    ("english", "/agreements/mark-2022-2024?lang=en", ["Commitment plan", "missing"]),
]


@pytest.mark.parametrize("width", list(WIDTHS))
@pytest.mark.parametrize("name, path, texts", PAGES, ids=[p[0] for p in PAGES])
def test_page_in_the_browser(server, browser, name, path, texts, width):
    page, errors = _open(browser, server + path, width)
    try:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
        for text in texts:
            matches = page.get_by_text(text, exact=False).all()
            assert any(m.is_visible() for m in matches), f"{text!r} not visible on {path}"
        # nothing sticks out sideways: the page fits the window (a phone needs no sideways scrolling)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a {width} window"
        assert errors == []
    finally:
        page.close()
