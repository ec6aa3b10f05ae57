"""The network page without a browser (issue 14, "the network"): one form whose choices the server applies, the
legend, the metrics table and the links in words, the downloads of what is shown, and clear errors. Facts from the
seed documents: seed 003 line 15 ("Kommunledningskontoret leder och samordnar …"), seed 001 line 29."""

from __future__ import annotations

import html
import io
import json
import re

import networkx as nx
import pytest

from conftest import app_client
from samverkan import i18n
from samverkan.network import build_network, compute_metrics
from samverkan.network import page as network_page
from samverkan.network.vocabulary import RELATION_LABELS, TYPE_LABELS

ID = "https://w3id.org/samverkan/id/"


@pytest.fixture(scope="module")
def client(embedded_seed_store):
    with app_client(embedded_seed_store) as c:
        yield c


def text(page: str) -> str:
    """The page's words without tags."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def ties(page: str) -> list[str]:
    """The sentences of the list "Kopplingar i ord"."""
    part = page.split('class="net-ties"', 1)[1]
    return [text(li).strip() for li in re.findall(r"<li>(.*?)</li>", part, re.S)]


def metric_rows(page: str) -> list[str]:
    """The rows of the metrics table as text: name, type, degree, betweenness, broker, group."""
    return [text(row).strip() for row in re.findall(r"<tr>\s*<th scope=\"row\">(.*?)</tr>", page, re.S)]


def names(page: str) -> list[str]:
    """The names in the metrics table (each a link to the node's page)."""
    return [html.unescape(n) for n in re.findall(r'data-node="[^"]+">([^<]+)</a>', page)]


def test_agreement_view_names_its_parties_and_forums_and_their_links(client, embedded_seed_store):
    page = client.get("/network", params={"agreement": "agreement/mark-2022-2024"}).text
    assert '<html lang="sv">' in page
    sentences = ties(page)
    # seed 003 line 15: "Kommunledningskontoret leder och samordnar …" the council
    assert "Kommunledningskontoret (Marks kommun) samordnar Trygghets- och säkerhetsrådet" in sentences
    assert "Kommunledningskontoret (Marks kommun) leder Trygghets- och säkerhetsrådet" in sentences
    shown = names(page)
    assert "Marks kommun" in shown and "Lokalpolisområde Borås" in shown
    graph = build_network(embedded_seed_store, agreement=ID + "agreement/mark-2022-2024")
    assert sorted(shown) == sorted(d["label"] for _, d in graph.nodes(data=True))
    assert len(sentences) == graph.number_of_edges()
    assert f"{graph.number_of_nodes()} noder och {graph.number_of_edges()} kopplingar" in text(page)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', page)
    assert "/static/vendor/cytoscape/dist/cytoscape.min.js" in scripts and all(s.startswith("/static/") for s in scripts)


def test_one_form_holds_every_filter_and_the_server_applies_it(client):
    page = client.get("/network", params=[("municipality", "org/boras-stad"), ("relation", "coordinates")]).text
    forms = re.findall(r"<form[^>]*>", page)
    assert len([f for f in forms if "network-filters" in f]) == 1  # one set of controls (and the search bar)
    for name in ("agreement", "municipality", "theme", "view"):
        assert re.search(rf'<select id="f-{name}" name="{name}">', page), name
    assert re.search(r'<option value="org/boras-stad" selected>Borås Stad</option>', page)
    assert re.search(r'name="relation" value="coordinates" checked', page)
    sentences = ties(page)
    assert sentences and all(" samordnar " in s for s in sentences)
    # seed 001 line 29: Fritids- och folkhälsonämnden coordinates the crime prevention council
    assert "Fritids- och folkhälsonämnden samordnar Brottsförebyggande rådet (Borås)" in sentences
    everything = ties(client.get("/network", params={"municipality": "org/boras-stad"}).text)
    assert len(everything) > len(sentences) and any(" deltar i " in s for s in everything)


def test_legend_names_each_kind_of_node_and_link_shown(client):
    page = client.get("/network", params={"municipality": "org/boras-stad"}).text
    legend = page.split('class="net-legend"', 1)[1].split("</section>", 1)[0]
    items = [text(li).strip() for li in re.findall(r"<li>(.*?)</li>", legend, re.S)]
    drawn = re.findall(r"<li><svg[^>]*>\s*<(polygon|circle|line)", legend)
    assert len(drawn) == len(items)  # every kind is drawn (its shape, or its line) and named
    assert {"polygon", "circle", "line"} <= set(drawn)
    for word in ("Kommun", "Polis", "Nämnd", "Råd", "samordnar", "leder", "ansvarar för", "deltar i"):
        assert word in items, word


def test_metrics_are_the_librarys_in_swedish_number_format(client, embedded_seed_store):
    page = client.get("/network", params={"municipality": "org/boras-stad"}).text
    metrics = compute_metrics(build_network(embedded_seed_store, municipality=ID + "org/boras-stad"))
    assert names(page) == [n["label"] for n in metrics["nodes"]]  # ranked as the library ranks them
    for row, node in zip(metric_rows(page), metrics["nodes"], strict=True):
        betweenness = i18n.format_number(node["betweenness"], "sv", 3)
        assert f" {node['degree']} {betweenness} {'ja' if node['broker'] else '–'} {node['community'] + 1}" in row, row
    assert "," in i18n.format_number(metrics["nodes"][0]["betweenness"], "sv", 3)  # 0,366, not 0.366
    assert any(n["broker"] for n in metrics["nodes"])


def test_english_page_speaks_english(client):
    page = client.get("/network", params={"agreement": "agreement/mark-2022-2024", "lang": "en"}).text
    words = text(page)
    assert '<html lang="en">' in page
    for word in ("Metrics", "Degree", "Betweenness", "Broker", "Group", "Legend", "Kind of link", "coordinates"):
        assert word in words, word
    assert not re.search(r"\b(samordnar|Nyckeltal|Förklaring|Mellanhet|Grad)\b", words)
    assert "lang=en" in re.search(r'data-source="([^"]+)"', page).group(1)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "cyjs"])
def test_downloads_hold_the_network_shown(client, fmt):
    params = [("municipality", "org/boras-stad"), ("relation", "coordinates"), ("relation", "leads")]
    page = client.get("/network", params=params).text
    link = html.unescape(re.search(rf'href="([^"]+format={fmt}[^"]*)"', page).group(1))
    response = client.get(link)
    assert response.status_code == 200
    assert f'filename="natverk-boras-stad.{fmt}"' in response.headers["content-disposition"]
    if fmt == "cyjs":
        data = json.loads(response.content)
        nodes = data["elements"]["nodes"]
        assert {e["data"]["relation"] for e in data["elements"]["edges"]} <= {"coordinates", "leads"}
        assert all({"degree", "betweenness", "broker", "community", "type_label", "colour"} <= set(n["data"]) for n in nodes)
        labels = {n["data"]["label"] for n in nodes}
    else:
        read = nx.read_graphml if fmt == "graphml" else nx.read_gexf
        graph = read(io.BytesIO(response.content))
        labels = {d["label"] for _, d in graph.nodes(data=True)}
    assert sorted(labels) == sorted(names(page))  # the file holds what the page lists
    assert "Fritids- och folkhälsonämnden" in labels and "Brottsförebyggande rådet (Borås)" in labels


def test_without_javascript_the_picture_is_drawn_on_the_server(client):
    page = client.get("/network", params={"agreement": "agreement/mark-2022-2024"}).text
    assert "<noscript>" in page
    link = html.unescape(re.search(r'href="([^"]+format=svg[^"]*)"', page).group(1))
    response = client.get(link)
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert b"Trygghets- och s\xc3\xa4kerhetsr\xc3\xa5det" in response.content


def test_national_view_shows_the_best_connected_and_says_so(client, embedded_seed_store, monkeypatch):
    monkeypatch.setattr(network_page, "LIMIT", 10)
    page = client.get("/network").text
    whole = build_network(embedded_seed_store)
    assert len(names(page)) == 10
    assert f"Visar de 10 mest kopplade av {whole.number_of_nodes()} noder" in text(page)
    degree = dict(nx.Graph(whole.to_undirected()).degree())
    best = sorted(whole, key=lambda n: -degree[n])[:3]
    assert {whole.nodes[n]["label"] for n in best} <= set(names(page))


@pytest.mark.parametrize("params, status, named", [
    ({"relation": "pie"}, 400, "pie"),
    ({"municipality": "nowhere"}, 404, "nowhere"),
    ({"view": "circle"}, 400, "circle"),
    ({"format": "xls"}, 400, "xls"),
])
def test_bad_choices_are_named_in_swedish(client, params, status, named):
    response = client.get("/network", params=params)
    assert response.status_code == status
    assert named in text(response.text)
    assert re.search(r"okän|inget|finns", text(response.text), re.I)


def test_every_kind_of_node_and_link_has_words_in_both_languages():
    for lang in ("sv", "en"):
        for kind in TYPE_LABELS:
            assert i18n.gettext("net_type_" + kind, lang) != "net_type_" + kind, (lang, kind)
        for relation in RELATION_LABELS:
            assert i18n.gettext("net_rel_" + relation, lang) != "net_rel_" + relation, (lang, relation)
    assert i18n.gettext("net_rel_coordinates", "sv") == "samordnar"


def test_a_kind_of_link_the_network_lacks_shows_nothing_and_says_so(client):
    """Mark's agreement names no one who supports (stödjer) anything: the page says there is nothing to show and
    keeps the choice ticked, so the reader can untick it."""
    response = client.get("/network", params=[("agreement", "agreement/mark-2022-2024"), ("relation", "supports")])
    assert response.status_code == 200
    assert "Inget att visa med de här valen." in text(response.text)
    assert 'value="supports" checked' in response.text
