"""The coordination network on the seed graph: right answers from the source documents, exports, the CLI."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from samverkan.network import build_network, compute_metrics, export_network, render_html
from samverkan.network.metrics import undirected

ID = "https://w3id.org/samverkan/id/"
BORAS, MARK = ID + "org/boras-stad", ID + "org/marks-kommun"
LPO_BORAS = ID + "org/polisen/lpo-boras"
FON = ID + "org/boras-stad/fritids-och-folkhalsonamnden"
FOF = ID + "org/boras-stad/fritids-och-folkhalsoforvaltningen"


@pytest.fixture(scope="module")
def boras(seed_store):
    """Borås Stad's organisation network (seed 001 and the Borås agreements)."""
    return build_network(seed_store, view="actors", municipality=BORAS)


@pytest.fixture(scope="module")
def everything(seed_store):
    return build_network(seed_store, view="actors")


def test_fritids_och_folkhalsonamnden_is_among_the_three_most_central_boras_actors(boras):
    # Seed 001: the committee is commissioned to coordinate Brottsförebyggande rådet, its two focus-area
    # meetings and Lokal samverkan with its network groups (the committee's administration is named in seed 002).
    actors = [r for r in compute_metrics(boras)["nodes"] if r["group"] == "actor"]
    top3 = [r["id"] for r in actors[:3]]
    assert FON in top3 or FOF in top3, [r["label"] for r in actors[:3]]


def _forums_of(graph, municipality):
    return {n for n, d in graph.nodes(data=True) if d["group"] == "forum" and d["municipality"] == municipality}


def test_lokalpolisomrade_boras_is_the_broker_between_boras_and_mark(everything):
    # Seeds 002 and 003: lokalpolisområde Borås signs with both Borås Stad and Marks kommun.
    simple = undirected(everything)
    boras_forums, mark_forums = _forums_of(everything, BORAS), _forums_of(everything, MARK)
    assert boras_forums and mark_forums
    reach = nx.node_connected_component(simple, LPO_BORAS)
    assert boras_forums & reach and mark_forums & reach
    without = simple.copy()
    without.remove_node(LPO_BORAS)
    for forum in boras_forums & reach:
        assert not nx.node_connected_component(without, forum) & mark_forums
    metrics = compute_metrics(everything)
    assert LPO_BORAS in metrics["brokers"]
    assert next(r for r in metrics["nodes"] if r["id"] == LPO_BORAS)["broker"] is True


def test_every_coordinator_of_who_coordinates_what_is_a_coordinates_edge(seed_store):
    from samverkan.queries import run_named

    full = build_network(seed_store, view="full")
    pairs = {(r["coordinator"].value, r["thing"].value) for r in run_named(seed_store, "who-coordinates-what").rows}
    assert len(pairs) >= 10  # seeds 001-003 name at least ten coordinating roles
    missing = [p for p in pairs if not full.has_edge(*p, key="coordinates")]
    assert not missing


@pytest.mark.parametrize(("view", "graph_class", "groups"), [
    ("actors", nx.MultiDiGraph, {"actor", "forum"}),
    ("actors-projected", nx.Graph, {"actor"}),
    ("full", nx.MultiDiGraph, {"actor", "forum", "method", "agreement", "area", "initiative", "commitment"}),
])
def test_views_hold_the_promised_kinds_of_node(seed_store, view, graph_class, groups):
    graph = build_network(seed_store, view=view)
    assert type(graph) is graph_class
    assert {g for _, g in graph.nodes(data="group")} == groups


def test_edges_carry_relation_agreement_and_source(seed_store):
    graph = build_network(seed_store, view="actors", agreement=ID + "agreement/boras-2015")
    # Seed 002, Åtagandeplan 1: Stadsdelsförvaltningen Väster has the overall coordination of SSPF.
    data = graph.edges[ID + "org/boras-stad/stadsdelsforvaltningen-vaster", ID + "forum/boras/sspf", "coordinates"]
    assert data["agreement"] == ID + "agreement/boras-2015"
    assert data["source"] == ID + "document/boras-2015"
    assert "SSPF" in data["source_location"]
    assert {d["relation"] for _, _, d in graph.edges(data=True)} <= {
        "coordinates", "leads", "responsible_for", "participates_in", "supports", "follows_up", "member_of",
        "unit_of", "administration_of"}
    # only what the 2015 agreement states: Mark's forums are not in it
    assert not any("/forum/mark/" in n for n in graph)


def test_projected_weights_count_shared_forums_and_commitments(seed_store):
    graph = build_network(seed_store, view="actors-projected", agreement=ID + "agreement/mark-2022-2024")
    # Seed 003: Marks kommun and lokalpolisområde Borås both work in EST, SSPF, grannsamverkan, trygghetsvandringar.
    data = graph.edges[MARK, LPO_BORAS]
    assert data["forums"] >= 4 and data["weight"] == data["forums"] + data["commitments"]


def test_labels_are_swedish_by_default_and_english_on_request(seed_store):
    sv = build_network(seed_store, municipality=BORAS)
    en = build_network(seed_store, municipality=BORAS, lang="en")
    assert sv.nodes[FON]["label"] == "Fritids- och folkhälsonämnden"
    assert en.nodes[FON]["label"] == "Leisure and Public Health Committee"
    assert en.graph["title"].endswith("all agreements")


def test_agreement_title_names_the_agreement_and_its_date(seed_store):
    graph = build_network(seed_store, agreement=ID + "agreement/boras-2015")
    assert "2015" in graph.graph["title"] and "2015-12-14" in graph.graph["title"]  # signed 14 December 2015


def test_metrics_are_json_and_reproducible(boras):
    first, second = compute_metrics(boras), compute_metrics(boras)
    assert json.loads(json.dumps(first)) == first
    assert first == second
    assert first["betweenness"]["method"] == "exact"
    assert first["communities_method"] == {"method": "louvain", "seed": 42, "weight": "weight"}
    assert sum(c["size"] for c in first["components"]) == boras.number_of_nodes()


def test_unknown_view_is_refused(seed_store):
    with pytest.raises(ValueError, match="actors-projected"):
        build_network(seed_store, view="everything")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_keep_types_and_labels(boras, fmt):
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    again = reader(io.BytesIO(export_network(boras, fmt)))
    assert set(again) == set(boras)
    assert again.number_of_edges() == boras.number_of_edges()
    for node, data in boras.nodes(data=True):
        assert again.nodes[node]["type"] == data["type"]
        assert again.nodes[node]["label"] == data["label"]
    relations = {d["relation"] for _, _, d in again.edges(data=True)}
    assert "coordinates" in relations and "member_of" in relations


@pytest.mark.parametrize(("fmt", "nodes_key", "edges_key"), [("cyjs", "elements", "edges"), ("json", "nodes", "links")])
def test_json_exports_hold_every_node_and_edge(boras, fmt, nodes_key, edges_key):
    data = json.loads(export_network(boras, fmt))
    if fmt == "cyjs":
        nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
        assert {n["data"]["id"] for n in nodes} == set(boras)
        assert all("position" in n for n in nodes)
    else:
        nodes, edges = data["nodes"], data["links"]
        assert {n["id"] for n in nodes} == set(boras)
        assert all(e["source"] in boras for e in edges)  # the edge's end, not its source document
    assert len(edges) == boras.number_of_edges()


def test_dot_names_every_node(boras):
    text = export_network(boras, "dot").decode()
    assert text.startswith("digraph samverkan {") and text.rstrip().endswith("}")
    assert text.count(" -> ") == boras.number_of_edges()
    assert '"Fritids- och folkhälsonämnden"' in text


def test_svg_has_title_legend_and_the_top_actors_labels(boras):
    root = ET.fromstring(export_network(boras, "svg"))  # well-formed, text kept as text
    words = " ".join(" ".join(t.itertext()) for t in root.iter("{http://www.w3.org/2000/svg}text"))
    words = " ".join(words.split())  # long labels are wrapped over lines
    top = [r["label"] for r in compute_metrics(boras)["nodes"] if r["group"] == "actor"][:3]
    for label in top + ["Samverkansnätverk", "Borås Stad", "Nämnd", "Samverkansgrupp"]:
        assert label in words, label


def test_png_is_a_png(boras):
    assert export_network(boras, "png").startswith(b"\x89PNG\r\n\x1a\n")


def test_html_is_self_contained(boras):
    page = render_html(boras, title="Borås", lang="en")
    assert '<html lang="en">' in page and "vis.Network" in page
    assert "http://" not in page.split("<script>")[0] and "<link" not in page
    assert "src=\"http" not in page and "cdn" not in page.lower().split("vis-network")[0]
    assert "Fritids- och folkhälsonämnden" in page or "Leisure and Public Health Committee" in page


def test_cli_metrics_table_and_json(cli, built_store_dir):
    table = cli("network", "--store", built_store_dir, "--municipality", "Borås Stad", "--metrics", "--top", "5")
    assert table.exit_code == 0, table.output
    assert "Mellanhet" in table.stdout and "Fritids- och folkhälsonämnden" in table.stdout
    as_json = cli("network", "--store", built_store_dir, "--metrics", "--format", "json")
    assert as_json.exit_code == 0
    assert LPO_BORAS in json.loads(as_json.stdout)["brokers"]


def test_cli_writes_the_format_the_file_name_says(cli, built_store_dir, tmp_path):
    target = tmp_path / "mark.gexf"
    result = cli("network", "--store", built_store_dir, "--agreement", "mark-2022-2024", "-o", target)
    assert result.exit_code == 0, result.output
    assert nx.read_gexf(target).number_of_nodes() > 5


@pytest.mark.parametrize("args", [
    ["--agreement", "no-such-agreement"],
    ["--municipality", "Atlantis"],
    ["-o", "network.unknown"],
    ["--metrics", "--format", "svg"],
])
def test_cli_bad_input_exits_2_without_writing(cli, built_store_dir, tmp_path, args):
    args = [str(tmp_path / a) if a.startswith("network.") else a for a in args]
    result = cli("network", "--store", built_store_dir, *args)
    assert result.exit_code == 2
    assert result.stderr.startswith("fel: ")  # Swedish by default
    assert not list(tmp_path.iterdir())
