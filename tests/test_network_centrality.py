"""Our fast betweenness and broker counts give networkx's answers on real coordination networks."""

from __future__ import annotations

import networkx as nx
import pytest

from conftest import Cli

from samverkan.network import build_network
from samverkan.network.centrality import betweenness, brokers
from samverkan.network.metrics import undirected
from samverkan.store import open_store


def _reference_brokers(simple: nx.Graph, counted: str) -> dict[str, int]:
    """The definition, written plainly with networkx: an actor whose removal leaves ≥ 2 parts holding a `counted` node."""
    found = {}
    for node in nx.articulation_points(simple):
        if simple.nodes[node].get("group") != "actor":
            continue
        rest = simple.subgraph(nx.node_connected_component(simple, node) - {node})
        parts = sum(1 for part in nx.connected_components(rest)
                    if any(simple.nodes[m].get("group") == counted for m in part))
        if parts >= 2:
            found[node] = parts
    return found


def _assert_close(ours: dict, reference: dict) -> None:
    assert ours.keys() == reference.keys()
    assert all(abs(ours[n] - reference[n]) < 1e-12 for n in reference)


@pytest.fixture(scope="module")
def generated_network(tmp_path_factory):
    cli, folder = Cli(), tmp_path_factory.mktemp("centrality")
    assert cli("generate", "--municipalities", "8", "--years", "3", "-o", folder / "gen").exit_code == 0
    assert cli("build", "--store", folder / "store", folder / "gen").exit_code == 0
    store = open_store(str(folder / "store"))
    try:
        yield undirected(build_network(store, view="actors"))
    finally:
        store.close()


@pytest.mark.parametrize("view", ["actors", "actors-projected", "full"])
def test_exact_betweenness_is_networkx_on_the_seed_network(seed_store, view):
    simple = undirected(build_network(seed_store, view=view))
    assert simple.number_of_edges() > 0
    _assert_close(betweenness(simple), nx.betweenness_centrality(simple, normalized=True))


def test_exact_and_sampled_betweenness_are_networkx_on_a_generated_network(generated_network):
    simple = generated_network
    assert simple.number_of_nodes() > 100
    _assert_close(betweenness(simple), nx.betweenness_centrality(simple, normalized=True))
    for k, seed in ((10, 42), (37, 7)):
        _assert_close(betweenness(simple, k=k, seed=seed),
                      nx.betweenness_centrality(simple, k=k, normalized=True, seed=seed))


@pytest.mark.parametrize("counted", ["forum", "actor"])
def test_brokers_follow_the_definition(seed_store, generated_network, counted):
    for simple in (undirected(build_network(seed_store, view="actors")), generated_network):
        assert brokers(simple, counted) == _reference_brokers(simple, counted)
    assert _reference_brokers(generated_network, counted) or counted == "actor"
