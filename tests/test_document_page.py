"""The source text page (issue 14): a document's text with numbered lines from the deployment's folder of source
texts, 'rad 44' links opening it there highlighted; without the folder the page says so and keeps the reference."""

from __future__ import annotations

import html as html_text
import re

import pytest

from conftest import SEEDS, app_client, seed_text
from test_pages import visible


@pytest.fixture(scope="module")
def with_texts(embedded_seed_store):
    if not SEEDS.is_dir():
        pytest.skip(f"the seed documents are not in {SEEDS}")
    with app_client(embedded_seed_store, source_texts=str(SEEDS)) as client:
        yield client


@pytest.fixture(scope="module")
def without_texts(embedded_seed_store):
    with app_client(embedded_seed_store) as client:
        yield client


def test_document_page_shows_the_text_with_numbered_lines_and_the_reference_highlighted(with_texts):
    """Issue 14 (source text): /documents/boras-2015?lines=44 shows seed 002 line by line, line 44 marked."""
    source = seed_text("002_93d1b150904f2eb5.txt").splitlines()
    html = with_texts.get("/documents/boras-2015", params={"lines": "44"}).text
    lines = re.findall(r'<li id="L(\d+)"( class="marked")?><span class="line">(.*?)</span></li>', html, re.S)
    assert [int(n) for n, _, _ in lines] == list(range(1, len(source) + 1))
    assert html_text.unescape(lines[43][2]) == source[43]  # "Samordning av det brottsförebyggande arbetet …"
    assert [int(n) for n, marked, _ in lines if marked] == [44]


def test_source_links_on_the_agreement_page_open_the_document_at_the_line(with_texts):
    """Issue 14 (source text): every 'rad N' link of an agreement page opens the document at line N, not a
    table of properties."""
    html = with_texts.get("/agreements/boras-2015").text
    links = re.findall(r'<a href="(/documents/boras-2015\?lines=([^"#]+)#L(\d+))"[^>]*>rad ([^<]+)</a>', html)
    assert len(links) > 20
    href, lines, first, shown = next(x for x in links if x[3] == "44")
    page = with_texts.get(href.replace("&amp;", "&")).text
    assert 'id="L44" class="marked"' in page
    assert not re.search(r'href="/view[^"]*"[^>]*>rad ', html)


def test_validation_findings_link_to_the_lines_in_the_document(with_texts):
    """Issue 14 (source text): a finding's 'rad 33' opens Mark's document at line 33 (seed 003)."""
    html = with_texts.get("/validation", params={"agreement": "mark-2022-2024"}).text
    assert 'href="/documents/mark-2022-2024?lines=33#L33"' in html


def test_without_the_texts_the_page_says_so_and_keeps_the_reference(without_texts):
    """Issue 14 (source text): where the text is not available, say so and show the reference."""
    response = without_texts.get("/documents/boras-2015", params={"lines": "44"})
    assert response.status_code == 200
    text = visible(response.text)
    assert "Dokumentets text finns inte i den här installationen" in text and "rad 44" in text
    assert 'class="marked"' not in response.text


def test_an_unknown_document_is_a_404_in_swedish(without_texts):
    """Issue 14: a document that is not in the catalogue is a clear 404 in Swedish."""
    response = without_texts.get("/documents/alingsas-2025")
    assert response.status_code == 404
    assert "Det finns inget dokument som heter" in visible(response.text)  # "ett dokument": inget, not ingen


@pytest.mark.parametrize("name", ["../002_93d1b150904f2eb5.txt", "/etc/passwd", ".hidden", "", None])
def test_only_a_plain_file_name_in_the_folder_is_read(name):
    """Issue 14 (source text): the text comes from the configured folder only, whatever the catalogue says."""
    from samverkan.resources import document_text

    assert document_text(SEEDS, name) is None
