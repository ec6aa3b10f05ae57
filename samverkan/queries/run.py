"""Running named and ad-hoc queries: bind parameters as terms, pick labels, return a QueryResult."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import SourceError
from ..labels import LANGUAGES, labels
from ..store import QueryError, Store
from ..store.base import strip_comments_and_strings
from .catalog import get_query
from .params import ParamError, bind_params
from .result import QueryResult

_LANG_VAR = re.compile(r"\?lang\b")
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)


def run_named(store: Store, name: str, params: Mapping[str, str] | None = None, lang: str = "sv") -> QueryResult:
    """Answer the named query `name` with the user's parameter values (IRI, slug or exact label)."""
    query = get_query(name)
    bindings = bind_params(store, query, params or {})
    return _run(store, query.name, query.text, bindings, lang)


def run_sparql(store: Store, text: str, lang: str = "sv", source: str = "<sparql>") -> QueryResult:
    """Run an ad-hoc SELECT over the union of all graphs; a syntax error names line and column."""
    try:
        return _run(store, source, text, {}, lang)
    except QueryError as exc:
        match = _POSITION.search(str(exc))
        if match:
            line, column, message = int(match.group(1)), int(match.group(2)), match.group(3).strip()
            raise SourceError(source, line, f"malformed SPARQL: {message}", column) from exc
        raise


def _run(store: Store, name: str, text: str, bindings: dict, lang: str) -> QueryResult:
    if lang not in LANGUAGES:
        raise ParamError(f"unknown language {lang!r}; use one of {', '.join(LANGUAGES)}")
    if _LANG_VAR.search(strip_comments_and_strings(text)) and "lang" not in bindings:
        bindings = {**bindings, "lang": ox.Literal(lang)}
    result = store.select(text, bindings or None)
    rows = prefer_language(result.rows, result.variables, lang)
    iris = {t.value for row in rows for t in row.values() if isinstance(t, ox.NamedNode)}
    return QueryResult(name, list(result.variables), rows, labels(store, iris, lang), lang)


def _rank(term, lang: str) -> int:
    tag = (term.language or "").lower()
    return 0 if tag == lang else 1 if tag in LANGUAGES else 2


def prefer_language(rows: list[dict], columns: list[str], lang: str) -> list[dict]:
    """Of rows that differ only in language-tagged literals, keep those in `lang` (else the other language).

    An agreement with follow-up frequency "Årligen"@sv and "Yearly"@en gives one row, not two.
    """
    tagged = [c for c in columns if any(isinstance(r.get(c), ox.Literal) and r[c].language for r in rows)]
    if not tagged:
        return rows
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        key = tuple(None if c in tagged and isinstance(row.get(c), ox.Literal) and row[c].language else row.get(c)
                    for c in columns)
        groups.setdefault(key, []).append(row)
    kept = []
    for row in rows:
        group = groups[tuple(None if c in tagged and isinstance(row.get(c), ox.Literal) and row[c].language
                             else row.get(c) for c in columns)]
        if all(_rank_of(row, c, lang) == min(_rank_of(r, c, lang) for r in group) for c in tagged):
            kept.append(row)
    return kept


def _rank_of(row: dict, column: str, lang: str) -> int:
    term = row.get(column)
    return _rank(term, lang) if isinstance(term, ox.Literal) and term.language else 0
