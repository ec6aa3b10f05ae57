"""The list pages' shared machinery: columns, filters from the URL, sorting, paging and downloads of one table.

A list is rows of dicts and a list of `Column`s; a column says how its cell reads (text, a link, several links, a
completeness meter) and how it sorts. The page and its downloads show the same rows in the same order."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

PAGE_SIZE = 50


@dataclass(frozen=True)
class Column:
    """One column: `key` in the row dicts, the catalogue key of its heading, its kind (text, link, links, meter)."""

    key: str
    heading: str
    kind: str = "text"
    sortable: bool = True

    def text(self, row: dict) -> str:
        """The cell as plain text (for sorting and downloads)."""
        value = row.get(self.key)
        if self.kind == "link":
            return (value or {}).get("label", "")
        if self.kind == "links":
            return ", ".join(v["label"] for v in value or [])
        if self.kind == "meter":
            return "" if value is None else value
        return "" if value is None else str(value)

    def sort_key(self, row: dict):
        value = self.text(row)
        if self.kind == "meter":
            return (value == "", value if value != "" else 0)
        return (value == "", value.casefold() if isinstance(value, str) else value)


@dataclass
class Filter:
    """A pick list over the rows: `name` in the URL, the catalogue key of its label, options (value, label) and a
    test `keep(row, value)`."""

    name: str
    label: str
    options: list[tuple[str, str]]
    keep: object
    selected: str = ""


def choose(rows: list[dict], filters: list[Filter], params) -> list[dict]:
    """The rows every filter chosen in the URL keeps (an unknown value keeps nothing)."""
    for f in filters:
        f.selected = (params.get(f.name) or "").strip()
        if f.selected:
            rows = [r for r in rows if f.keep(r, f.selected)]
    return rows


def order(rows: list[dict], columns: list[Column], sort: str) -> tuple[list[dict], str]:
    """Rows sorted by `sort` ("label" or "-label" for descending); an unknown column keeps the given order."""
    key, descending = sort.lstrip("-"), sort.startswith("-")
    column = next((c for c in columns if c.key == key and c.sortable), None)
    if column is None:
        return rows, ""
    return sorted(rows, key=column.sort_key, reverse=descending), sort


def page(rows: list[dict], number: str | None, size: int = PAGE_SIZE) -> tuple[list[dict], dict]:
    """One page of rows and {number, pages, size, total}; a page number out of range gives the nearest page."""
    pages = max(1, ceil(len(rows) / size))
    try:
        n = min(max(1, int(number or 1)), pages)
    except ValueError:
        n = 1
    return rows[(n - 1) * size:n * size], {"number": n, "pages": pages, "size": size, "total": len(rows)}
