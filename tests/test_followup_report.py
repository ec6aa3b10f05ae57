"""Issue 13: `samverkan report AGREEMENT --year Y -o rapport.pdf|.html`, the council's yearly report.

Run on the seed graph (which records no follow-up) and with the invented example follow-up of Borås 2015
(tests/fixtures_followup/boras-2015/2016.ttl, marked as invented)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "fixtures_followup" / "boras-2015" / "2016.ttl"
HEADINGS = ["Uppföljning 2016", "Sammanfattning", "Läget 2016 per åtagande", "Vad har ändrats sedan 2015",
            "Fullständighet och kontroller", "Indikatorer", "Vad överenskommelsen lovar", "Samverkansnätverket"]


@pytest.fixture(scope="module")
def store_with_example(tmp_path_factory, built_store_dir):
    from typer.testing import CliRunner

    from samverkan.cli import app

    path = tmp_path_factory.mktemp("report") / "store"
    shutil.copytree(built_store_dir, path)
    result = CliRunner().invoke(app, ["build", "--store", str(path), str(EXAMPLE)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return path


def text_of(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.DOTALL)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pdf_report_has_the_headings_a_status_row_and_page_numbers(cli, store_with_example, tmp_path):
    """Issue 13: the PDF (A4, WeasyPrint) opened with pypdf shows every section and the example's status rows."""
    out = tmp_path / "rapport.pdf"
    result = cli("report", "boras-2015", "--year", "2016", "--store", store_with_example, "-o", out)
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for heading in HEADINGS:
        assert heading in text, heading
    # the example's first two entries (seed 002 line 44): genomförd with a date, pågår with a comment and a value
    assert "Delta och vidarebefordra relevant information" in text and "Genomförd 2016-11-30" in text
    assert "Samordna och medverka i BRÅ." in text and "Påhittad kommentar: arbetet fortsätter." in text
    assert "Ulf Olsson" in text and "Tomas Jansson" in text  # the signatories (seed 002 lines 31-37)
    assert f"Sida 1 / {len(reader.pages)}" in text
    page = reader.pages[0].mediabox
    assert (round(float(page.width) * 25.4 / 72), round(float(page.height) * 25.4 / 72)) == (210, 297)  # A4


def test_html_report_on_the_real_graph_says_nothing_was_recorded(cli, built_store_dir, tmp_path):
    """Issue 13: graph/ holds no follow-up results: the report says so, with the source of every section."""
    out = tmp_path / "rapport.html"
    result = cli("report", "boras-2015", "--year", "2016", "--store", built_store_dir, "-o", out)
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    text = text_of(html)
    assert "Ingen uppföljning registrerad för 2016." in text
    assert "Ej uppföljd: 38 av 38 åtaganden" in text
    assert "Ingen uppföljning registrerad för 2017, ett år som har gått" in text  # the validation finding, in words
    assert text.count("Källa:") >= 38  # every commitment, and each section, names its source
    assert "<nav" not in html and "<script" not in html


def test_english_report_and_bad_output_name(cli, built_store_dir, tmp_path):
    """Issue 13: --lang en gives the English report; an unknown file type is refused with exit 2."""
    out = tmp_path / "report.html"
    assert cli("--lang", "en", "report", "boras-2015", "--year", "2016", "--store", built_store_dir, "-o", out).exit_code == 0
    assert "Status 2016 per commitment" in text_of(out.read_text(encoding="utf-8"))
    bad = cli("report", "boras-2015", "--year", "2016", "--store", built_store_dir, "-o", tmp_path / "r.docx")
    assert bad.exit_code == 2 and "r.docx" in bad.output and not (tmp_path / "r.docx").exists()


def test_report_shows_indicator_values_and_what_changed(tmp_path):
    """Issue 13: Boden's goals have indicators (seed 004); an invented 2010 value and a 2011 status change
    appear in the 2011 report."""
    from test_followup_queries import BODEN_2010

    from samverkan.build import build
    from samverkan.report import render_html, report_data
    from samverkan.store import EmbeddedStore

    first = "agreement/boden-2010-2011/commitment/gemensam-krogtillsyn"
    folder = tmp_path / "follow-ups" / "boden-2010-2011"
    folder.mkdir(parents=True)
    (folder / "2010.ttl").write_text(BODEN_2010 + f"""
<agreement/boden-2010-2011/follow-up/2010/gemensam-krogtillsyn> a sam:StatusRecord ; sam:aboutCommitment <{first}> ;
    sam:status <follow-up-status/pagar> ; prov:wasGeneratedBy <agreement/boden-2010-2011/follow-up/2010> .
""", encoding="utf-8")
    (folder / "2011.ttl").write_text(BODEN_2010.replace("follow-up/2010", "follow-up/2011").replace('"2010"^^', '"2011"^^').replace("1234", "1100") + f"""
<agreement/boden-2010-2011/follow-up/2011/gemensam-krogtillsyn> a sam:StatusRecord ; sam:aboutCommitment <{first}> ;
    sam:status <follow-up-status/genomford> ; sam:statusDate "2011-10-01"^^xsd:date ;
    prov:wasGeneratedBy <agreement/boden-2010-2011/follow-up/2011> .
""", encoding="utf-8")
    store = EmbeddedStore(None)
    build(store)
    build(store, [folder])
    text = text_of(render_html(report_data(store, "https://w3id.org/samverkan/id/agreement/boden-2010-2011", 2011,
                                           network=False)))
    assert "Polisanmälda brott 2010: 1234; 2011: 1100" in text
    changed = text[text.index("Vad har ändrats sedan 2010"):text.index("Fullständighet och kontroller")]
    assert "Pågår Genomförd" in changed and "Ej uppföljd" not in changed  # the other six: unchanged, none either year
