"""Turn what a user typed for each parameter into an RDF term (never into query text)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import SamverkanError
from ..i18n import Worded, error_text, gettext
from ..namespaces import XSD
from ..resolve import resolve
from ..store import Store
from .catalog import LITERAL_TYPES, NamedQuery, QueryParam


class ParamError(Worded):
    """A parameter is unknown, missing or has a value of the wrong form: a catalogue entry (`text(lang)`); a value
    that is itself an error (why a name names nothing) or a function of the language is given in the reader's
    language too."""

    def text(self, lang: str) -> str:
        values = {k: error_text(v, lang) if isinstance(v, BaseException) else v(lang) if callable(v) else v
                  for k, v in self.values.items()}
        return gettext(self.key, lang, **values)


#: the form of each literal type; what it must be is the catalogue's `q_expect_<type>`
_CHECKS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
    "integer": re.compile(r"^[+-]?\d+$"),
    "decimal": re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$"),
    "boolean": re.compile(r"^(true|false)$"),
}


def bind_params(store: Store, query: NamedQuery, params: Mapping[str, str]) -> dict[str, ox.NamedNode | ox.Literal | None]:
    """One term per declared parameter (None = left out), after checking names, presence and form."""
    declared = {p.name for p in query.params}
    unknown = sorted(set(params) - declared)
    if unknown:
        raise ParamError("q_err_no_such_param", query=repr(query.name), names=", ".join(map(repr, unknown)),
                         valid=lambda lang: ", ".join(
                             f"{p.name} ({p.type}, {gettext('q_param_optional' if p.optional else 'q_param_required', lang)})"
                             for p in query.params) or "–")
    bound: dict[str, ox.NamedNode | ox.Literal | None] = {}
    for param in query.params:
        value = params.get(param.name)
        if value is None or not str(value).strip():
            value = _default(param)
        if value is None:
            if not param.optional:
                raise ParamError("q_err_needs_param", query=repr(query.name), name=param.name)
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
            raise ParamError("q_err_param_names_nothing", name=repr(param.name), reason=exc) from exc
    if param.type == "string":
        return ox.Literal(value)
    if not _CHECKS[param.type].match(value):
        raise ParamError(f"q_err_form_{param.type}", name=repr(param.name), query=repr(query.name), value=repr(value))
    if param.type == "date":
        try:
            dt.date.fromisoformat(value)
        except ValueError as exc:
            raise ParamError("q_err_no_such_date", name=repr(param.name), query=repr(query.name), value=repr(value)) from exc
    return ox.Literal(value, datatype=ox.NamedNode(XSD + LITERAL_TYPES[param.type]))
