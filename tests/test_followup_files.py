"""Issue 13: `samverkan follow-up new`, `follow-up sheet` and `import follow-up` on the real seed graph.

The filled-in follow-up used here (tests/fixtures_followup/boras-2015/2016.ttl) is invented, and says so
at its top; graph/ holds no follow-up results.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph
from rdflib.compare import isomorphic

from samverkan.namespaces import ID, SAM

HERE = Path(__file__).resolve().parent
EXAMPLE = HERE / "fixtures_followup" / "boras-2015" / "2016.ttl"
BORAS = ID + "agreement/boras-2015"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, built_store_dir):
    """A copy of the built seed store (this module's commands only read it)."""
    path = tmp_path_factory.mktemp("fu") / "store"
    shutil.copytree(built_store_dir, path)
    return path


def turtle(path: Path) -> Graph:
    return Graph().parse(path, format="turtle", publicID=ID)


def test_new_writes_one_entry_per_commitment_and_never_overwrites(cli, store_dir, tmp_path):
    """Issue 13: the empty follow-up has all 38 commitments of Borås 2015 with no status, and builds."""
    target = tmp_path / "follow-ups" / "boras-2015" / "2016.ttl"
    result = cli("follow-up", "new", "boras-2015", "--year", "2016", "--store", store_dir, "-o", target)
    assert result.exit_code == 0, result.output
    g = turtle(target)
    records = {s for s, _, o in g if str(o) == SAM + "StatusRecord"}
    assert len(records) == 38
    assert not [t for t in g if str(t[1]) == SAM + "status"]
    text = target.read_text(encoding="utf-8")
    assert "# Åtagande: Samordna och medverka i BRÅ." in text and "# sam:status" in text
    before = target.read_bytes()
    again = cli("follow-up", "new", "boras-2015", "--year", "2016", "--store", store_dir, "-o", target)
    assert again.exit_code == 2 and "filen finns redan och skrivs inte över" in again.output
    assert target.read_bytes() == before

    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    built = cli("build", "--store", copy, target)
    assert built.exit_code == 0, built.output
    checked = cli("validate", "--store", copy, "--agreement", "boras-2015", "--format", "json")
    assert checked.exit_code == 0, checked.output  # warnings only: the file validates as it is
    found = json.loads(checked.stdout)["agreements"][0]["results"]
    missing = [f for f in found if f["message"] == "Åtagandet saknar status i uppföljningen 2016."]
    assert len(missing) == 38 and all(f["severity"] == "warning" for f in missing)
    assert len({f["focus"] for f in missing}) == 38


def _fill_like_example(sheet: Path) -> None:
    """Type the invented example's values into an exported sheet, as a coordinator would."""
    example = turtle(EXAMPLE)
    labels = {ID + "follow-up-status/" + k: v for k, v in (
        ("genomford", "Genomförd"), ("pagar", "Pågår"), ("forsenad", "Försenad"), ("ej-paborjad", "Ej påbörjad"),
        ("inte-langre-aktuell", "Inte längre aktuell"))}
    values = {}
    for record in {s for s, p, o in example if str(o) == SAM + "StatusRecord"}:
        props = {str(p): o for p, o in example.predicate_objects(record)}
        values[str(props[SAM + "aboutCommitment"])] = props
    book = load_workbook(sheet)
    ws = book["Uppföljning"]
    headings = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headings)}
    for r in range(2, ws.max_row + 1):
        props = values.get(ws.cell(r, col["Id (ändra inte)"]).value, {})
        if SAM + "status" in props:
            ws.cell(r, col["Status"]).value = labels[str(props[SAM + "status"])]
        if "http://www.w3.org/2000/01/rdf-schema#comment" in props:
            ws.cell(r, col["Kommentar"]).value = str(props["http://www.w3.org/2000/01/rdf-schema#comment"])
        if SAM + "statusDate" in props:
            ws.cell(r, col["Datum"]).value = props[SAM + "statusDate"].toPython()
        if SAM + "measuredValue" in props:
            ws.cell(r, col["Indikatorvärde"]).value = props[SAM + "measuredValue"].toPython()
        if SAM + "unit" in props:
            ws.cell(r, col["Enhet"]).value = str(props[SAM + "unit"])
    book.save(sheet)


def test_sheet_round_trip_gives_the_same_graph(cli, store_dir, tmp_path):
    """Issue 13: export → fill in → import gives the graph of the follow-up that was typed in."""
    sheet = tmp_path / "uppfoljning-2016.xlsx"
    result = cli("follow-up", "sheet", "boras-2015", "--year", "2016", "--store", store_dir, "-o", sheet)
    assert result.exit_code == 0, result.output
    ws = load_workbook(sheet)["Uppföljning"]
    assert [c.value for c in ws[1]][:8] == ["Samverkansområde", "Insats", "Part", "Åtagande", "Tidsplan",
                                           "Aktivitetsmått", "Förra årets status", "Status"]
    assert ws.max_row == 39  # a heading and the 38 commitments of seed 002
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "list" and "Genomförd" in validation.formula1 and "Inte längre aktuell" in validation.formula1
    _fill_like_example(sheet)
    out = tmp_path / "2016.ttl"
    imported = cli("import", "follow-up", sheet, "--store", store_dir, "-o", out)
    assert imported.exit_code == 0, imported.output
    assert isomorphic(turtle(out), turtle(EXAMPLE))


def test_sheet_shows_last_years_status(cli, store_dir, tmp_path):
    """Issue 13: the 2017 sheet shows the status each commitment had in 2016."""
    copy = tmp_path / "store"
    shutil.copytree(store_dir, copy)
    assert cli("build", "--store", copy, EXAMPLE).exit_code == 0
    sheet = tmp_path / "2017.xlsx"
    assert cli("follow-up", "sheet", "boras-2015", "--year", "2017", "--store", copy, "-o", sheet).exit_code == 0
    ws = load_workbook(sheet)["Uppföljning"]
    col = {c.value: i for i, c in enumerate(ws[1])}
    last = {row[col["Id (ändra inte)"]].value: row[col["Förra årets status"]].value for row in ws.iter_rows(min_row=2)}
    assert last[BORAS + "/commitment/samordning-bra-polisen"] == "Genomförd"  # the example's first entry


BAD_CELLS = [
    # (column heading, new value, expected "row:column: message" part)
    ("Status", "Klar", ":2:H: okänd status ”Klar”"),
    ("Datum", "31/12/2016", ":2:J: inte ett datum: ”31/12/2016”"),
    ("Datum", "2016-02-30", ":2:J: inte ett datum"),
    ("Indikatorvärde", "tolv", ":2:K: inte ett tal: ”tolv”"),
    ("Id (ändra inte)", BORAS + "/commitment/finns-inte", ":2:M: ”" + BORAS + "/commitment/finns-inte” är inte ett åtagande"),
    ("Id (ändra inte)", None, ":2:M: raden saknar åtagandets id"),
    ("Id (ändra inte)", "DUPLICATE", ":3:M: åtagandet finns redan på rad 2"),
    ("Status", "Genomförd", ":2:J: status Genomförd behöver ett datum"),
    ("Status", "Försenad", ":2:I: status Försenad behöver en kommentar"),
    ("Enhet", "procent", ":2:L: en enhet utan indikatorvärde"),
    ("HEADING", "Läge", ":1:H: rubriken ska vara ”Status”"),
]


@pytest.mark.parametrize("heading, value, expected", BAD_CELLS)
def test_every_bad_cell_is_named_and_nothing_is_written(cli, store_dir, tmp_path, heading, value, expected):
    """Issue 13: a bad cell gives file:row:column: what is wrong, exit 2, and the target file stays as it was."""
    sheet = tmp_path / "u.xlsx"
    assert cli("follow-up", "sheet", "boras-2015", "--year", "2016", "--store", store_dir, "-o", sheet).exit_code == 0
    book = load_workbook(sheet)
    ws = book["Uppföljning"]
    col = {c.value: i + 1 for i, c in enumerate(ws[1])}
    if heading == "HEADING":
        ws.cell(1, col["Status"]).value = value
    elif value == "DUPLICATE":
        ws.cell(3, col[heading]).value = ws.cell(2, col[heading]).value
    else:
        ws.cell(2, col[heading]).value = value
    book.save(sheet)
    out = tmp_path / "2016.ttl"
    out.write_bytes(b"# the old file\n")
    result = cli("import", "follow-up", sheet, "--store", store_dir, "-o", out)
    assert result.exit_code == 2
    assert f"{sheet}{expected}" in result.output
    assert "Traceback" not in result.output
    assert out.read_bytes() == b"# the old file\n"


def test_a_file_that_is_not_a_spreadsheet_is_refused(cli, store_dir, tmp_path):
    """Issue 13: not an .xlsx → one clear line, exit 2."""
    bogus = tmp_path / "u.xlsx"
    bogus.write_text("status;kommentar\n", encoding="utf-8")
    result = cli("import", "follow-up", bogus, "--store", store_dir, "-o", tmp_path / "x.ttl")
    assert result.exit_code == 2 and f"{bogus}: filen kan inte läsas som ett kalkylblad" in result.output
    assert not (tmp_path / "x.ttl").exists()
