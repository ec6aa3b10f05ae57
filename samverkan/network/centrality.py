"""Betweenness and brokers in linear-algebra and linear time: the same numbers as networkx, much faster.

Betweenness is Brandes' algorithm run for a batch of sources at once, breadth-first level by level with
sparse matrix products (scipy); it gives networkx's betweenness_centrality (unweighted, normalized,
without endpoints; the same sampled sources for the same seed) up to floating-point rounding.
"""

from __future__ import annotations

import random

import networkx as nx
from networkx.algorithms.centrality.betweenness import _rescale

_BATCH = 128  # sources per batch: n × _BATCH floats per matrix


def betweenness(simple: nx.Graph, k: int | None = None, seed: int | None = None) -> dict:
    """nx.betweenness_centrality(simple, k=k, normalized=True, seed=seed) for a simple undirected graph."""
    import numpy as np  # noqa: PLC0415 - numpy and scipy only when centrality is computed (import ≈ 0.2 s)
    import scipy.sparse as sp  # noqa: PLC0415
    nodes = list(simple)
    n = len(nodes)
    if k == n:
        k = None
    sources = nodes if k is None else random.Random(seed).sample(nodes, k)
    index = {node: i for i, node in enumerate(nodes)}
    rows, cols = [], []
    for u, v in simple.edges():
        if u != v:
            rows += (index[u], index[v])
            cols += (index[v], index[u])
    adjacency = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    total = np.zeros(n)
    ids = np.array([index[s] for s in sources], dtype=np.int64)
    for start in range(0, len(ids), _BATCH):
        total += _dependencies(adjacency, ids[start:start + _BATCH])
    found = {node: float(total[i]) for i, node in enumerate(nodes)}
    return _rescale(found, n, normalized=True, directed=False, endpoints=False,
                    sampled_nodes=None if k is None else sources)


def _dependencies(adjacency: sp.csr_matrix, sources: np.ndarray) -> np.ndarray:
    """Per node, the sum over `sources` of its dependency δ_s(v) (Brandes), sources excluded."""
    import numpy as np  # noqa: PLC0415
    n, batch = adjacency.shape[0], len(sources)
    columns = np.arange(batch)
    sigma = np.zeros((n, batch))
    depth = np.full((n, batch), -1, dtype=np.int32)
    sigma[sources, columns] = 1.0
    depth[sources, columns] = 0
    frontier = sigma.copy()
    level = 0
    while True:
        reached = adjacency @ frontier
        reached[depth >= 0] = 0.0
        if not reached.any():
            break
        level += 1
        depth[reached > 0] = level
        sigma += reached
        frontier = reached
    delta = np.zeros((n, batch))
    safe = np.where(sigma > 0, sigma, 1.0)
    for d in range(level, 0, -1):
        share = np.where(depth == d, (1.0 + delta) / safe, 0.0)
        delta += np.where(depth == d - 1, sigma * (adjacency @ share), 0.0)
    delta[sources, columns] = 0.0
    return delta.sum(axis=1)


def brokers(simple: nx.Graph, counted: str) -> dict[str, int]:
    """Actor → number of parts holding a node of group `counted` that its removal leaves (when ≥ 2).

    From the block-cut tree of each component: removing a cut vertex leaves one part per block beside it,
    the part of a block being everything beyond it in the tree."""
    weight = {node: int(group == counted) for node, group in simple.nodes(data="group")}
    found = {}
    for component in nx.connected_components(simple):
        sub = simple.subgraph(component)
        cuts = set(nx.articulation_points(sub))
        if not cuts:
            continue
        blocks = [frozenset(b) for b in nx.biconnected_components(sub)]
        tree: dict = {("cut", c): [] for c in cuts}
        own = {}
        for i, block in enumerate(blocks):
            tree[("block", i)] = [("cut", c) for c in block & cuts]
            for c in block & cuts:
                tree[("cut", c)].append(("block", i))
            own[("block", i)] = sum(weight[m] for m in block - cuts)
        for c in cuts:
            own[("cut", c)] = weight[c]
        below, parent = _subtree_sums(tree, own, ("block", 0))
        whole = below[("block", 0)]
        for c in cuts:
            if simple.nodes[c].get("group") != "actor":
                continue
            node = ("cut", c)
            parts = [below[b] for b in tree[node] if parent.get(b) == node]
            if parent.get(node) is not None:
                parts.append(whole - below[node])
            held = sum(1 for p in parts if p > 0)
            if held >= 2:
                found[c] = held
    return found


def _subtree_sums(tree: dict, own: dict, root) -> tuple[dict, dict]:
    """Per tree node, the sum of `own` over its subtree when rooted at `root`; and each node's parent."""
    parent, order, stack = {root: None}, [], [root]
    while stack:
        node = stack.pop()
        order.append(node)
        for nxt in tree[node]:
            if nxt not in parent:
                parent[nxt] = node
                stack.append(nxt)
    below = dict.fromkeys(order, 0)
    for node in reversed(order):
        below[node] += own[node]
        if parent[node] is not None:
            below[parent[node]] += below[node]
    return below, parent
