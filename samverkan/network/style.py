"""How the network page draws each kind of node and link: shape, colour, line style (no words: those are in
the message catalogues as net_type_<type> and net_rel_<relation>).

Shapes are polygons in Cytoscape's unit square (x and y from -1 to 1, y down), so the picture and the
legend's small SVG drawings are the same figure; "ellipse" is a circle."""

from __future__ import annotations

import math

from .vocabulary import TYPE_COLOURS


def _regular(n: int, turn: float = 0.0) -> list[tuple[float, float]]:
    """A regular n-gon with a corner at the top (turned by `turn` of a full circle)."""
    return [(round(math.sin(2 * math.pi * (i / n + turn)), 3), round(-math.cos(2 * math.pi * (i / n + turn)), 3))
            for i in range(n)]


def _star() -> list[tuple[float, float]]:
    corners = []
    for i in range(10):
        r = 1.0 if i % 2 == 0 else 0.45
        a = math.pi * i / 5
        corners.append((round(r * math.sin(a), 3), round(-r * math.cos(a), 3)))
    return corners


SHAPES: dict[str, list[tuple[float, float]] | None] = {
    "ellipse": None,
    "hexagon": _regular(6, 1 / 12),
    "pentagon": _regular(5),
    "octagon": _regular(8, 1 / 16),
    "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
    "cut-square": [(-0.5, -1), (0.5, -1), (1, -0.5), (1, 0.5), (0.5, 1), (-0.5, 1), (-1, 0.5), (-1, -0.5)],
    "tall-square": [(-0.7, -1), (0.7, -1), (0.7, 1), (-0.7, 1)],
    "rhomboid": [(-0.5, -1), (1, -1), (0.5, 1), (-1, 1)],
    "diamond": [(0, -1), (1, 0), (0, 1), (-1, 0)],
    "star": _star(),
    "triangle": [(0, -1), (1, 1), (-1, 1)],
    "vee": [(-1, -1), (0, -0.4), (1, -1), (0, 1)],
}

#: node type → shape: actors round or many-cornered, forums four-cornered, the agreement's parts pointed
TYPE_SHAPES: dict[str, str] = {
    "municipality": "ellipse", "police": "hexagon", "committee": "ellipse", "administration": "ellipse",
    "company": "pentagon", "agency": "octagon", "organisation": "ellipse",
    "council": "square", "steering_group": "cut-square", "collaboration_group": "tall-square",
    "network": "rhomboid", "forum": "square",
    "method": "diamond", "agreement": "star", "area": "triangle", "initiative": "vee", "commitment": "ellipse",
}

#: relation → (colour, line style, width); colours keep 3:1 against white (WCAG 1.4.11), and no two
#: relations of one view share colour and line style
RELATION_STYLES: dict[str, tuple[str, str, float]] = {
    "coordinates": ("#B34700", "solid", 3.0),
    "leads": ("#0B5394", "solid", 3.0),
    "responsible_for": ("#1B7F5A", "dashed", 2.5),
    "follows_up": ("#7B3294", "dashed", 2.5),
    "participates_in": ("#555555", "solid", 1.5),
    "supports": ("#A34E8C", "dotted", 2.5),
    "member_of": ("#555555", "dashed", 1.5),
    "unit_of": ("#8A8F99", "solid", 1.0),
    "administration_of": ("#8A8F99", "dashed", 1.0),
    "works_with": ("#555555", "solid", 1.5),
    "commits_to": ("#B34700", "dotted", 1.5),
    "party_to": ("#0B5394", "dotted", 1.5),
    "uses_method": ("#8A6D00", "dashed", 1.5),
    "forum_of": ("#6E7580", "dotted", 1.5),
    "part_of": ("#8A8F99", "solid", 1.0),
    "in_area": ("#8A8F99", "dashed", 1.0),
    "in_agreement": ("#6E7580", "solid", 1.0),
}
_DEFAULT_RELATION = ("#6E7580", "solid", 1.0)

#: the dash pattern of each line style in the legend's SVG (Cytoscape draws its own)
DASHES = {"solid": "", "dashed": "6 4", "dotted": "1.5 3"}

#: the relations in the order the legend and the filter list them
RELATION_ORDER = list(RELATION_STYLES)


def node_look(kind: str) -> dict:
    """The colour and shape name of a node type."""
    return {"colour": TYPE_COLOURS.get(kind, "#999999"), "shape": TYPE_SHAPES.get(kind, "ellipse")}


def edge_look(relation: str) -> dict:
    """The colour, line style and width of a relation."""
    colour, line, width = RELATION_STYLES.get(relation, _DEFAULT_RELATION)
    return {"colour": colour, "line": line, "width": width}


def polygon(shape: str) -> str | None:
    """Cytoscape's shape-polygon-points of a shape ("x1 y1 x2 y2 …"), None for a circle."""
    points = SHAPES.get(shape)
    return None if points is None else " ".join(f"{x:g} {y:g}" for x, y in points)


def svg_points(shape: str, size: float = 16.0) -> str | None:
    """The shape as SVG polygon points in a size×size box, None for a circle."""
    points = SHAPES.get(shape)
    if points is None:
        return None
    half = size / 2
    return " ".join(f"{half + x * (half - 1):g},{half + y * (half - 1):g}" for x, y in points)
