"""What the browser tests share: Debian's chromium, the flags it needs here, and one browser per test module.

A test module imports `browser` (the fixture) and CHROMIUM (for its skip mark) from here."""

from __future__ import annotations

from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
#: root in a container needs --no-sandbox; the others keep chromium from reaching for the network
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    """A headless chromium for the module, closed after it."""
    playwright = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()
