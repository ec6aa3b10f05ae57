"""`samverkan network`: the coordination network as a file for Gephi, Cytoscape or a browser, or its metrics."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import render_table, write_output
from ..resolve import resolve
from .common import LangOption, OutputOption, StoreOption, cli_errors, fail, resolve_lang, resolve_store, say


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
            fail(say("cli_format_from_name", name=output))
    chosen = chosen or ("table" if metrics else "json")
    if metrics and chosen not in ("table", "json"):
        fail(say("cli_metrics_format", format=chosen))
    if not metrics and chosen == "table":
        fail(say("cli_table_needs_metrics"))

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
    from ..i18n import format_number  # noqa: PLC0415
    from ..network.vocabulary import type_label  # noqa: PLC0415

    headers = ["#", *(say(k) for k in ("cli_col_node", "cli_col_type", "cli_col_degree", "cli_col_weighted_degree",
                                       "cli_col_betweenness", "cli_col_broker", "cli_col_community"))]
    rows = [[r["rank"], r["label"], type_label(r["type"], lang), r["degree"], r["weighted_degree"],
             format_number(r["betweenness"], lang, digits=3), say("yes") if r["broker"] else "", r["community"]]
            for r in result["nodes"][:top]]
    method = result["betweenness"]
    how = say("cli_exact") if method["method"] == "exact" else say("cli_sampled", k=method["samples"],
                                                                   seed=method["seed"])
    summary = say("cli_network_summary", title=result["title"], nodes=result["nodes_total"],
                  edges=result["edges_total"], components=len(result["components"]),
                  communities=len(result["communities"]), seed=result["communities_method"]["seed"], how=how)
    return summary + "\n\n" + render_table(headers, rows, max_width=50)
