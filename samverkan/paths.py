"""Where the declarative parts live: in the source tree, or inside the installed wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_WHEEL_DATA = _PACKAGE / "_data"
_SOURCE_TREE = _PACKAGE.parent


def data_root() -> Path:
    """The folder holding ontology/, shapes/, queries/ and graph/."""
    if (_WHEEL_DATA / "ontology").is_dir():
        return _WHEEL_DATA
    return _SOURCE_TREE


def ontology_file() -> Path:
    return data_root() / "ontology" / "samverkan.ttl"


def shapes_dir() -> Path:
    return data_root() / "shapes"


def queries_dir() -> Path:
    return data_root() / "queries"


def graph_dir() -> Path:
    return data_root() / "graph"
