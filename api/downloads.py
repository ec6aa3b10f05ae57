"""A table of a page as a download: CSV that Swedish Excel opens as it is (UTF-8 with BOM, `;`), XLSX, JSON.

Every table download on the site goes through `table_download`, so they all read alike: headings in the
reader's language as the first row, then the values as the page shows them."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from urllib.parse import quote

from fastapi.responses import Response

#: download formats and their media types
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def table_download(headings: list[str], rows: list[list], name: str, fmt: str, keys: list[str] | None = None,
                   headers: dict[str, str] | None = None) -> Response:
    """`rows` (lists of str / int / float / None, one per heading) as a file `name.<fmt>`.
    JSON is a list of objects keyed by `keys` (the column names a program reads; `headings` when None)."""
    if fmt == "csv":
        body: bytes = _csv(headings, rows)
    elif fmt == "xlsx":
        body = _xlsx(headings, rows, name)
    elif fmt == "json":
        names = keys or headings
        body = json.dumps([dict(zip(names, row, strict=True)) for row in rows], ensure_ascii=False,
                          indent=2).encode("utf-8")
    else:
        raise ValueError(f"unknown download format {fmt!r} (expected one of {', '.join(FORMATS)})")
    disposition = {"Content-Disposition": _disposition(f"{name}.{fmt}")}
    return Response(body, media_type=FORMATS[fmt], headers={**disposition, **(headers or {})})


def _disposition(filename: str) -> str:
    """An attachment header with an ASCII file name (å → a) and the real one for browsers that read RFC 6266."""
    plain = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode() or "download"
    plain = plain.replace('"', "").replace("\\", "")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(filename)}"


def _csv(headings: list[str], rows: list[list]) -> bytes:
    """Semicolon-separated with a UTF-8 byte order mark: what Excel set to Swedish opens without a wizard."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(headings)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")


def _xlsx(headings: list[str], rows: list[list], name: str) -> bytes:
    """One worksheet with a bold, frozen heading row; numbers stay numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=False)
    sheet = book.active
    sheet.title = name[:31] or "Samverkan"
    sheet.append(headings)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
