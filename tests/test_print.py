"""Issue 14 (print): pages printed to PDF by Debian's chromium on A4 (page.pdf, the print stylesheet) leave out the
navigation, keep every word within the page's margins, and Borås 2015 prints on a sensible number of pages.
The PDF is read back with poppler's pdfinfo and pdftotext -bbox (Debian poppler-utils)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from browser import CHROMIUM, browser  # noqa: F401 - the fixture
from site_server import site  # noqa: F401 - the fixture

SHOTS = Path(__file__).resolve().parent / "screenshots"
#: A4 in PDF points, and the print stylesheet's side margins (@page margin: 12mm 10mm 14mm)
PAGE_WIDTH = 595.28
SIDE_MARGIN = 10 / 25.4 * 72

pytestmark = [
    pytest.mark.browser,
    pytest.mark.server,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed at /usr/bin/chromium"),
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext, pdfinfo) is not installed"),
]


#: the width between the side margins in CSS pixels (96 to the inch), where the print layout must fit
CONTENT_PX = (210 - 2 * 10) / 25.4 * 96
_WIDEST = """() => Math.max(...[...document.body.querySelectorAll('*')]
    .filter(e => e.getClientRects().length && !e.closest('.visually-hidden, .skip'))
    .map(e => e.getBoundingClientRect().right))"""


def _print(browser, url: str, path: Path) -> tuple[Path, float]:  # noqa: F811
    """The page printed to `path` (A4), and how far right its widest element reaches in the print layout at the
    width between the margins (words cut at the margin show in the PDF; whole boxes beyond it only here)."""
    page = browser.new_page(viewport={"width": int(CONTENT_PX), "height": 1000})
    try:
        response = page.goto(url, wait_until="networkidle")
        assert response.status == 200
        page.emulate_media(media="print")
        widest = page.evaluate(_WIDEST)
        page.pdf(path=str(path), format="A4", prefer_css_page_size=True)
    finally:
        page.close()
    return path, widest


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _words(pdf: Path) -> list[tuple[int, float, float, str]]:
    """Every word of the PDF: (page number from 1, left edge, right edge in points, text)."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = []
    for number, page in enumerate(html.split("<page ")[1:], start=1):
        for x_min, x_max, text in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', page):
            words.append((number, float(x_min), float(x_max), text))
    return words


@pytest.mark.parametrize("path", ["/agreements/boras-2015", "/methods/sspf", "/themes/barn-och-unga-i-riskzon"])
def test_printed_pages_keep_every_word_within_the_margins_and_leave_out_the_navigation(site, browser, tmp_path, path):  # noqa: F811
    pdf, widest = _print(browser, site + path, tmp_path / "page.pdf")
    assert widest <= int(CONTENT_PX) + 1, f"{path}: a box reaches {widest:.0f}px, beyond the {CONTENT_PX:.0f}px of A4"
    words = _words(pdf)
    assert words, "the PDF holds no text"
    outside = [w for w in words if w[1] < SIDE_MARGIN - 1 or w[2] > PAGE_WIDTH - SIDE_MARGIN + 1]
    assert outside == [], f"{path}: words beyond the side margins (page, left, right, word): {outside[:10]}"
    text = " ".join(w[3] for w in words)
    for chrome in ("In English", "Hoppa till innehållet", "Validering Nätverk Frågor"):  # the header and its navigation
        assert chrome not in text, f"{path}: {chrome!r} printed"


def test_boras_2015_prints_on_a_sensible_number_of_a4_pages(site, browser, tmp_path):  # noqa: F811
    pdf, _ = _print(browser, site + "/agreements/boras-2015", tmp_path / "boras-2015.pdf")
    if shutil.which("pdftoppm"):  # to look at: tests/screenshots/print-boras-2015-<page>.png
        SHOTS.mkdir(exist_ok=True)
        for old in SHOTS.glob("print-boras-2015-*.png"):
            old.unlink()
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(SHOTS / "print-boras-2015")], check=True)
    words = _words(pdf)
    first_page = lambda word: min(p for p, _, _, t in words if t == word)  # noqa: E731
    plan_from, plan_to = first_page("Åtagandeplan"), first_page("Underskrifter")
    # The plan holds 15 initiatives and 38 commitments in 4 areas (graph/agreements/boras-2015.ttl); at 8 pt in six
    # columns that is about 10 rows a page, so 4 pages (the screen layout printed took 8 pages for it, 13 in all).
    assert plan_to - plan_from + 1 <= 4, f"the commitment plan runs over pages {plan_from}–{plan_to}"
    # Before it: the facts, the validation summary and the follow-up per year (2016–2025) on 1–2 pages; after it
    # the forums and the signatures on 1. So at most 7 pages, and at least 4 (a layout that drops text prints fewer).
    assert 4 <= _pages(pdf) <= 7
