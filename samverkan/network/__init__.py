"""The coordination network: who works with whom, as a networkx graph, its metrics, exports and pictures."""

from .build import VIEWS, build_network
from .export import FORMATS, export_network
from .interactive import render_html
from .metrics import compute_metrics

__all__ = ["VIEWS", "FORMATS", "build_network", "compute_metrics", "export_network", "render_html"]
