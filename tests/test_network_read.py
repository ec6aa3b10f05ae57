"""The national network's reader: its few index-shaped queries give the statements the general queries give."""

from __future__ import annotations

from samverkan.namespaces import SAM
from samverkan.network import read
from samverkan.network.build import _full_graph


def _general(store) -> read.Rows:
    """read_all as it was: one FILTER over every quad for the edges, OPTIONALs for the provenance."""
    rows = read.Rows()
    read._add_types(store, rows, "")  # noqa: SLF001
    rows.provenance.update(read._tuples(store, read._PROVENANCE % "", ()))  # noqa: SLF001
    rows.edges.update(read._tuples(store, read._EDGES % "", ()))  # noqa: SLF001
    rows.memberships.update(read._tuples(store, read._MEMBERSHIPS % ("", read._BY_MEMBER), ()))  # noqa: SLF001
    rows.themes.update(read._tuples(store, read._THEMES, ()))  # noqa: SLF001
    return rows


def test_read_all_gives_the_statements_of_the_general_queries(embedded_seed_store):
    fast, general = read.read_all(embedded_seed_store), _general(embedded_seed_store)
    assert fast.provenance == general.provenance and fast.provenance
    assert fast.nodes == general.nodes and fast.memberships == general.memberships
    # only the agreement statements of initiatives and commitments are left out: the network never shows them
    areas = {x for x, _, root in general.nodes if root == SAM + "FocusArea"}
    left_out = general.edges - fast.edges
    assert fast.edges <= general.edges and left_out
    assert all(p == SAM + "inAgreement" and s not in areas for s, p, _, _ in left_out)
    built, expected = _full_graph(read.assemble(fast)), _full_graph(read.assemble(general))
    assert list(built.nodes(data=True)) == list(expected.nodes(data=True))
    assert list(built.edges(keys=True, data=True)) == list(expected.edges(keys=True, data=True))
