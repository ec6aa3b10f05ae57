"""Long answers read a page at a time: a page is the rows of a few agreements, in the answer's own order.

At national scale the whole-country tables run to tens of thousands of rows; the web page, the API and the
CLI can show them a page of agreements at a time. Read page by page, the pages together are the whole answer.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import app_client
from samverkan.errors import SourceError
from samverkan.namespaces import ID
from samverkan.queries import ParamError, list_queries, page_keys, parse_query_file, run_named

ROOT = Path(__file__).resolve().parents[1]
PAGED = [q.name for q in list_queries() if q.page_by]
#: the agreements encoded in graph/agreements/ (one file each, named by the agreement's slug)
SEED_AGREEMENTS = sorted(ID + "agreement/" + p.stem for p in (ROOT / "graph" / "agreements").glob("*.ttl"))


def test_the_long_country_wide_tables_can_be_read_by_page():
    assert {"commitments", "commitments-without-follow-up", "agreement-overview"} <= set(PAGED)


@pytest.mark.parametrize("name", PAGED)
def test_pages_run_through_every_agreement_in_order(seed_store, name):
    assert page_keys(seed_store, next(q for q in list_queries() if q.name == name)) == SEED_AGREEMENTS


@pytest.mark.parametrize("name", PAGED)
def test_the_pages_together_are_the_whole_answer(seed_store, name):
    whole = run_named(seed_store, name, {}, "sv").to_json()
    pages, number = [], 1
    while True:
        page = run_named(seed_store, name, {}, "sv", page=number, page_size=1).to_json()
        assert page["page"]["pages"] == len(SEED_AGREEMENTS) and page["page"]["by"] == "agreement"
        assert {r["agreement"] for r in page["rows"]} <= {SEED_AGREEMENTS[number - 1]}
        pages += page["rows"]
        if number == page["page"]["pages"]:
            break
        number += 1
    # a page adds a `<column>_label` only for columns holding an IRI on that page; compare what both have
    assert [{k: v for k, v in r.items() if k in p} for r, p in zip(whole["rows"], pages)] == pages
    assert len(pages) == len(whole["rows"])


def test_a_page_keeps_the_other_parameters(seed_store):
    mark = ID + "agreement/mark-2022-2024"
    police = ID + "org/polisen/lpo-boras"
    number = SEED_AGREEMENTS.index(mark) + 1
    page = run_named(seed_store, "commitments", {"party": police}, "sv", page=number, page_size=1)
    assert page.rows and {r["party"].value for r in page.rows} == {police}
    assert {r["agreement"].value for r in page.rows} == {mark}


def test_a_chosen_agreement_is_one_page(seed_store):
    page = run_named(seed_store, "commitments", {"agreement": "boden-2010-2011"}, "sv", page=1, page_size=1)
    assert page.page["pages"] == 1 and {r["agreement"].value for r in page.rows} == {ID + "agreement/boden-2010-2011"}


@pytest.mark.parametrize("page, size, words", [
    (len(SEED_AGREEMENTS) + 1, 1, f"svaret har {len(SEED_AGREEMENTS)} sidor"),
    (0, 1, "sidan 0 finns inte"),
    (1, 0, "sidstorleken ska vara 1 eller mer"),
])
def test_a_page_that_does_not_exist_is_a_clear_error(seed_store, page, size, words):
    with pytest.raises(ParamError, match=words):
        run_named(seed_store, "commitments", {}, "sv", page=page, page_size=size)


@pytest.mark.parametrize("header, body, words", [
    ("# page: theme", "ORDER BY ?agreement", "optional IRI parameter 'theme'"),
    ("# page: agreement", "ORDER BY ?party ?agreement", r"end with .ORDER BY \?agreement"),
])
def test_a_page_header_that_cannot_work_names_its_line(tmp_path, header, body, words):
    path = tmp_path / "bad.rq"
    path.write_text(f"# title: T / T\n# columns: agreement\n{header}\n# param: agreement (agreement, optional) A\n"
                    f"SELECT ?agreement WHERE {{ ?agreement ?p ?o }}\n{body}\n", encoding="utf-8")
    with pytest.raises(SourceError, match=words) as error:
        parse_query_file(path)
    assert error.value.line == 3


def test_page_is_a_reserved_parameter_name(tmp_path):
    path = tmp_path / "bad.rq"
    path.write_text("# title: T / T\n# columns: page\n# param: page (agreement, optional) P\n"
                    "SELECT ?page WHERE { ?page ?p ?o }\n", encoding="utf-8")
    with pytest.raises(SourceError, match="reserved"):
        parse_query_file(path)


# --- as the users reach it: CLI, API, web page ----------------------------------------------------

@pytest.fixture(scope="module")
def store_args(built_store_dir):
    return ["--store", str(built_store_dir)]


@pytest.mark.parametrize("lang, footer", [
    ("sv", f"sida 2 av {len(SEED_AGREEMENTS)}, 1 överenskommelse per sida"),
    ("en", f"page 2 of {len(SEED_AGREEMENTS)}, 1 agreement per page"),
])
def test_cli_page_says_which_page_it_is(cli, store_args, lang, footer):
    result = cli("query", "agreement-overview", "--page", "2", "--page-size", "1", "--lang", lang, *store_args)
    assert result.exit_code == 0, result.stderr
    assert footer in result.stdout.splitlines()[-1]


def test_cli_json_page_holds_one_agreement(cli, store_args):
    result = cli("query", "commitments", "--page", "1", "--page-size", "1", "--format", "json", *store_args)
    data = json.loads(result.stdout)
    assert {r["agreement"] for r in data["rows"]} == {SEED_AGREEMENTS[0]}
    assert data["page"]["number"] == 1 and data["page"]["keys"] == len(SEED_AGREEMENTS)


def test_cli_page_out_of_range_exits_2(cli, store_args):
    result = cli("query", "commitments", "--page", "99", *store_args)
    assert result.exit_code == 2 and "sidan 99 finns inte" in result.stderr
    english = cli("query", "commitments", "--page", "99", "--lang", "en", *store_args)
    assert english.exit_code == 2 and "page 99 does not exist" in english.stderr


def test_cli_lists_which_queries_can_be_paged(cli):
    listing = cli("queries").stdout
    line = next(x for x in listing.splitlines() if x.startswith("commitments "))
    assert "(--page)" in line
    assert "(--page)" not in next(x for x in listing.splitlines() if x.startswith("who-coordinates-what"))


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    with app_client(embedded_seed_store) as test_client:
        yield test_client


def test_api_page_of_a_named_query(client):
    mark = SEED_AGREEMENTS.index(ID + "agreement/mark-2022-2024") + 1
    data = client.get("/api/queries/commitments", params={"page": mark, "page_size": 1}).json()
    assert data["page"] == {"number": mark, "size": 1, "pages": len(SEED_AGREEMENTS), "by": "agreement",
                            "keys": len(SEED_AGREEMENTS)}
    assert len(data["rows"]) == 28 and {r["agreement"] for r in data["rows"]} == {ID + "agreement/mark-2022-2024"}
    assert "page" not in client.get("/api/queries/commitments").json()
    assert client.get("/api/queries/commitments", params={"page": 0}).status_code == 422
    listed = {q["name"]: q for q in client.get("/api/queries").json()["items"]}
    assert listed["commitments"]["paged_by"] == "agreement" and listed["forums"]["paged_by"] is None


def test_web_page_moves_between_pages(client):
    html = client.get("/queries", params={"name": "commitments", "page": 2, "page_size": 1}).text
    assert f"Sida 2 av {len(SEED_AGREEMENTS)} (1 överenskommelse per sida, {len(SEED_AGREEMENTS)} i alla)" in html
    links = {rel: href.replace("&amp;", "&") for href, rel in re.findall(r'<a href="([^"]+)" rel="(prev|next)"', html)}
    assert set(links) == {"prev", "next"}
    assert "page=1" in links["prev"] and "page=3" in links["next"] and "page_size=1" in links["next"]
    last = client.get(links["next"].replace("page=3", f"page={len(SEED_AGREEMENTS)}")).text
    assert 'rel="next"' not in last and 'rel="prev"' in last
    english = client.get("/queries", params={"name": "commitments", "page": 1, "page_size": 1, "lang": "en"}).text
    assert f"Page 1 of {len(SEED_AGREEMENTS)}" in english


def test_web_page_shows_a_bad_page_as_an_error(client):
    html = client.get("/queries", params={"name": "commitments", "page": "x"}).text
    assert "page ska vara ett heltal från 1" in html
    english = client.get("/queries", params={"name": "commitments", "page": "x", "lang": "en"}).text
    assert "page must be a whole number" in english
