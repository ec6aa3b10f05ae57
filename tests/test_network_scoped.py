"""A municipality's or an agreement's network read on its own is the cut from the whole country's network."""

from __future__ import annotations

import networkx as nx
import pytest

from samverkan.network import VIEWS, build_network
from samverkan.network import build as network_build
from samverkan.store import open_store

SAM = "https://w3id.org/samverkan/ontology#"
MUNICIPALITIES = f"SELECT DISTINCT ?m WHERE {{ ?m a <{SAM}Municipality> }} ORDER BY ?m"
AGREEMENTS = f"SELECT DISTINCT ?a WHERE {{ ?a a <{SAM}Agreement> }} ORDER BY ?a"


def _iris(store, query: str) -> list[str]:
    return [row[next(iter(row))].value for row in store.select(query)]


def _from_national(store, view: str, agreement: str | None, municipality: str | None) -> nx.Graph:
    raw, full = network_build._national(store)
    return network_build._cut_network(store, raw, full, view, agreement, municipality, None, "sv")


def _assert_same(scoped: nx.Graph, national: nx.Graph) -> None:
    assert type(scoped) is type(national)
    assert list(scoped.nodes(data=True)) == list(national.nodes(data=True))
    if scoped.is_multigraph():
        assert list(scoped.edges(keys=True, data=True)) == list(national.edges(keys=True, data=True))
    else:
        assert list(scoped.edges(data=True)) == list(national.edges(data=True))
    assert scoped.graph == national.graph


def _check_every_filter(store) -> int:
    """Every municipality, every agreement and each municipality with its first agreement, in every view."""
    municipalities, agreements = _iris(store, MUNICIPALITIES), _iris(store, AGREEMENTS)
    assert municipalities and agreements
    cases = [(None, m) for m in municipalities] + [(a, None) for a in agreements]
    cases += [(agreements[0], m) for m in municipalities]
    nonempty = 0
    for agreement, municipality in cases:
        for view in VIEWS:
            scoped = build_network(store, view=view, agreement=agreement, municipality=municipality)
            _assert_same(scoped, _from_national(store, view, agreement, municipality))
            nonempty += scoped.number_of_nodes() > 0
    return nonempty


def test_scoped_networks_equal_the_cut_from_the_national_network_on_the_seed_graph(seed_store):
    assert _check_every_filter(seed_store) > 0


def test_scoped_networks_equal_the_cut_on_generated_municipalities(cli, tmp_path):
    source, store_dir = tmp_path / "gen", tmp_path / "store"
    assert cli("generate", "--municipalities", "6", "--years", "3", "-o", source).exit_code == 0
    assert cli("build", "--store", store_dir, source).exit_code == 0
    store = open_store(str(store_dir))
    try:
        assert _check_every_filter(store) > 0
    finally:
        store.close()


@pytest.mark.parametrize("view", VIEWS)
def test_a_municipality_network_holds_the_municipality_and_the_police_area_it_signs_with(seed_store, view):
    boras = "https://w3id.org/samverkan/id/org/boras-stad"
    graph = build_network(seed_store, view=view, municipality=boras)
    own = {n for n, d in graph.nodes(data=True) if d["municipality"] == boras}
    assert boras in own
    assert "https://w3id.org/samverkan/id/org/polisen/lpo-boras" in graph
