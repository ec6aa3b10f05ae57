"""The query pages as a coordinator reads them (issue 14): headings from the .rq headers, parameters in words with
pick lists from the graph, ja/nej instead of true/false, downloads Swedish Excel opens; `?lang=en` kept."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import app_client
from test_pages import visible

REPO = Path(__file__).resolve().parent.parent
ID = "https://w3id.org/samverkan/id/"
QUERIES = sorted((REPO / "queries").glob("*.rq"))


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    with app_client(embedded_seed_store, follow_redirects=False) as test_client:
        yield test_client


def header_headings(path: Path) -> dict[str, list[str]]:
    """The column headings a .rq file's header declares, read straight from its `# columns:` and `# column:` lines."""
    text = path.read_text(encoding="utf-8")
    columns = [c.strip() for c in re.search(r"^# columns:(.*)$", text, re.M).group(1).split(",")]
    titles = dict(re.findall(r"^# column:\s*(\w+)\s*=\s*(.+)$", text, re.M))
    out = {"sv": [], "en": []}
    for column in columns:
        sv, _, en = titles.get(column, column).partition(" / ")
        out["sv"].append(sv.strip())
        out["en"].append((en or sv).strip())
    return out


def page_headings(html: str) -> list[str]:
    table = html.split('<table class="list results">', 1)[1].split("</thead>", 1)[0]
    return [visible(h).strip() for h in re.findall(r"<th scope=\"col\">(.*?)</th>", table)]


def required_values(path: Path) -> dict[str, str]:
    """A value from the seed graph for each required parameter (seed 001 and 002)."""
    text = path.read_text(encoding="utf-8")
    values = {}
    for name, kind in re.findall(r"^# param:\s*(\w+)\s*\((\w+), required", text, re.M):
        values[name] = {"forum": ID + "forum/boras/brottsforebyggande-radet",
                        "police_area": ID + "org/polisen/lpo-boras",
                        "organisation": ID + "org/boras-stad/fritids-och-folkhalsonamnden",
                        "actor": ID + "org/boras-stad/fritids-och-folkhalsonamnden",
                        "agreement": ID + "agreement/boras-2015", "year": "2016"}[kind]
    return values


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_result_headings_are_the_rq_headers_column_names(client, path, lang):
    """Issue 14 (query pages): every query's result table is headed by the Swedish or English column names
    its .rq header declares, not by variable names."""
    params = {"name": path.stem, "run": "1", **required_values(path), **({"lang": "en"} if lang == "en" else {})}
    response = client.get("/queries", params=params)
    assert response.status_code == 200, visible(response.text)
    assert page_headings(response.text) == header_headings(path)[lang]


def test_parameters_are_labelled_in_words_and_picked_from_the_graph(client):
    """Issue 14 (query pages): 'Lokalpolisområde', not 'police_area (police_area)', and a pick list of the
    police areas in the graph (seed 002 and 003: lokalpolisområde Borås signs both)."""
    html = client.get("/queries", params={"name": "police-area-commitments"}).text
    form = html.split('<form class="params"', 1)[1].split("</form>", 1)[0]
    assert "police_area (" not in visible(form)
    select = re.search(r'<select id="p-police_area" name="police_area"[^>]*>(.*?)</select>', form, re.S)
    assert select, form
    assert f'value="{ID}org/polisen/lpo-boras"' in select.group(1)
    assert "Lokalpolisområde Borås" in visible(select.group(1))


def test_a_picked_value_runs_the_query(client):
    """Issue 14 (query pages): the pick list's value (an identifier) answers the query for that police area."""
    html = client.get("/queries", params={"name": "police-area-commitments", "run": "1",
                                          "police_area": ID + "org/polisen/lpo-boras"}).text
    assert "Kommunpolis" in visible(html) or "Marks kommun" in visible(html)
    assert 'selected>Lokalpolisområde Borås</option>' in html


def test_booleans_read_ja_nej_not_true_false(client):
    """Issue 14: agreements-timeline's 'Tills vidare' and 'Gäller' columns say ja/nej (seed 002: Borås 2015
    applies until further notice)."""
    html = client.get("/queries", params={"name": "agreements-timeline", "run": "1"}).text
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    cells = {visible(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", body, re.S)}
    assert "ja" in cells and "nej" in cells
    assert not {"true", "false"} & cells
    english = client.get("/queries", params={"name": "agreements-timeline", "run": "1", "lang": "en"}).text
    assert "yes" in visible(english.split("<tbody>", 1)[1])


def test_downloads_csv_xlsx_json_with_the_pages_headings(client):
    """Issue 14 (query pages): CSV (UTF-8 BOM, `;`), XLSX and JSON of the same answer, headed as on the page."""
    base = {"name": "who-coordinates-what"}
    html = client.get("/queries", params={**base, "run": "1"}).text
    for fmt in ("csv", "xlsx", "json"):
        assert f"format={fmt}" in html
    headings = header_headings(REPO / "queries" / "who-coordinates-what.rq")["sv"]
    raw = client.get("/queries", params={**base, "format": "csv"})
    assert raw.content[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == headings
    xlsx = client.get("/queries", params={**base, "format": "xlsx"})
    assert xlsx.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    table = [[("" if v is None else v) for v in r] for r in sheet.iter_rows(values_only=True)]
    assert table == rows
    records = json.loads(client.get("/queries", params={**base, "format": "json"}).content)
    assert len(records) == len(rows) - 1
    wanted = {"coordinator": "Fritids- och folkhälsonämnden",  # seed 001: the board coordinates BRÅ
              "coordinator_iri": ID + "org/boras-stad/fritids-och-folkhalsonamnden",
              "thing": "Brottsförebyggande rådet (Borås)", "thing_iri": ID + "forum/boras/brottsforebyggande-radet"}
    assert any(wanted.items() <= r.items() for r in records)


def test_unknown_download_format_is_a_clear_400(client):
    """Issue 14: a format the site does not offer is named in a Swedish message, not ignored."""
    response = client.get("/queries", params={"name": "who-coordinates-what", "format": "pdf"})
    assert response.status_code == 400
    assert "Okänt format ”pdf”" in visible(response.text)


def test_a_name_not_in_the_graph_gets_a_swedish_message(client):
    """Issue 14 (Swedish errors): an agreement that does not exist is named in Swedish, not 'unknown agreement'."""
    response = client.get("/queries", params={"name": "commitments", "run": "1", "agreement": "alingsas-2025"})
    text = visible(response.text)
    assert "Det finns ingen överenskommelse som heter ”alingsas-2025”" in text
    assert "unknown" not in text


@pytest.mark.parametrize("path, expected", [("/id/org/marks-kommun", "/organisations/marks-kommun?lang=en"),
                                            ("/id/agreement/boras-2015", "/agreements/boras-2015?lang=en")])
def test_id_redirects_keep_the_language(client, path, expected):
    """Issue 14: `/id/…?lang=en` in a browser lands on the English page."""
    response = client.get(path, params={"lang": "en"}, headers={"Accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["location"] == expected
