"""`samverkan network`: the coordination network as a file for Gephi, Cytoscape or a browser, or its metrics."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import render_table, write_output
from ..resolve import resolve
from .common import LangOption, OutputOption, StoreOption, cli_errors, fail, resolve_lang, resolve_store


class View(str, Enum):
    actors = "actors"
    projected = "actors-projected"
    full = "full"


class NetworkFormat(str, Enum):
    graphml = "graphml"
    gexf = "gexf"
    cyjs = "cyjs"
    json = "json"
    dot = "dot"
    svg = "svg"
    png = "png"
    html = "html"
    table = "table"


def register(app: typer.Typer) -> None:
    app.command("network")(network)


@cli_errors
def network(
    ctx: typer.Context,
    agreement: Annotated[Optional[str], typer.Option("--agreement", help="Only this agreement (IRI, slug or label).")] = None,
    municipality: Annotated[Optional[str], typer.Option("--municipality", help="Only this municipality's network.")] = None,
    theme: Annotated[Optional[str], typer.Option("--theme", help="Only work on this national theme.")] = None,
    view: Annotated[View, typer.Option("--view", help="actors (organisations and forums), actors-projected (organisation ↔ organisation) or full.")] = View.actors,
    fmt: Annotated[Optional[NetworkFormat], typer.Option("--format", help="graphml, gexf, cyjs, json, dot, svg, png, html; with --metrics: table or json. Default: from the -o file name, else json (table with --metrics).")] = None,
    metrics: Annotated[bool, typer.Option("--metrics", help="Rank the nodes by betweenness: degree, brokers, communities.")] = False,
    top: Annotated[int, typer.Option("--top", min=1, help="Rows in the --metrics table.")] = 20,
    store: StoreOption = None,
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    """Build the coordination network (who coordinates, leads, takes part in what) and write it or its metrics."""
    from ..network import build_network, compute_metrics, export_network  # noqa: PLC0415 - keeps `--help` fast
    from ..network.export import SUFFIXES  # noqa: PLC0415

    language = resolve_lang(ctx, lang)
    chosen = fmt.value if fmt else None
    if chosen is None and output and output != "-":
        chosen = SUFFIXES.get(Path(output).suffix.lower())
        if chosen is None:
            fail(f"cannot tell the format from the file name {output!r}; give --format")
    chosen = chosen or ("table" if metrics else "json")
    if metrics and chosen not in ("table", "json"):
        fail(f"--metrics writes a table or json, not {chosen}")
    if not metrics and chosen == "table":
        fail("--format table needs --metrics")

    with resolve_store(ctx, store, read_only=True) as st:
        filters = {
            "agreement": resolve(st, agreement, "agreement") if agreement else None,
            "municipality": resolve(st, municipality, "municipality") if municipality else None,
            "theme": resolve(st, theme, "theme") if theme else None,
        }
        graph = build_network(st, view=view.value, lang=language, **filters)

    if not metrics:
        write_output(export_network(graph, chosen, lang=language), output)
        return
    result = compute_metrics(graph)
    if chosen == "json":
        write_output(json.dumps(result, ensure_ascii=False, indent=2), output)
        return
    write_output(_metrics_table(result, top, language), output)


def _metrics_table(result: dict, top: int, lang: str) -> str:
    sv = lang != "en"
    headers = (["#", "Nod", "Typ", "Grad", "Viktad grad", "Mellanhet", "Mäklare", "Grupp"] if sv else
               ["#", "Node", "Type", "Degree", "Weighted degree", "Betweenness", "Broker", "Community"])
    from ..network.vocabulary import type_label  # noqa: PLC0415

    yes = "ja" if sv else "yes"
    rows = [[r["rank"], r["label"], type_label(r["type"], lang), r["degree"], r["weighted_degree"],
             f"{r['betweenness']:.3f}", yes if r["broker"] else "", r["community"]] for r in result["nodes"][:top]]
    method = result["betweenness"]
    how = ("exakt" if sv else "exact") if method["method"] == "exact" else (
        f"{'stickprov' if sv else 'sampled'} k={method['samples']}, seed={method['seed']}")
    summary = (f"{result['title']}: {result['nodes_total']} noder, {result['edges_total']} kopplingar, "
               f"{len(result['components'])} komponenter, {len(result['communities'])} grupper (Louvain, seed "
               f"{result['communities_method']['seed']}); mellanhet {how}" if sv else
               f"{result['title']}: {result['nodes_total']} nodes, {result['edges_total']} ties, "
               f"{len(result['components'])} components, {len(result['communities'])} communities (Louvain, seed "
               f"{result['communities_method']['seed']}); betweenness {how}")
    return summary + "\n\n" + render_table(headers, rows, max_width=50)
