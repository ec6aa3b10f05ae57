"""Every thing has its list (issue 14): agreements with their status, filters, sorting, pages and downloads;
organisations, forums, police areas, themes and methods; search in the navigation bar of every page."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest

from api.routers.lists import agreement_status
from conftest import app_client
from test_pages import visible

ID = "https://w3id.org/samverkan/id/"
LISTS = ["/agreements", "/organisations", "/forums", "/police-areas", "/themes", "/methods"]


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    with app_client(embedded_seed_store) as test_client:
        yield test_client


def body_rows(html: str) -> list[str]:
    """The visible text of each row of the page's list table."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [visible(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_list_is_a_page_with_search_in_the_navigation(client, path, lang):
    """Issue 14 (every thing has its list): /organisations, /agreements, /themes … answer an HTML page, not a
    404 or raw JSON, with the search box in the navigation bar."""
    response = client.get(path, params={"lang": lang} if lang == "en" else {})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    header = response.text.split("</header>", 1)[0]
    assert 'role="search"' in header and 'name="q"' in header
    assert body_rows(response.text)


@pytest.mark.parametrize("agreement, status", [
    ({"period": {"start": "2022", "end": "2024"}}, "ended"),
    ({"period": {"start": "2025", "end": "2027"}}, "in_force"),
    ({"period": {"until_further_notice": True}, "signed": "2015-12-14"}, "until_further_notice"),
    ({"period": {"start": "2027", "end": "2029"}}, "not_started"),
    ({"period": {}}, "unknown"),
])
def test_agreement_status_from_its_period(agreement, status):
    """Issue 14 (agreements list): in force / ended / until further notice, on a given day (4 Dec 2026)."""
    assert agreement_status(agreement, date(2026, 12, 4)) == status


def test_agreements_list_says_whether_each_is_in_force(client):
    """Issue 14 (agreements list): Borås 2015 runs until further notice (seed 002), Mark 2022–2024 has ended."""
    rows = body_rows(client.get("/agreements").text)
    boras = next(r for r in rows if "Borås 2015" in r)
    mark = next(r for r in rows if "Mark" in r)
    assert "gäller tills vidare" in boras
    assert "har upphört" in mark if date.today().year > 2024 else "gäller" in mark


def test_agreements_filter_by_municipality_police_area_and_theme(client):
    """Issue 14 (agreements list): the pick lists narrow the list; lokalpolisområde Borås signs Borås and Mark."""
    rows = body_rows(client.get("/agreements", params={"police_area": "org/polisen/lpo-boras"}).text)
    assert len(rows) == 2 and all("Lokalpolisområde Borås" in r for r in rows)
    rows = body_rows(client.get("/agreements", params={"municipality": "org/marks-kommun"}).text)
    assert len(rows) == 1 and "Marks kommun" in rows[0]
    html = client.get("/agreements").text
    assert '<select id="f-theme" name="theme">' in html


def test_agreements_sort_by_completeness_both_ways(client):
    """Issue 14 (agreements list): sortable; the heading link turns the order round."""
    scores = {a["label"]: a["completeness"]["score"] for a in client.get("/api/agreements").json()["items"]
              if a["completeness"]["score"] is not None}
    html = client.get("/agreements", params={"sort": "completeness"}).text
    shown = [label for r in body_rows(html) for label in scores if r.startswith(label)]
    assert shown == sorted(scores, key=scores.get)
    assert 'href="/agreements?sort=-completeness"' in html
    back = [label for r in body_rows(client.get("/agreements", params={"sort": "-completeness"}).text)
            for label in scores if r.startswith(label)]
    assert back == shown[::-1]


def test_agreements_download_with_the_filter(client):
    """Issue 14 (agreements list): CSV (BOM, `;`) of what the filter shows."""
    raw = client.get("/agreements", params={"police_area": "org/polisen/lpo-boras", "format": "csv"})
    assert raw.content[:3] == b"\xef\xbb\xbf"
    rows = list(csv.reader(io.StringIO(raw.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Överenskommelse", "Status", "Kommun"] and len(rows) == 3


def test_organisations_filter_by_kind_and_municipality(client):
    """Issue 14: the organisations list filters by municipality; Borås Stad's board is there (seed 001)."""
    html = client.get("/organisations", params={"municipality": "org/boras-stad"}).text
    rows = body_rows(html)
    assert any(r.startswith("Fritids- och folkhälsonämnden") for r in rows)
    assert all("Borås Stad" in r for r in rows)
    assert '<select id="f-kind" name="kind">' in html


def test_forums_list_who_coordinates_and_who_takes_part(client):
    """Issue 14: the forum list shows each forum's coordinator (seed 001: the board coordinates BRÅ)."""
    row = next(r for r in body_rows(client.get("/forums").text) if r.startswith("Brottsförebyggande rådet (Borås)"))
    assert "Fritids- och folkhälsonämnden" in row


def test_police_areas_list_the_municipalities_they_serve(client):
    """Issue 14: lokalpolisområde Borås has agreements with Borås Stad and Marks kommun (seeds 002, 003)."""
    row = next(r for r in body_rows(client.get("/police-areas").text) if r.startswith("Lokalpolisområde Borås"))
    assert "Borås Stad" in row and "Marks kommun" in row


def test_search_hits_say_their_agreement_and_municipality(client):
    """Issue 14 (search): a commitment hit names its agreement, a forum its municipality."""
    html = client.get("/search", params={"q": "SSPF"}).text
    main = html.split("<main", 1)[1]
    hit = re.search(r"<li><a href=\"/agreements/mark-2022-2024#[^\"]+\">Samordna arbetet med SSPF.*?</li>", main, re.S)
    assert hit and "Samverkansöverenskommelse Marks kommun" in visible(hit.group(0))
    forum = re.search(r"<li><a href=\"/forums/boras/brottsforebyggande-radet\">.*?</li>",
                      client.get("/search", params={"q": "brottsförebyggande rådet"}).text, re.S)
    assert forum and "Borås Stad" in visible(forum.group(0))


def test_agreement_page_lists_its_forums_and_their_coordinators(client):
    """Issue 14 (every thing has its page): Borås 2015's page lists Borås forums with who coordinates them
    (seed 001: Fritids- och folkhälsonämnden coordinates Brottsförebyggande rådet)."""
    html = client.get("/agreements/boras-2015").text
    section = html.split('<h2 id="forums">', 1)[1].split("</table>", 1)[0]
    row = next(r for r in body_rows(section + "</table>") if r.startswith("Brottsförebyggande rådet (Borås)"))
    assert "Fritids- och folkhälsonämnden" in row
    assert "Bodens kommun" not in visible(section)
