"""Turn what a user typed for each parameter into an RDF term (never into query text)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import SamverkanError
from ..namespaces import XSD
from ..resolve import resolve
from ..store import Store
from .catalog import LITERAL_TYPES, NamedQuery, QueryParam


class ParamError(SamverkanError):
    """A parameter is unknown, missing or has a value of the wrong form."""


_CHECKS = {
    "date": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "a date YYYY-MM-DD"),
    "year": (re.compile(r"^\d{4}$"), "a year YYYY"),
    "integer": (re.compile(r"^[+-]?\d+$"), "a whole number"),
    "decimal": (re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"), "a number"),
    "boolean": (re.compile(r"^(true|false)$"), "true or false"),
}


def bind_params(store: Store, query: NamedQuery, params: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal | None]:
    """One term per declared parameter (None = left out), after checking names, presence and form."""
    declared = {p.name for p in query.params}
    unknown = sorted(set(params) - declared)
    if unknown:
        valid = ", ".join(f"{p.name} ({p.type}, {'optional' if p.optional else 'required'})" for p in query.params)
        raise ParamError(f"query {query.name!r} has no parameter {', '.join(map(repr, unknown))}; "
                         f"valid parameters: {valid or 'none'}")
    bound: dict[str, ox.NamedNode | ox.Literal | None] = {}
    for param in query.params:
        value = params.get(param.name)
        if value is None or not str(value).strip():
            value = _default(param)
        if value is None:
            if not param.optional:
                raise ParamError(f"query {query.name!r} needs parameter {param.name!r} ({param.type}): "
                                 f"--param {param.name}=…")
            bound[param.name] = None
            continue
        bound[param.name] = _term(store, query, param, str(value).strip())
    return bound


def _default(param: QueryParam) -> str | None:
    if param.default == "today":
        return dt.date.today().isoformat()
    return param.default


def _term(store: Store, query: NamedQuery, param: QueryParam, value: str) -> ox.NamedNode | ox.Literal:
    if not param.is_literal:
        try:
            return ox.NamedNode(resolve(store, value, param.kind))
        except SamverkanError as exc:
            raise ParamError(f"parameter {param.name!r}: {exc}") from exc
    if param.type == "string":
        return ox.Literal(value)
    pattern, expected = _CHECKS[param.type]
    if not pattern.match(value):
        raise ParamError(f"parameter {param.name!r} of query {query.name!r} must be {expected}, got {value!r}")
    if param.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ParamError(f"parameter {param.name!r} of query {query.name!r}: {value!r} is not a real date ({exc})") from exc
    return ox.Literal(value, datatype=ox.NamedNode(XSD + LITERAL_TYPES[param.type]))
