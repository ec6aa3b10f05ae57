"""The validation pages as a coordinator acts on them (issue 14): one page per agreement and a summary, findings by
rule with identical ones folded, a severity filter, an honest verdict, downloads, and the same findings as the
CLI and /api/validation, including those outside any agreement."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter

import pytest

from conftest import app_client
from samverkan.store import EmbeddedStore
from test_pages import visible

ID = "https://w3id.org/samverkan/id/"
MARK = ID + "agreement/mark-2022-2024"
RDF_TEXT = re.compile(r"\b(?:sam|rdfs|skos|prov|org|dcterms):|https?://|\^sam|\.ttl\b")


@pytest.fixture(scope="module")
def store(built_store_dir):
    """The store `samverkan build` made from graph/, read by the app and the CLI alike."""
    opened = EmbeddedStore(built_store_dir, read_only=True)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def client(store):
    with app_client(store) as test_client:
        yield test_client


def findings_of(agreements: list[dict]) -> Counter:
    """(agreement, focus, Swedish message) of every finding in /api/validation's or the CLI's JSON."""
    return Counter((a["id"], r["focus"], r["message"]) for a in agreements for r in a["results"])


def test_page_api_and_cli_hold_the_same_findings(client, cli, built_store_dir):
    """Issue 14 (validation): the page (its JSON download), /api/validation and `samverkan validate --format json`
    list the same findings, including the group outside any agreement."""
    api = client.get("/api/validation").json()["agreements"]
    result = cli("validate", "--store", built_store_dir, "--format", "json")
    assert result.exit_code in (0, 1), result.output
    command = json.loads(result.stdout)["agreements"]
    assert findings_of(api) == findings_of(command)
    assert any(a["id"] is None and a["results"] for a in api)  # seed 001: a forum described outside agreements
    page = json.loads(client.get("/validation", params={"format": "json"}).content)
    labels = {a["label"]: a["id"] for a in client.get("/api/validation").json()["agreements"]}
    assert Counter((labels[r["agreement"]], r["about_id"]) for r in page) == Counter(
        (a, focus) for a, focus, _ in findings_of(api).elements())
    html = visible(client.get("/validation").text)
    assert "Utanför överenskommelserna" in html


def test_identical_findings_fold_into_one_line_with_the_list_on_expand(client):
    """Issue 14 (validation): Mark's commitments without an activity measure are one line, '28 åtaganden saknar
    aktivitetsmått', with the 28 commitments inside a <details>; not 28 bullets of the same sentence."""
    api = client.get("/api/validation", params={"agreement": MARK}).json()["agreements"][0]
    without = [r for r in api["results"] if r["message"].startswith("Åtagandet saknar aktivitetsmått")]
    assert len(without) == api["completeness"]["commitments"] == 28  # seed 003: no commitment states a measure
    html = client.get("/validation", params={"agreement": "mark-2022-2024"}).text
    rule = re.search(r"<details[^>]*>\s*<summary>((?:(?!</summary>).)*28 åtaganden saknar aktivitetsmått.*?)</details>",
                     html, re.S)
    assert rule, visible(html)[:2000]
    assert len(re.findall(r"<li>", rule.group(1))) == 28
    assert visible(html).count("Åtagandet saknar aktivitetsmått") == 0  # the sentence is not repeated per item


def test_verdict_matches_the_numbers(client):
    """Issue 14 (validation): no green 'Uppfyller reglerna' next to Mark's warnings; the verdict names them, and
    says which checks are met and which are not."""
    counts = Counter(r["severity"] for r in
                     client.get("/api/validation", params={"agreement": MARK}).json()["agreements"][0]["results"])
    for path in ("/validation?agreement=mark-2022-2024", "/agreements/mark-2022-2024"):
        html = client.get(path).text
        assert "Uppfyller reglerna" not in visible(html)
        assert f"{counts['warning']} varningar" in visible(html)
        assert 'class="verdict ok"' not in html
    text = visible(client.get("/validation", params={"agreement": "mark-2022-2024"}).text)
    assert "Med part som åtar sig: 28 av 28" in text and "Med aktivitetsmått: 0 av 28" in text


def test_severity_filter_shows_only_the_chosen_kind(client):
    """Issue 14 (validation): filter by severity; the kind is said in words, not by colour alone."""
    api = client.get("/api/validation", params={"agreement": ID + "agreement/boras-2015"}).json()["agreements"][0]
    infos = [r for r in api["results"] if r["severity"] == "info"]
    html = client.get("/validation", params={"agreement": "boras-2015", "severity": "info"}).text
    report = html[html.index('<h2>Anmärkningar per regel</h2>'):]
    assert "Varning" not in visible(report) and "Råd" in visible(report)
    assert len(re.findall(r"<li>", report)) == len(infos) > 0
    rows = json.loads(client.get("/validation", params={"agreement": "boras-2015", "severity": "info",
                                                       "format": "json"}).content)
    assert len(rows) == len(infos) and {r["severity"] for r in rows} == {"Råd"}


@pytest.mark.parametrize("params", [{}, {"agreement": "mark-2022-2024"}, {"agreement": "boras-2015", "lang": "en"}])
def test_no_iri_prefix_or_property_path_on_the_page(client, params):
    """Issue 14: the validation page shows words, no `sam:`, `(sam:activityMeasure)`, `^sam:…` path or IRI."""
    text = visible(client.get("/validation", params=params).text)
    assert not RDF_TEXT.search(text), RDF_TEXT.search(text)


def test_findings_download_as_swedish_csv_and_xlsx(client):
    """Issue 14 (validation): CSV for Swedish Excel (BOM, `;`) and XLSX of the findings, one row each."""
    from openpyxl import load_workbook

    api = client.get("/api/validation", params={"agreement": MARK}).json()["agreements"][0]["results"]
    raw = client.get("/validation", params={"agreement": "mark-2022-2024", "format": "csv"})
    assert raw.content[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Överenskommelse", "Allvarlighet", "Insats eller område"]
    assert len(rows) == 1 + len(api)
    xlsx = client.get("/validation", params={"agreement": "mark-2022-2024", "format": "xlsx"})
    assert load_workbook(io.BytesIO(xlsx.content)).active.max_row == 1 + len(api)
