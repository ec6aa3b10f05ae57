"""Issue 15 (spreadsheet part) and issue 16 item 8: `samverkan import table` finds the header row wherever it is,
refuses what it cannot read with file:row:column, writes dates as dates, puts "Ansvarig" units on their own
party's commitments, counts in correct Swedish and English, and reads CSV encodings without garbling or dropping."""

from __future__ import annotations

import datetime
from pathlib import Path

import pyoxigraph as ox
import pytest
from openpyxl import Workbook

from samverkan.ingest.table import import_table
from samverkan.namespaces import ID, RDFS, SAM

AGREEMENT = "mark-2022-2024"  # in graph/agreements/: its parties are known


def _labels(ttl: Path, predicate: str) -> list[str]:
    return sorted(t.object.value for t in ox.parse(path=str(ttl), format=ox.RdfFormat.TURTLE, base_iri=ID)
                  if t.predicate.value == predicate)


def _xlsx(tmp_path: Path, rows, merge: str | None = None) -> Path:
    book = Workbook()
    for r in rows:
        book.active.append(r)
    if merge:
        book.active.merge_cells(merge)
    path = tmp_path / "plan.xlsx"
    book.save(path)
    return path


def test_title_row_above_the_header_is_not_a_commitment(tmp_path, cli):
    """Issue 15: a title row ("Åtagandeplan Trygg stad") and a blank row above the header gave three made-up
    commitments ("Område", "Trygg stad", "Trygg stad"); the header is now found below them."""
    src = tmp_path / "plan.csv"
    src.write_text("Åtagandeplan Trygg stad;;\n;;\nOmråde;Kommunens åtagande;Polisens åtagande\n"
                   "Trygg stad;Byta belysning i parken;Patrullera i parken på fredagar\n", encoding="utf-8")
    out = tmp_path / "plan.ttl"
    result = cli("import", "table", src, "--agreement", AGREEMENT, "-o", out)
    assert result.exit_code == 0, result.stderr
    commitments = [x for x in _labels(out, RDFS + "label") if x in ("Område", "Trygg stad", "Byta belysning i parken",
                                                                   "Patrullera i parken på fredagar")]
    assert commitments == ["Byta belysning i parken", "Patrullera i parken på fredagar", "Trygg stad"]  # the area


def test_xlsx_header_below_merged_title_and_dates_as_dates(tmp_path):
    """Issue 15: an XLSX with a merged title row and a blank row over the header; an Excel date in Tidsplan is
    written as 2025-06-01, not "2025-06-01 00:00:00"."""
    path = _xlsx(tmp_path, [["Åtagandeplan 2025", None, None], [None, None, None],
                            ["Område", "Kommunens åtagande", "Tidsplan"],
                            ["Trafik", "Bygga farthinder vid skolan", datetime.datetime(2025, 6, 1)]], merge="A1:C1")
    draft, _warnings = import_table(path, AGREEMENT)
    (c,) = draft.commitments
    assert (c.text, c.timeframe, c.area.label, c.lines) == ("Bygga farthinder vid skolan", "2025-06-01", "Trafik", [4])


def test_unterminated_quote_is_refused_with_row_and_column(tmp_path, cli):
    """Issue 15: a row with an unterminated quote became an initiative; now exit 2 naming file:row:column, and no
    output is written."""
    src = tmp_path / "plan.csv"
    src.write_text('Insats;Kommunens åtagande;Polisens åtagande\nTrygghet;"Byta lampor;Patrullera\n'
                   'Skola;Utse samordnare;Utse kontaktpolis\n', encoding="utf-8")
    out = tmp_path / "plan.ttl"
    result = cli("import", "table", src, "--agreement", AGREEMENT, "-o", out)
    assert result.exit_code == 2
    assert f"{src}:2:2:" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_ansvarig_unit_goes_with_its_own_party(tmp_path):
    """Issue 15: a municipal unit under "Ansvarig" was attached to the police's commitment of the same row too."""
    src = tmp_path / "plan.csv"
    src.write_text("Kommunens åtagande;Polisens åtagande;Ansvarig\n"
                   "Erbjuda föräldrastöd;Delta i föräldramöten;Socialförvaltningen\n", encoding="utf-8")
    draft, _ = import_table(src, AGREEMENT)
    who = {c.text: c.responsible for c in draft.commitments}
    assert who == {"Erbjuda föräldrastöd": "Socialförvaltningen", "Delta i föräldramöten": None}


@pytest.mark.parametrize("lang, expected", [(None, "1 åtagande, 0 insatser, 1 område"),
                                            ("en", "1 commitment, 0 initiatives, 1 area")])
def test_counts_in_singular_and_plural(tmp_path, cli, lang, expected):
    """Issue 15: counts in correct Swedish/English ("1 område", "1 area", not "1 areas")."""
    src = tmp_path / "plan.csv"
    src.write_text("Område;Kommunens åtagande\nTrafik;Bygga farthinder\n", encoding="utf-8")
    args = ["import", "table", src, "--agreement", AGREEMENT, "-o", tmp_path / "plan.ttl"] + (["--lang", lang] if lang else [])
    result = cli(*args)
    assert result.exit_code == 0 and expected in result.stderr, result.stderr


def test_csv_field_over_the_csv_limit_is_refused_in_one_line(tmp_path, cli):
    """Issue 16 item 8: a CSV field over 131,072 characters gave a traceback and exit 1; now exit 2 and one line
    naming the file and line."""
    src = tmp_path / "plan.csv"
    src.write_text("Område;Kommunens åtagande\nTrafik;" + "x" * 140_000 + "\n", encoding="utf-8")
    result = cli("import", "table", src, "--agreement", AGREEMENT, "-o", tmp_path / "plan.ttl")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"fel: {src}:2:") and "131,072" in lines[0]


def test_csv_with_one_invalid_utf8_byte_is_refused_with_its_line(tmp_path, cli):
    """Issue 16 item 8: one invalid UTF-8 byte made the whole file read as Windows-1252 (garbled å/ä/ö, the
    "Område" column dropped, exit 0); now exit 2 naming file:line:column."""
    src = tmp_path / "plan.csv"
    src.write_bytes("Område;Kommunens åtagande\nTrafik;Bygga farthinder\nSkola;Utse en samordnare ".encode("utf-8")
                    + b"\xe5\n")
    out = tmp_path / "plan.ttl"
    result = cli("import", "table", src, "--agreement", AGREEMENT, "-o", out)
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"fel: {src}:3:26: invalid UTF-8") and not out.exists()


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b"\xef\xbb\xbf\xef\xbb\xbf"], ids=["bom", "bom-twice"])
def test_utf8_bom_is_skipped(tmp_path, bom):
    """Issue 16 item 8: a UTF-8 byte-order mark is skipped (a second one made “\\ufeffOmråde” an unknown column)."""
    src = tmp_path / "plan.csv"
    src.write_bytes(bom + "Område;Kommunens åtagande\r\nTrafik;Bygga farthinder\r\n".encode("utf-8"))
    draft, warnings = import_table(src, AGREEMENT)
    assert [a.label for a in draft.areas] == ["Trafik"] and not warnings


def test_a_drafted_sheet_builds_and_validates(tmp_path, cli):
    """Issue 15: a sheet with a title row, once drafted, builds and validates like a hand-written agreement."""
    src = tmp_path / "plan.csv"
    src.write_text("Åtagandeplan;;\nOmråde;Kommunens åtagande;Polisens åtagande\nTrafik;Bygga farthinder;"
                   "Kontrollera hastigheter\n", encoding="utf-8")
    out, store = tmp_path / "plan.ttl", tmp_path / "store"
    assert cli("import", "table", src, "--agreement", "ekedal-2025", "--municipality", "Ekedals kommun",
               "--police-area", "Lokalpolisområde Ekedal", "-o", out).exit_code == 0
    assert cli("build", "--store", store, out).exit_code == 0
    checked = cli("validate", "--store", store, "--fail-on", "violation")
    assert checked.exit_code == 0, checked.stdout + checked.stderr
    assert len(_labels(out, SAM + "committedBy")) == 2


def test_one_column_sheet_under_a_title_naming_a_party(tmp_path):
    """Issue 15: a title that happens to name a party ("… Trygg stad") does not win over a header naming the
    same number of columns ("Kommunens åtagande")."""
    src = tmp_path / "plan.csv"
    src.write_text("Åtagandeplan Trygg stad\n\nKommunens åtagande\nByta lampor i parken\n", encoding="utf-8")
    draft, _ = import_table(src, AGREEMENT)
    assert [(c.text, c.lines) for c in draft.commitments] == [("Byta lampor i parken", [4])]
