"""Per-agreement summaries computed at build time and stored beside the data, so that no request validates the
whole graph: each agreement's validation report (findings, completeness figures, counts) and the findings outside
any agreement, each in its own named graph (see graphs), recomputed by `samverkan build` for what it changed
(see compute) and read by the pages and the API (see read)."""

from .compute import refresh
from .graphs import OUTSIDE_GRAPH, SUMMARY_PREFIX, is_summary_graph, summary_graph
from .read import stored_figures, stored_outside, stored_reports

__all__ = ["OUTSIDE_GRAPH", "SUMMARY_PREFIX", "is_summary_graph", "refresh", "stored_figures", "stored_outside",
           "stored_reports", "summary_graph"]
