"""The HTML pages on the seed graph, read as a coordinator would: expectations come from the source documents
(seed 001 = Borås organisation description, 002 = Borås 2015 with its åtagandeplan, 003 = Mark 2022–2024)."""

from __future__ import annotations

import csv
import io
import re
import threading
from html.parser import HTMLParser

import pytest

from conftest import app_client
from samverkan.build import build
from samverkan.store import EmbeddedStore

ID = "https://w3id.org/samverkan/id/"


@pytest.fixture(scope="module")
def client(seed_store):
    with app_client(seed_store) as test_client:
        yield test_client


class _Text(HTMLParser):
    """The text a reader sees (script and style content left out)."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def cells(html: str, row_id: str) -> list[str]:
    """The visible text of each cell (th, then td…) of the table row with this id."""
    match = re.search(rf'<tr id="{re.escape(row_id)}">(.*?)</tr>', html, re.DOTALL)
    assert match, f"no row {row_id}"
    return [visible(c) for c in re.split(r"<t[hd]\b[^>]*>", match.group(1))[1:]]


# What each page must show, from the documents.
PAGES = [
    ("/", ["Marks kommun", "Borås Stad", "lokalpolisområde Borås", "2022–2024", "tills vidare"]),
    ("/agreements/mark-2022-2024", [
        # seed 003 lines 33-36 (Marks kommun förbinder sig att) and 40-43 (Polisen förbinder sig att)
        "Samordna arbetet med SSPF (skola, socialtjänst, polis, fritid)",
        "Samordna insatser inom ANDT",
        "Delta i arbetet med SSPF (skola, socialtjänst, polis, fritid)",
        "Genom insatser arbeta aktivt mot ungdomar som är på väg in i missbruk samt övrig narkotikahandling",
        "Skapa trygga offentliga miljöer", "Kinna",
    ]),
    ("/agreements/boras-2015", [
        # seed 002: the åtagandeplan's rows, and the signatories
        "Borås Rent och Snyggt", "Driva arbetet inom Borås Rent och Snyggt.",
        "Löpande under perioden för samverkansöverenskommelsen", "Antal möten och representation under dessa",
        "Ulf Olsson", "Tomas Jansson",
    ]),
    ("/organisations/boras-stad/fritids-och-folkhalsonamnden", [
        # seed 001 line 29 and 47: it coordinates the council and the local groups
        "Fritids- och folkhälsonämnden", "Brottsförebyggande rådet", "Lokal samverkan",
        "Nätverksgrupper barn och unga", "Områdesnätverk", "Ortsråd",
    ]),
    ("/forums/boras/brottsforebyggande-radet", [
        # seed 001 lines 25-29: members, coordinator, rhythm
        "fyra halvdagar per år", "Fritids- och folkhälsonämnden", "representanter från samtliga förvaltningar",
        "kommunalt bostadsbolag", "räddningstjänsten", "Borås city",
    ]),
    ("/organisations/polisen/lpo-boras", [
        # seed 003: the local police area takes part in Mark's EST and leads Grannsamverkan; party to both
        "Lokalpolisområde Borås", "Grannsamverkan", "EST", "Marks kommun", "Borås Stad",
    ]),
    ("/search?q=SSPF", ["SSPF (Borås)", "SSPF (Mark)", "Samordna arbetet med SSPF"]),
    ("/validation", ["Samverkansöverenskommelse Marks kommun och lokalpolisområde Borås 2022–2024"]),
    ("/queries", ["Vem samordnar vad?"]),
]


@pytest.mark.parametrize("url, texts", PAGES, ids=[p[0] for p in PAGES])
def test_page_shows_what_the_documents_say_without_javascript(client, url, texts):
    response = client.get(url)
    assert response.status_code == 200, response.text[:500]
    assert response.headers["content-type"].startswith("text/html")
    text = visible(response.text).casefold()
    missing = [t for t in texts if t.casefold() not in text]
    assert not missing, f"{url} does not show {missing}"
    assert "<script" not in response.text.lower()  # works without JavaScript
    assert '<html lang="sv">' in response.text

def test_english_on_request_and_links_keep_the_language(client):
    html = client.get("/?lang=en").text
    assert '<html lang="en">' in html
    assert "Agreements" in visible(html)
    assert "Collaboration agreement Mark municipality" in visible(html)  # the graph's English label
    assert 'href="/agreements/mark-2022-2024?lang=en"' in html
    assert 'href="/agreements/mark-2022-2024"' in client.get("/").text  # Swedish pages link in Swedish


def test_commitment_plan_puts_municipality_and_police_side_by_side(client):
    html = client.get("/agreements/boras-2015").text
    # seed 002 line 51: the Trafik row of the åtagandeplan
    initiative, municipality, police, timeframe, measure, follow_up = cells(html, "initiative-trafik")
    assert initiative.startswith("Trafik")
    assert "Vid behov, tillsammans med polis, vidta åtgärder" in municipality
    assert "Tekniska förvaltningen" in municipality  # "Tekniska förvaltningen ansvarar för fysiska åtgärder."
    assert "Vid behov, tillsammans med kommun, vidta åtgärder" in police
    assert "2016-2018 Regelbundet under perioden för samverkansöverenskommelsen" in timeframe
    assert "Antal åtgärdande insatser i form av skyltar, hinder och informationstillfällen." in measure
    # issue 13: the Uppföljning column is empty in the document, but the council follows up yearly
    assert "planerad uppföljning: Brottsförebyggande rådet (Borås): Årligen" in follow_up
    assert "ingen genomförd uppföljning registrerad" in follow_up


def test_gaps_are_marked_plainly(client):
    html = client.get("/agreements/mark-2022-2024").text
    # seed 003 gives no timeframe, activity measure or follow-up for any commitment
    rows = re.findall(r'<table class="plan">.*?</table>', html, re.DOTALL)
    assert len(rows) == 3  # three focus areas (lines 7-9)
    for table in rows:
        for row in re.findall(r"<tbody>(.*?)</tbody>", table, re.DOTALL):
            for tr in re.findall(r"<tr.*?</tr>", row, re.DOTALL):
                last_three = [visible(c) for c in re.split(r"<td\b[^>]*>", tr)[-3:]]
                assert all("saknas" in c for c in last_three), last_three
    # Borås 2021–2023: the summary page names no follow-up frequency
    assert "saknas" in visible(client.get("/agreements/boras-2021-2023").text)


def test_commitments_link_to_their_source_location(client):
    html = client.get("/agreements/boras-2015").text
    trafik = re.search(r'<li id="commitment-trafik-kommun".*?</li>', html, re.DOTALL).group(0)
    assert 'href="/documents/boras-2015?lines=51#L51"' in trafik  # issue 14: opens the text at the line
    assert "rad 51" in visible(trafik)  # the row's line in seed 002
    document = client.get("/documents/boras-2015", params={"lines": "51"})
    assert document.status_code == 200
    assert "Samverkansöverenskommelse mellan Borås Stad och Polismyndigheten" in visible(document.text)


def test_agreement_page_summarises_validation(client):
    text = visible(client.get("/agreements/mark-2022-2024").text)
    assert "Valideringssammanfattning" in text
    assert "Varningar" in text  # no timeframe, measure or follow-up in the document: warnings, not errors
    assert "Hela valideringsrapporten" in text


def test_validation_report_links_to_local_pages(client):
    """Issue 14 (validation): findings link straight to the commitment on its agreement page, in the reader's
    language; no IRI is shown as text."""
    html = client.get("/validation", params={"agreement": "mark-2022-2024"}).text
    report = html[html.index('<section class="report"'):]
    links = set(re.findall(r'href="([^"]+)"', report))
    # the agreement itself, and one of its commitments without a measure (seed 003 line 33)
    assert {"/agreements/mark-2022-2024", "/agreements/mark-2022-2024#commitment-kommun-samordna-sspf"} <= links
    assert "https://" not in visible(report)
    english = client.get("/validation", params={"agreement": "mark-2022-2024", "lang": "en"}).text
    assert 'href="/agreements/mark-2022-2024?lang=en#commitment-kommun-samordna-sspf"' in english


def test_standalone_validation_report_keeps_the_iris(seed_store):
    from samverkan.resources import validation
    from samverkan.validate import render_html

    html = render_html(validation(seed_store, ID + "agreement/mark-2022-2024"), "sv")
    assert f'href="{ID}agreement/mark-2022-2024"' in html
    assert "/view?iri=" not in html


def test_pages_and_json_api_show_the_same_completeness(client):
    listed = {a["id"]: a["completeness"]["score"] for a in client.get("/api/agreements").json()["items"]}
    home = client.get("/").text
    for iri, score in listed.items():
        if score is not None:
            row = re.search(rf'<a href="/agreements/{iri.rsplit("/", 1)[-1]}">.*?</tr>', home, re.DOTALL).group(0)
            assert f"{score:.1f} %".replace(".", ",") in visible(row)  # Swedish: 62,9 %
    detail = client.get("/api/agreements/mark-2022-2024").json()
    page = visible(client.get("/agreements/mark-2022-2024").text)
    assert f"Varningar: {detail['validation']['counts']['warning']}" in page
    assert f"{detail['completeness']['score']:.1f} %".replace(".", ",") in page


VIEW = [
    (ID + "agreement/mark-2022-2024", "/agreements/mark-2022-2024"),
    (ID + "agreement/boras-2015/commitment/trafik-kommun", "/agreements/boras-2015#commitment-trafik-kommun"),
    (ID + "org/boras-stad/fritids-och-folkhalsonamnden", "/organisations/boras-stad/fritids-och-folkhalsonamnden"),
    (ID + "forum/boras/brottsforebyggande-radet", "/forums/boras/brottsforebyggande-radet"),
    ("/id/org/marks-kommun", "/organisations/marks-kommun"),
]


@pytest.mark.parametrize("iri, location", VIEW)
def test_view_redirects_to_the_page_for_the_type(client, iri, location):
    response = client.get("/view", params={"iri": iri}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == location
    assert client.get(location.split("#")[0]).status_code == 200


def test_view_shows_other_things_with_what_refers_to_them(client):
    response = client.get("/view", params={"iri": ID + "theme/andt"})
    assert response.status_code == 200
    assert "Arbete mot alkohol, narkotika, tobak och dopning" in visible(response.text)  # seed 002, area 3


NOT_FOUND = [
    ("/agreements/stockholm-2030", "stockholm-2030"),
    ("/organisations/ingen-sadan-kommun", "ingen-sadan-kommun"),
    ("/forums/boras/inget-rad", "inget-rad"),
    ("/view?iri=https://w3id.org/samverkan/id/org/finns-inte", "https://w3id.org/samverkan/id/org/finns-inte"),
    ("/queries?name=no-such-query", "no-such-query"),
    ("/view?iri=http://a%20b", "http://a b"),  # not an IRI (a space): a page naming it, not a server error
    ("/view?iri=https://w3id.org/samverkan/id/org/%3Cx%3E", "https://w3id.org/samverkan/id/org/<x>"),
]


@pytest.mark.parametrize("url, named", NOT_FOUND)
def test_unknown_things_answer_404_naming_them(client, url, named):
    response = client.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert named in visible(response.text)


def test_search_finds_organisations_forums_and_commitments(client):
    text = visible(client.get("/search", params={"q": "brottsförebyggande"}).text)
    assert "Brottsförebyggande rådet (Borås)" in text
    assert "Organisationer" not in visible(client.get("/search", params={"q": "zzzz"}).text.split("<main", 1)[1])
    assert "Inga träffar" in visible(client.get("/search", params={"q": "zzzz"}).text)


def test_named_query_runs_with_a_table_and_csv(client):
    """Issue 14 (query pages): the CSV download is what Swedish Excel opens as it is (BOM, `;`), headed as the
    .rq header says, with the names the page shows."""
    html = client.get("/queries", params={"name": "who-coordinates-what", "run": "1"}).text
    text = visible(html)
    assert "Fritids- och folkhälsonämnden" in text and "Brottsförebyggande rådet (Borås)" in text  # seed 001 l. 29
    link = re.search(r'href="(/queries\?[^"]*format=csv[^"]*)"', html).group(1).replace("&amp;", "&")
    response = client.get(link)
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Samordnare", "Vad", "Typ", "Källa"]  # queries/who-coordinates-what.rq, '# column:'
    coordinated = {(r[0], r[1]) for r in rows[1:]}
    assert ("Fritids- och folkhälsonämnden", "Brottsförebyggande rådet (Borås)") in coordinated


def test_named_query_with_parameters_shows_a_form_first(client):
    html = client.get("/queries", params={"name": "forum-members"}).text
    assert '<form class="params"' in html
    assert 'name="run"' in html


OWN_SPARQL = [
    (("PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> SELECT ?label WHERE "
      "{ <https://w3id.org/samverkan/id/org/marks-kommun> rdfs:label ?label }"), "Marks kommun"),
    ("ASK WHERE { ?s ?p ?o }", "Svar ja"),
    ("SELECT * WHERE { ?s ?p ", "malformed SPARQL"),
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE"),
]


@pytest.mark.parametrize("query, shown", OWN_SPARQL)
def test_own_sparql_shows_results_or_a_clear_error(client, query, shown):
    response = client.get("/queries", params={"sparql": query})
    assert response.status_code == 200
    assert shown in visible(response.text)


def test_own_sparql_downloads_as_csv(client):
    query = "SELECT ?a WHERE { ?a a <https://w3id.org/samverkan/ontology#Agreement> } ORDER BY ?a"
    response = client.get("/queries", params={"sparql": query, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["a"]
    assert [ID + "agreement/boras-2015"] in rows and [ID + "agreement/mark-2022-2024"] in rows


class _Uninterruptible:
    """The seed store, but its queries give nothing back until released, as an aggregate or ORDER BY over a
    large graph does (the store cannot check the deadline before the first row)."""

    def __init__(self, store):
        self.store, self.released = store, threading.Event()

    def sparql(self, query, **kwargs):
        self.released.wait(10)
        return self.store.sparql(query, **kwargs)


def test_own_sparql_stops_at_the_time_limit_even_before_the_first_row(embedded_seed_store):
    store = _Uninterruptible(embedded_seed_store)
    try:
        with app_client(store, query_timeout=0.05) as slow:
            response = slow.get("/queries", params={"sparql": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})
        assert not store.released.is_set()  # answered while the query was still running
        assert response.status_code == 200
        assert "time limit of 0.05 s" in visible(response.text)
    finally:
        store.released.set()


def test_own_sparql_table_and_csv_are_cut_off(embedded_seed_store):
    query = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    triples = len(embedded_seed_store.select(query).rows)
    assert triples > 1000  # the seed graph: four agreements with their commitments
    with app_client(embedded_seed_store, max_rows=5) as small:
        html = small.get("/queries", params={"sparql": query}).text
        download = small.get("/queries", params={"sparql": query, "format": "csv"})
    assert f"({triples:,} ".replace(",", " ") in visible(html)  # the count says how many there are (1 234)…
    assert len(re.findall(r"<tr>", html.split("<tbody>", 1)[1])) == 1000  # …the table shows the first 1000
    assert len(list(csv.reader(io.StringIO(download.text)))) == 1 + 5  # a download as many as /sparql gives
    assert "5 rows" in download.headers["samverkan-truncated"]


def test_stylesheet_is_served(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")


# --- Escaping: labels are data, never markup ----------------------------------------------------

EVIL = "<script>alert('x')</script> Ondskan"


@pytest.fixture(scope="module")
def evil_client():
    """The seed graph plus an agreement, organisation, forum and commitment whose labels hold a script tag."""
    store = EmbeddedStore(None)
    build(store)
    label = EVIL.replace("'", "\\'")
    store.update(f"""
PREFIX sam: <https://w3id.org/samverkan/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
INSERT DATA {{ GRAPH <{ID}agreement/evil> {{
  <{ID}agreement/evil> a sam:Agreement ; rdfs:label '{label}'@sv ; sam:party <{ID}org/evil> ;
      sam:periodStart "2024" ; sam:revision '{label}'@sv .
  <{ID}org/evil> a sam:Municipality ; rdfs:label '{label}'@sv .
  <{ID}forum/evil/rad> a sam:Council ; rdfs:label '{label}'@sv ; sam:forumOf <{ID}org/evil> ;
      sam:meetingFrequency '{label}'@sv .
  <{ID}org/evil> sam:coordinates <{ID}forum/evil/rad> .
  <{ID}agreement/evil/area/a> a sam:FocusArea ; sam:inAgreement <{ID}agreement/evil> ; rdfs:label '{label}'@sv .
  <{ID}agreement/evil/commitment/c> a sam:Commitment ; sam:inAgreement <{ID}agreement/evil> ;
      sam:focusArea <{ID}agreement/evil/area/a> ; sam:committedBy <{ID}org/evil> ; rdfs:label '{label}'@sv ;
      sam:timeframe '{label}'@sv .
}} }}""")
    with app_client(store) as test_client:
        yield test_client


@pytest.mark.parametrize("url", [
    "/", "/agreements/evil", "/organisations/evil", "/forums/evil/rad", "/search?q=Ondskan",
    "/validation", "/validation?agreement=evil", "/view?iri=" + ID + "agreement/evil/area/a",
    ("/queries?sparql=SELECT+%3Fl+WHERE+%7B+%3Fx+%3Chttp%3A%2F%2Fwww.w3.org%2F2000%2F01%2Frdf-schema%23label%3E+%3Fl+"
     "FILTER(CONTAINS(%3Fl%2C+%22Ondskan%22))+%7D"),
])
def test_a_label_with_a_script_tag_renders_as_text(evil_client, url):
    response = evil_client.get(url, follow_redirects=True)
    assert response.status_code == 200
    assert "<script" not in response.text.lower()
    assert "&lt;script&gt;" in response.text
    assert EVIL in visible(response.text)
