"""`samverkan queries` and `samverkan query`: list the named questions and answer one (or ad-hoc SPARQL)."""

from __future__ import annotations

import json
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..output import render_table, write_output
from ..queries import PAGE_SIZE, QueryResult, list_queries, run_named, run_sparql
from .common import LangOption, OutputOption, StoreOption, cli_errors, fail, resolve_lang, resolve_store, say


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"


class ListFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("queries")(queries)
    app.command("query")(query)


@cli_errors
def queries(
    ctx: typer.Context,
    fmt: Annotated[ListFormat, typer.Option("--format", help="table or json")] = ListFormat.table,
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    """List the named queries: name, title and parameters."""
    language = resolve_lang(ctx, lang)
    named = list_queries()
    if fmt is ListFormat.json:
        write_output(json.dumps([q.to_dict(language) for q in named], ensure_ascii=False, indent=2), output)
        return
    headers = [say("cli_col_name"), say("cli_col_question"), say("cli_col_parameters")]
    rows = []
    for q in named:
        params = ", ".join(
            f"{p.name}" + ("?" if p.optional else "") + (f"={p.default}" if p.default else "") for p in q.params)
        if q.page_by:
            params += " (--page)"
        rows.append([q.name, q.title.get(language) or q.title["sv"], params])
    write_output(render_table(headers, rows, max_width=80), output)


@cli_errors
def query(
    ctx: typer.Context,
    name: Annotated[Optional[str], typer.Argument(help="Named query (see `samverkan queries`).")] = None,
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="Parameter as name=value; the value may be an IRI, a slug or an exact label. Repeatable.")] = None,
    file: Annotated[Optional[Path], typer.Option("--file", help="Run the SPARQL SELECT in this file instead of a named query.")] = None,
    sparql: Annotated[Optional[str], typer.Option("--sparql", help="Run this SPARQL SELECT instead of a named query.")] = None,
    fmt: Annotated[ResultFormat, typer.Option("--format", help="table, csv, tsv or json")] = ResultFormat.table,
    page: Annotated[Optional[int], typer.Option("--page", help="Only this page (from 1) of a query read by agreement (`samverkan queries` marks them): the rows of --page-size agreements.")] = None,
    page_size: Annotated[int, typer.Option("--page-size", help="Agreements per page with --page.")] = PAGE_SIZE,
    store: StoreOption = None,
    lang: LangOption = None,
    output: OutputOption = None,
) -> None:
    """Answer a named question (or run ad-hoc SPARQL) over the whole graph."""
    language = resolve_lang(ctx, lang)
    given = [x for x in (name, file, sparql) if x is not None]
    if len(given) != 1:
        fail(say("cli_query_exactly_one"))
    params = _parse_params(param or [])
    if params and name is None:
        fail(say("cli_only_named", option="--param"))
    if page is not None and name is None:
        fail(say("cli_only_named", option="--page"))
    with resolve_store(ctx, store, read_only=True) as st:
        if name is not None:
            result = run_named(st, name, params, language, page=page, page_size=page_size)
        elif file is not None:
            try:
                text = file.read_text(encoding="utf-8")
            except OSError as exc:
                fail(say("cli_cannot_read", file=str(file), reason=exc.strerror or exc))
            result = run_sparql(st, text, language, source=str(file))
        else:
            result = run_sparql(st, sparql, language, source="--sparql")
    write_output(_render(result, fmt), output)


def _parse_params(items: list[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            fail(say("cli_param_syntax", item=item))
        if key.strip() in params:
            fail(say("cli_param_twice", name=key.strip()))
        params[key.strip()] = value
    return params


def _render(result: QueryResult, fmt: ResultFormat) -> str:
    if fmt is ResultFormat.json:
        return result.to_json_text()
    if fmt is ResultFormat.csv:
        return result.to_csv()
    if fmt is ResultFormat.tsv:
        return result.to_tsv()
    return result.to_table()
