"""Running named and ad-hoc queries: bind parameters as terms, pick labels, return a QueryResult."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from ..errors import SourceError
from ..i18n import WordedSourceError
from ..labels import LANGUAGES, labels
from ..namespaces import XSD, sparql_prefixes
from ..resolve import KINDS
from ..sparql_guard import QueryRefused, check_bounds, check_no_outgoing
from ..store import QueryError, Store
from ..store.base import bind_values, strip_comments_and_strings, where_group_start
from .catalog import NamedQuery, get_query
from .params import ParamError, bind_params
from .result import QueryResult

_LANG_VAR = re.compile(r"\?lang\b")
# The parser's "error at LINE:COLUMN: reason" (pyoxigraph; a remote store passes its server's words on).
_POSITION = re.compile(r"error at (\d+):(\d+):?\s*(.*)", re.DOTALL)


#: agreements per page when a paged query is read a page at a time
PAGE_SIZE = 20

_PAGE_KEYS = sparql_prefixes() + "SELECT DISTINCT ?key WHERE { ?key a ?class . ?class rdfs:subClassOf* ?root }"


def run_named(store: Store, name: str, params: Mapping[str, str] | None = None, lang: str = "sv",
              page: int | None = None, page_size: int = PAGE_SIZE) -> QueryResult:
    """Answer the named query `name` with the user's parameter values (IRI, slug or exact label).

    With `page` (from 1), a query with a `# page: agreement` header and no agreement given answers only the
    rows of the page's `page_size` agreements, in order; the result's `page` says which and how many there
    are. Other queries, or an agreement given, answer in full (one page)."""
    query = get_query(name)
    bindings = bind_params(store, query, params or {})
    if page is not None and query.page_by and bindings.get(query.page_by) is None:
        return _run_page(store, query, bindings, lang, page, page_size)
    result = _run(store, query.name, query.text, bindings, lang, query.inline, query.sort_in_python)
    result.column_titles = query.column_titles
    if page is not None:
        _check_page(page, page_size, 1)
        result.page = {"number": 1, "size": page_size, "pages": 1, "by": query.page_by, "keys": None}
    return result


def page_keys(store: Store, query: NamedQuery) -> list[str]:
    """The values a paged query's pages run through, in order: every thing of its page parameter's kind."""
    roots = KINDS[query.param(query.page_by).kind] or (None,)
    found = set()
    for root in roots:
        rows = store.select(_PAGE_KEYS, {"root": ox.NamedNode(root)} if root else None)
        found.update(row["key"].value for row in rows if isinstance(row.get("key"), ox.NamedNode))
    return sorted(found)


def _check_page(page: int, page_size: int, pages: int) -> None:
    if page_size < 1:
        raise ParamError("q_err_page_size", size=page_size)
    if page < 1 or page > pages:
        raise ParamError("q_err_no_such_page", page=page, pages=pages)


def _run_page(store: Store, query: NamedQuery, bindings: dict, lang: str, page: int, page_size: int) -> QueryResult:
    keys = page_keys(store, query)
    pages = max(1, -(-len(keys) // page_size)) if page_size > 0 else 1
    _check_page(page, page_size, pages)
    chosen = keys[(page - 1) * page_size:page * page_size]
    text, order = split_order_by(query.text) if query.sort_in_python else (query.text, None)
    variables, rows = [], []
    for key in chosen:  # one selective query per agreement: each reads only that agreement's part of the graph
        answer = _select(store, text, {**bindings, query.page_by: ox.NamedNode(key)}, lang, query.inline)
        variables = variables or list(answer.variables)
        rows += sort_rows(answer.rows, order) if order else answer.rows
    if not variables:  # no agreement on this page (an empty store): the query's own answer names the columns
        answer = _select(store, text, bindings, lang, query.inline)
        variables, rows = list(answer.variables), sort_rows(answer.rows, order) if order else answer.rows
    result = _finish(store, query.name, variables, rows, lang)
    result.column_titles = query.column_titles
    result.page = {"number": page, "size": page_size, "pages": pages, "by": query.page_by, "keys": len(keys)}
    return result


def run_sparql(store: Store, text: str, lang: str = "sv", source: str = "<sparql>") -> QueryResult:
    """Run an ad-hoc SELECT over the union of all graphs; a syntax error names line and column.
    A text nested too deep for the parser, or one that asks for SERVICE, is refused before it runs (SourceError)."""
    try:
        check_bounds(text)
        check_no_outgoing(text)
    except QueryRefused as exc:
        raise SourceError(source, None, exc.text(lang)) from exc
    try:
        return _run(store, source, text, {}, lang)
    except QueryError as exc:
        match = _POSITION.search(str(exc))
        if match:
            line, column = _user_position(text, lang, int(match.group(1)), int(match.group(2)))
            raise WordedSourceError(source, line, "q_err_malformed", column, reason=match.group(3).strip()) from exc
        raise


def _binds_lang(text: str) -> bool:
    """The query names ?lang and has a WHERE group to bind it in (`SELECT ?lang { … }` leaves it free)."""
    plain = strip_comments_and_strings(text)
    return bool(_LANG_VAR.search(plain)) and where_group_start(plain) is not None


def _user_position(text: str, lang: str, line: int, column: int) -> tuple[int, int]:
    """A parser position in the query as sent (with the ?lang VALUES block, if any) as a position in `text`."""
    if not _binds_lang(text):
        return line, column
    sent = bind_values(text, {"lang": ox.Literal(lang)})
    start, added = where_group_start(strip_comments_and_strings(text)), len(sent) - len(text)
    offset = sum(len(x) + 1 for x in sent.split("\n")[:line - 1]) + column - 1
    if offset < start:
        return line, column
    offset = max(start, offset - added)
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _run(store: Store, name: str, text: str, bindings: dict, lang: str, inline=(), sort_in_python=False) -> QueryResult:
    order = None
    if sort_in_python:
        text, order = split_order_by(text)
    result = _select(store, text, bindings, lang, inline)
    rows = sort_rows(result.rows, order) if order else result.rows
    return _finish(store, name, result.variables, rows, lang)


def _select(store: Store, text: str, bindings: dict, lang: str, inline=()):
    if lang not in LANGUAGES:
        raise ParamError("q_err_language", lang=repr(lang), langs=", ".join(LANGUAGES))
    if _binds_lang(text) and "lang" not in bindings:
        bindings = {**bindings, "lang": ox.Literal(lang)}
    if inline:
        text, bindings = inline_bindings(text, bindings, inline)
    return store.select(text, bindings or None)


def _finish(store: Store, name: str, variables, rows: list[dict], lang: str) -> QueryResult:
    rows = prefer_language(rows, variables, lang)
    iris = {t.value for row in rows for t in row.values() if isinstance(t, ox.NamedNode)}
    return QueryResult(name, list(variables), rows, labels(store, iris, lang), lang)


_NESTED = re.compile(r"\b(MINUS|SERVICE)\b", re.IGNORECASE)
_SUBSELECT = re.compile(r"\bSELECT\b(?P<projection>[^{]*?)(?:\bWHERE\b)?\s*\{", re.IGNORECASE)


def _subselects(plain_body: str) -> list[tuple[tuple[int, int], tuple[int, int], set[str] | None, set[str]]] | None:
    """Each nested SELECT as (projection span, its group's span, the plainly projected names or None for `*`,
    the names used inside projected expressions); None when a sub-SELECT cannot be read."""
    found = []
    for match in _SUBSELECT.finditer(plain_body):
        projection = match.group("projection")
        expressions = "".join(re.findall(r"\((?:[^()]|\([^()]*\))*\)", projection))
        plain_part = re.sub(r"\((?:[^()]|\([^()]*\))*\)", " ", projection)
        names = set(re.findall(r"[?$](\w+)", plain_part))
        star = plain_part.replace("DISTINCT", "").replace("REDUCED", "").strip() == "*"
        depth, stop = 1, None
        for i in range(match.end(), len(plain_body)):
            depth += {"{": 1, "}": -1}.get(plain_body[i], 0)
            if depth == 0:
                stop = i
                break
        if stop is None or (not names and not expressions and not star):
            return None
        found.append((match.span("projection"), (match.end(), stop), None if star else names,
                      set(re.findall(r"[?$](\w+)", expressions))))
    return found


_GROUP_BY = re.compile(r"\bGROUP\s+BY\s+((?:[?$]\w+\s*)+)", re.IGNORECASE)


def inline_bindings(text: str, bindings: dict, names=None) -> tuple[str, dict]:
    """Write each bound parameter's term (of those in `names`, default all) into the WHERE group in place of its variable, and BIND it at the
    end so the variable is still answered: the engine then uses the value inside every UNION branch and
    OPTIONAL, where a VALUES block at the start is joined only afterwards (≈ 10× faster on a large graph).
    Inside a sub-SELECT that projects the variable (or `*`) the term replaces it too and the variable leaves
    the projection (`*` when none is left). Variables it cannot replace (assigned by AS or VALUES, used but
    not projected in a sub-SELECT, or in a query with MINUS, SERVICE or a sub-SELECT projecting an
    expression) stay in the returned bindings, which the store binds as before. BOUND(?v) of an inlined
    variable is true."""
    plain = strip_comments_and_strings(text)
    group = where_group_start(plain)
    if group is None or not bindings:
        return text, bindings
    depth, end = 1, None
    for i in range(group, len(plain)):
        depth += {"{": 1, "}": -1}.get(plain[i], 0)
        if depth == 0:
            end = i
            break
    if end is None or _NESTED.search(plain, group, end):
        return text, bindings
    body, plain_body = text[group:end], plain[group:end]
    subselects = _subselects(plain_body)
    if subselects is None:
        return text, bindings
    rest, binds = {}, []
    for name, term in bindings.items():
        var = re.compile(rf"[?$]{re.escape(name)}(?![\w\u00B7\u0300-\u036F\u203F-\u2040])")
        # a sub-SELECT that uses the variable without projecting it plainly has its own variable of that name
        hidden = any(name in used or (names_ is not None and name not in names_ and var.search(plain_body, *inner))
                     for _, inner, names_, used in subselects)
        # grouping by nothing but it would turn "no rows" into one row of zero counts
        hidden = hidden or any(set(re.findall(r"[?$](\w+)", m.group(1))) == {name} for m in _GROUP_BY.finditer(plain_body))
        if term is None or hidden or (names is not None and name not in names) or re.search(rf"\b(AS|VALUES)\b[^.;{{}}]*[?$]{re.escape(name)}\b", plain_body, re.IGNORECASE):
            rest[name] = term
            continue
        bound = re.compile(rf"\bBOUND\s*\(\s*[?$]{re.escape(name)}\s*\)", re.IGNORECASE)
        projections = [span for span, _, _, _ in subselects]
        groupings = [m.span(1) for m in _GROUP_BY.finditer(plain_body)]
        edits = []
        for begin, stop in (m.span() for m in bound.finditer(plain_body)):
            edits.append((begin, stop, "true"))
        in_bound = [(a, b) for a, b, _ in edits]
        for begin, stop in (m.span() for m in var.finditer(plain_body)):
            if any(a <= begin < b for a, b in in_bound):
                continue
            inside = next(((a, b) for a, b in projections + groupings if a <= begin < b), None)
            if inside is None:
                edits.append((begin, stop, str(term)))
            else:  # leaves the sub-SELECT's projection (`*` when it was the only one) or its GROUP BY
                others = plain_body[inside[0]:begin] + plain_body[stop:inside[1]]
                edits.append((begin, stop, " " if re.search(r"[?$]\w", others) else " * "))
        for begin, stop, replaced in sorted(edits, reverse=True):
            body = body[:begin] + replaced + body[stop:]
            kept = replaced if replaced.strip() in ("", "*") else " " * len(replaced)
            plain_body = plain_body[:begin] + kept + plain_body[stop:]
        subselects = _subselects(plain_body) or []
        binds.append(f"BIND({term} AS ?{name})")
    if not binds:
        return text, bindings
    return text[:group] + body + "\n  " + " ".join(binds) + "\n" + text[end:], rest


_ORDER_BY = re.compile(r"\bORDER\s+BY\s+((?:(?:(?:ASC|DESC)\s*\(\s*[?$]\w+\s*\)|[?$]\w+)\s*)+)$", re.IGNORECASE)
_ORDER_KEY = re.compile(r"(ASC|DESC)?\s*\(?\s*[?$](\w+)\s*\)?", re.IGNORECASE)


def split_order_by(text: str) -> tuple[str, list[tuple[str, bool]] | None]:
    """The query without its final `ORDER BY ?a DESC(?b) …` (plain variables only, nothing after it) and the
    keys as (variable, descending); (text, None) when the query does not end that way."""
    plain = strip_comments_and_strings(text).rstrip()
    match = _ORDER_BY.search(plain)
    if not match:
        return text, None
    keys = [(m.group(2), (m.group(1) or "").upper() == "DESC") for m in _ORDER_KEY.finditer(match.group(1))]
    return text[:match.start()] + text[match.end():], keys


_NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long", "short", "byte",
                              "nonNegativeInteger", "positiveInteger", "negativeInteger", "nonPositiveInteger",
                              "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte")}


def _order_key(term):
    """SPARQL's ORDER BY ranking: unbound < blank node < IRI < literal; numbers by value, other literals by text."""
    if term is None:
        return (0,)
    if isinstance(term, ox.BlankNode):
        return (1, term.value)
    if isinstance(term, ox.NamedNode):
        return (2, term.value)
    if term.datatype.value in _NUMERIC:
        try:
            return (3, 0, float(term.value), "")
        except ValueError:
            pass
    return (3, 1, term.value, term.datatype.value, term.language or "")


def sort_rows(rows: list[dict], order: list[tuple[str, bool]]) -> list[dict]:
    """Rows sorted as ORDER BY would sort them; stable, so ties keep the engine's order as ORDER BY does."""
    if not any(descending for _, descending in order):
        names = [name for name, _ in order]
        return sorted(rows, key=lambda row: tuple(_order_key(row.get(name)) for name in names))
    for name, descending in reversed(order):
        rows = sorted(rows, key=lambda row: _order_key(row.get(name)), reverse=descending)
    return rows


def _rank(term, lang: str) -> int:
    tag = (term.language or "").lower()
    return 0 if tag == lang else 1 if tag in LANGUAGES else 2


_TAGGED = object()


def prefer_language(rows: list[dict], columns: list[str], lang: str) -> list[dict]:
    """Of rows that differ only in language-tagged literals, keep those in `lang` (else the other language).

    An agreement with follow-up frequency "Årligen"@sv and "Yearly"@en gives one row, not two.
    """
    languages: dict[str, set[str]] = {}
    for row in rows:
        for column, term in row.items():
            if isinstance(term, ox.Literal) and term.language:
                languages.setdefault(column, set()).add(term.language.lower())
    # rows differ only by language where a column holds more than one language
    if all(len(found) < 2 for found in languages.values()):
        return rows
    tagged = [c for c in columns if c in languages]
    plain = [c for c in columns if c not in tagged]
    keyed = []
    best: dict[tuple, list[int]] = {}
    for row in rows:
        ranks = [_rank_of(row, c, lang) for c in tagged]
        key = (tuple(row.get(c) for c in plain),
               tuple(_TAGGED if r < 3 else row.get(c) for c, r in zip(tagged, ranks)))
        keyed.append((key, ranks))
        known = best.get(key)
        best[key] = ranks if known is None else [min(a, b) for a, b in zip(known, ranks)]
    return [row for row, (key, ranks) in zip(rows, keyed) if ranks == best[key]]


def _rank_of(row: dict, column: str, lang: str) -> int:
    """0 = in `lang`, 1 = in the other language, 2 = another tag; 3 = not a tagged literal (compared as is)."""
    term = row.get(column)
    return _rank(term, lang) if isinstance(term, ox.Literal) and term.language else 3
