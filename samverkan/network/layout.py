"""Node positions that keep components apart: each component laid out on its own, then packed in rows."""

from __future__ import annotations

import math

import networkx as nx

from .metrics import SEED, undirected

#: Kamada–Kawai (tidier, slower) up to this many nodes per component; a seeded spring layout above it
KAMADA_KAWAI_MAX_NODES = 60


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Positions (x, y) for every node, the same for the same graph (fixed seed, sorted input)."""
    simple = undirected(graph)
    components = sorted((sorted(c) for c in nx.connected_components(simple)), key=lambda c: (-len(c), c))
    connected = [c for c in components if len(c) > 1]
    singles = [c[0] for c in components if len(c) == 1]
    boxes = []  # (positions relative to the box's lower-left corner, width, height)
    for nodes in connected:
        sub = simple.subgraph(nodes)
        if len(nodes) <= 2:
            raw = {n: (float(i), 0.0) for i, n in enumerate(nodes)}
        elif len(nodes) <= KAMADA_KAWAI_MAX_NODES:
            start = nx.spring_layout(sub, seed=SEED, weight=None)
            raw = nx.kamada_kawai_layout(sub, pos=start, weight=None)
        else:
            raw = nx.spring_layout(sub, seed=SEED, weight=None, k=1.5 / math.sqrt(len(nodes)), iterations=80)
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        factor = math.sqrt(len(nodes)) * 1.6 / (max(max(xs) - min(xs), max(ys) - min(ys)) or 1.0)
        pos = {n: ((x - min(xs)) * factor, (y - min(ys)) * factor) for n, (x, y) in raw.items()}
        width = max(max(p[0] for p in pos.values()), 0.6)
        height = max(max(p[1] for p in pos.values()), 0.6)
        boxes.append((pos, width, height))

    total_width = max([b[1] for b in boxes] + [6.0])
    row_width = max(total_width, math.sqrt(sum(b[1] * b[2] for b in boxes) or 1.0) * 1.4)
    positions: dict[str, tuple[float, float]] = {}
    x = y = 0.0
    row_height = 0.0
    gap = 1.2
    for pos, width, height in boxes:
        if x > 0 and x + width > row_width:
            x, y = 0.0, y - row_height - gap
            row_height = 0.0
        for n, (px, py) in pos.items():
            positions[n] = (x + px, y - py)
        x += width + gap
        row_height = max(row_height, height)
    if singles:
        y -= row_height + gap
        per_row = max(1, int(row_width // 2.6))
        for i, n in enumerate(singles):
            positions[n] = ((i % per_row) * 2.6, y - (i // per_row) * 0.9)
    return positions
