"""The named queries in queries/*.rq: one question per file, described by its comment header."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..errors import NotFound, SourceError
from ..paths import queries_dir
from ..resolve import KINDS

#: literal parameter types and the XSD datatype their value becomes
LITERAL_TYPES = {
    "date": "date",
    "year": "gYear",
    "integer": "integer",
    "decimal": "decimal",
    "boolean": "boolean",
    "string": "string",
}
#: "IRI" in a header means any thing in the graph; otherwise the type is a kind that resolve() knows
PARAM_TYPES = sorted({*KINDS, *LITERAL_TYPES, "IRI"})

_HEADER = re.compile(r"^#\s*(title|description|param|columns|column|inline|sort|page)\s*:\s*(.*)$")
#: `# column: coordinator = Samordnare / Coordinator`: a column's heading in the table format
_COLUMN = re.compile(r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*(?P<title>\S.*)$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?P<help>.*)$"
)


@dataclass(frozen=True)
class QueryParam:
    """One parameter: its name (= the SPARQL variable), type, whether it may be left out, and a default."""

    name: str
    type: str
    optional: bool
    default: str | None = None
    description: str = ""

    @property
    def is_literal(self) -> bool:
        return self.type in LITERAL_TYPES

    @property
    def kind(self) -> str:
        """The resolve() kind for an IRI parameter."""
        return "any" if self.type == "IRI" else self.type


@dataclass(frozen=True)
class NamedQuery:
    """A question and the SPARQL that answers it."""

    name: str
    title: dict[str, str]
    description: str
    params: list[QueryParam] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    text: str = ""
    path: str = ""
    #: parameters written into the query text instead of a VALUES block (`# inline: theme`): faster when the
    #: value selects inside UNION branches (see samverkan.queries.run.inline_bindings)
    inline: tuple[str, ...] = ()
    #: `# sort: python`: the final ORDER BY runs in Python on the answer (see samverkan.queries.run.sort_rows);
    #: an on-disk store reads every IRI's text from disk at each comparison, ≈ 0.1 ms per row
    sort_in_python: bool = False
    #: `# column:` headers: {variable: {"sv": …, "en": …}}; a column without one is headed by its variable name
    column_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    #: `# page: agreement`: without a value for that parameter the answer can be read a page at a time, a
    #: page being the rows of the next few agreements in order (samverkan.queries.run.run_named(page=…))
    page_by: str | None = None

    def param(self, name: str) -> QueryParam | None:
        return next((p for p in self.params if p.name == name), None)

    def to_dict(self, lang: str = "sv") -> dict:
        """A JSON-friendly description (for `samverkan queries --format json` and the web app)."""
        return {
            "name": self.name,
            "title": self.title.get(lang) or self.title.get("sv", ""),
            "titles": dict(self.title),
            "description": self.description,
            "params": [
                {"name": p.name, "type": p.type, "optional": p.optional, "default": p.default,
                 "description": p.description}
                for p in self.params
            ],
            "columns": list(self.columns),
            "paged_by": self.page_by,
            "column_titles": {c: self.column_title(c, lang) for c in self.columns},
        }

    def column_title(self, column: str, lang: str = "sv") -> str:
        """The heading of `column` in `lang`; the variable name when the header gives none."""
        titles = self.column_titles.get(column, {})
        return titles.get(lang) or titles.get("sv") or column


def parse_query_file(path: Path) -> NamedQuery:
    """Read one .rq file and its header; a malformed header is a SourceError naming the line."""
    text = path.read_text(encoding="utf-8")
    title: dict[str, str] = {}
    description: list[str] = []
    params: list[QueryParam] = []
    columns: list[str] = []
    column_titles: dict[str, dict[str, str]] = {}
    title_lines: dict[str, int] = {}
    inline: list[str] = []
    sort_in_python = False
    page_by, page_line = None, 0
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        match = _HEADER.match(line)
        if not match:
            continue
        key, value = match.group(1), match.group(2).strip()
        if key == "title":
            sv, _, en = value.partition(" / ")
            title = {"sv": sv.strip(), "en": (en or sv).strip()}
        elif key == "description":
            description.append(value)
        elif key == "columns":
            columns = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "column":
            name, titles = _parse_column(path, number, value)
            if name in column_titles:
                raise SourceError(str(path), number, f"column {name!r} already has a title")
            column_titles[name], title_lines[name] = titles, number
        elif key == "sort":
            if value != "python":
                raise SourceError(str(path), number, f"expected '# sort: python', got {value!r}")
            sort_in_python = True
        elif key == "page":
            page_by, page_line = value, number
        elif key == "inline":
            inline += [c.strip() for c in value.split(",") if c.strip()]
        else:
            params.append(_parse_param(path, number, value))
    if not title:
        raise SourceError(str(path), 1, "missing '# title: Svensk titel / English title' header")
    if not columns:
        raise SourceError(str(path), 1, "missing '# columns: a, b, c' header")
    for name, number in title_lines.items():
        if name not in columns:
            raise SourceError(str(path), number, f"title for {name!r}, which is not in '# columns:' ({', '.join(columns)})")
    if page_by is not None:
        _check_page_by(path, page_line, page_by, params, text)
    return NamedQuery(path.stem, title, " ".join(description), params, columns, text, str(path), tuple(inline),
                      sort_in_python, column_titles, page_by)


_FINAL_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(?:ASC\s*\(\s*)?[?$](\w+)[^{}]*$", re.IGNORECASE)


def _check_page_by(path: Path, line: int, name: str, params: list[QueryParam], text: str) -> None:
    """`# page: p` needs an optional IRI parameter p and a final ORDER BY that starts with ?p (pages follow that order)."""
    param = next((p for p in params if p.name == name), None)
    if param is None or param.is_literal or not param.optional:
        raise SourceError(str(path), line, f"'# page: {name}' needs an optional IRI parameter {name!r}")
    body = "\n".join(x for x in text.splitlines() if not x.lstrip().startswith("#"))
    order = _FINAL_ORDER_BY.search(body)
    if not order or order.group(1) != name:
        raise SourceError(str(path), line, f"'# page: {name}' needs the query to end with 'ORDER BY ?{name} …'")


def _parse_column(path: Path, line: int, value: str) -> tuple[str, dict[str, str]]:
    match = _COLUMN.match(value)
    if not match:
        raise SourceError(str(path), line, f"expected 'column: name = Svensk rubrik / English heading', got {value!r}")
    sv, _, en = (" " + match.group("title")).partition(" / ")
    if not sv.strip():
        raise SourceError(str(path), line, f"column {match.group('name')!r}: empty Swedish heading")
    return match.group("name"), {"sv": sv.strip(), "en": (en or sv).strip()}


def _parse_param(path: Path, line: int, value: str) -> QueryParam:
    match = _PARAM.match(value)
    if not match:
        raise SourceError(str(path), line, f"expected 'param: name (type, optional|required[, default …])', got {value!r}")
    if match.group("name") == "lang":
        raise SourceError(str(path), line, "'lang' is reserved: it is bound to the reader's language")
    if match.group("name") in ("page", "page_size"):
        raise SourceError(str(path), line, f"{match.group('name')!r} is reserved: it chooses a page of the answer")
    parts = [p.strip() for p in match.group("spec").split(",")]
    ptype = parts[0]
    if ptype not in PARAM_TYPES:
        raise SourceError(str(path), line, f"unknown parameter type {ptype!r} (expected one of {', '.join(PARAM_TYPES)})")
    if len(parts) < 2 or parts[1] not in ("optional", "required"):
        raise SourceError(str(path), line, "parameter must say 'optional' or 'required'")
    default = None
    for extra in parts[2:]:
        if extra.startswith("default"):
            default = extra[len("default"):].strip() or None
        else:
            raise SourceError(str(path), line, f"unexpected {extra!r} in parameter (expected 'default …')")
    return QueryParam(match.group("name"), ptype, parts[1] == "optional", default, match.group("help").strip())


@lru_cache(maxsize=8)
def _load(folder: str, stamp: tuple) -> tuple[NamedQuery, ...]:
    return tuple(parse_query_file(p) for p in sorted(Path(folder).glob("*.rq")))


def list_queries(folder: Path | None = None) -> list[NamedQuery]:
    """Every named query, sorted by name."""
    root = Path(folder or queries_dir())
    stamp = tuple((p.name, p.stat().st_mtime_ns) for p in sorted(root.glob("*.rq")))
    return list(_load(str(root), stamp))


def get_query(name: str, folder: Path | None = None) -> NamedQuery:
    """The named query `name`; unknown names raise NotFound listing the valid ones."""
    queries = list_queries(folder)
    for query in queries:
        if query.name == name:
            return query
    raise UnknownQuery(name, [q.name for q in queries])


class UnknownQuery(NotFound):
    """No query by that name; the message lists every valid name."""

    def __init__(self, name: str, valid: list[str]):
        self.valid = valid
        Exception.__init__(self, f"unknown query {name!r}; valid queries: {', '.join(valid)}")
        self.kind, self.value, self.candidates = "query", name, valid
