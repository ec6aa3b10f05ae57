"""`samverkan import table` and `samverkan new agreement`: good and bad spreadsheets, the template."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

FIXTURES = Path(__file__).parent / "fixtures_ingest"


def test_csv_import_builds_with_counts_by_party(tmp_path, cli):
    out, store = tmp_path / "plan.ttl", tmp_path / "store"
    result = cli("import", "table", FIXTURES / "atagandeplan.csv", "--agreement", "mark-2022-2024", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "unknown column “Färg”" in result.stderr and "atagandeplan.csv:1:9" in result.stderr
    ttl = out.read_text(encoding="utf-8")
    assert "unknown column “Färg”" in ttl  # the warning is kept in the draft's header too
    assert cli("build", "--store", store, out).exit_code == 0
    (a,) = json.loads(cli("stats", "--store", store, "--format", "json").stdout)["agreements"]
    # the fixture: 3 municipal commitments (rows 2-4), 2 police ones (rows 2 and 4; row 3 is empty)
    assert (a["areas"], a["initiatives"], a["commitments"]) == (2, 3, 5)
    assert sorted(a["commitments_by_party"].values()) == [2, 3]
    assert 'sam:timeframe "Årligen"@sv' in ttl and 'sam:followUp "Trygghetsrådet varje höst"@sv' in ttl
    assert 'sam:sourceLocation "atagandeplan, rad 3: Kommunens åtagande"' in ttl


@pytest.mark.parametrize("header", [
    ["Område", "Insats/mål", "Kommunens åtagande", "Polisens åtagande", "Tidsplan"],
    ["  OMRÅDE ", "insats / mål", "kommunens  åtagande", "POLISENS ÅTAGANDE", "tidsplan"],
    ["Area", "Initiative", "Municipality", "Police", "Timeframe"],
])
def test_xlsx_headers_matched_flexibly(tmp_path, cli, header):
    book = Workbook()
    sheet = book.active
    sheet.title = "Plan"
    sheet.append(header)
    sheet.append(["Unga", "SSPF", "Samordna SSPF", "Delta i SSPF", "Löpande"])
    path = tmp_path / "plan.xlsx"
    book.save(path)
    out = tmp_path / "plan.ttl"
    result = cli("import", "table", path, "--agreement", "nyby-2025", "--municipality", "Nyby kommun",
                 "--police-area", "Lokalpolisområde Nyby", "-o", out)
    assert result.exit_code == 0, result.stderr
    ttl = out.read_text(encoding="utf-8")
    assert ttl.count("a sam:Commitment") == 2 and 'sam:timeframe "Löpande"@sv' in ttl
    assert "<org/nyby-kommun> a sam:Municipality" in ttl and "<org/polisen/lpo-nyby> a sam:PoliceArea" in ttl


def _xlsx(tmp_path, rows) -> Path:
    book = Workbook()
    for r in rows:
        book.active.append(r)
    path = tmp_path / "bad.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("make, message", [
    (lambda d: FIXTURES / "inga-kolumner.csv", "no recognisable columns"),
    (lambda d: (d / "empty.csv").write_text("") or d / "empty.csv", "empty"),
    (lambda d: _xlsx(d, [["Namn", "Telefon"], ["Anna", "1"]]), "no recognisable columns"),
    (lambda d: _xlsx(d, [["Kommunens åtagande", "Tidsplan"], ["Sanera", "#REF!"]]), "bad.xlsx:2:2"),
    (lambda d: (d / "fake.xlsx").write_bytes(b"PK\x03\x04broken") and d / "fake.xlsx", "not a readable .xlsx"),
])
def test_bad_spreadsheets_exit_2_without_output(tmp_path, cli, make, message):
    src = make(tmp_path)
    out = tmp_path / "out.ttl"
    result = cli("import", "table", src, "--agreement", "mark-2022-2024", "-o", out)
    assert result.exit_code == 2
    assert src.name in result.stderr and message in result.stderr
    assert not out.exists()


def test_unknown_agreement_needs_parties(tmp_path, cli):
    result = cli("import", "table", FIXTURES / "atagandeplan.csv", "--agreement", "nyby-2025", "-o", tmp_path / "o.ttl")
    assert result.exit_code == 2 and "--municipality" in result.stderr


@pytest.mark.parametrize("municipality, police, expected_slug, declared", [
    ("Marks kommun", "Lokalpolisområde Borås", "mark-2025-2027", []),
    ("Alingsås kommun", "Lokalpolisområde Alingsås", "alingsas-2025-2027",
     ["<org/alingsas-kommun> a sam:Municipality", "<org/polisen/lpo-alingsas> a sam:PoliceArea"]),
])
def test_template_builds_and_validates(tmp_path, cli, municipality, police, expected_slug, declared):
    out, store = tmp_path / "new.ttl", tmp_path / "store"
    result = cli("new", "agreement", "--municipality", municipality, "--police-area", police, "--period", "2025-2027",
                 "-o", out)
    assert result.exit_code == 0, result.stderr
    ttl = out.read_text(encoding="utf-8")
    assert f"<agreement/{expected_slug}> a sam:Agreement" in ttl and all(d in ttl for d in declared)
    assert "# sam:signedOn" in ttl  # empty fields stay as commented examples
    assert cli("build", "--store", store, Path(__file__).parent.parent / "graph" / "organisations", out).exit_code == 0
    (a,) = [x for x in json.loads(cli("stats", "--store", store, "--format", "json").stdout)["agreements"]]
    assert a["period"] == {"start": "2025", "end": "2027", "until_further_notice": False}
    if "validate" in cli("--help").stdout:
        result = cli("validate", "--store", store, "--fail-on", "violation")
        assert result.exit_code == 0, result.stdout
        assert cli("validate", "--store", store, "--fail-on", "warning").exit_code == 1  # Warnings for what is empty


@pytest.mark.parametrize("period", ["2027-2025", "tjugo", ""])
def test_template_bad_period(tmp_path, cli, period):
    out = tmp_path / "new.ttl"
    result = cli("new", "agreement", "--municipality", "Marks kommun", "--police-area", "Lokalpolisområde Borås",
                 "--period", period, "-o", out)
    assert result.exit_code == 2 and "--period" in result.stderr and not out.exists()
