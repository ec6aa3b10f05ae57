"""A year's follow-up as a spreadsheet (.xlsx): one row per commitment, filled in and read back.

The sheet "Uppföljning" has the commitment's context (area, initiative, party, text, timeframe, measure,
last year's status), the columns to fill in (status as a drop-down of the scheme's Swedish labels,
comment, date, indicator value, unit) and the commitment's IRI; the sheet "Om" names the agreement and
year. Reading it back checks every cell and reports each bad one as `file:row:column: what is wrong`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import SamverkanError
from ..i18n import gettext
from ..store import Store
from .document import Entry, Plan, agreement_plan
from .status import STATUS, STATUSES, recorded_statuses, status_labels

SHEET, ABOUT = "Uppföljning", "Om"
#: (key, width); each column's heading is the catalogue's `fu_col_<key>` (either language is read back)
COLUMNS = [
    ("area", 28), ("initiative", 28), ("party", 22), ("commitment", 50), ("timeframe", 22), ("measure", 28),
    ("last", 16), ("status", 18), ("comment", 40), ("date", 12), ("value", 14), ("unit", 14), ("id", 30),
]
COL = {key: i + 1 for i, (key, _) in enumerate(COLUMNS)}
#: statuses whose record must explain itself (shapes/follow-up.ttl says the same)
NEEDS_COMMENT = {STATUS + "forsenad", STATUS + "inte-langre-aktuell"}
NEEDS_DATE = {STATUS + "genomford"}

class SheetErrors(SamverkanError):
    """Every bad cell of a follow-up spreadsheet, one `file:row:column: message` line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


def heading(key: str, lang: str) -> str:
    """A column's heading in `lang`."""
    return gettext("fu_col_" + key, lang)


def _msg(key: str, lang: str, **kw) -> str:
    """The catalogue's message `fu_err_<key>` (samverkan/locale) in `lang`: the same words on the CLI and in the form."""
    return gettext("fu_err_" + key, lang, **{k: "" if v is None else str(v) for k, v in kw.items()})


def export_sheet(store: Store, agreement: str, year: int, lang: str = "sv") -> bytes:
    """The .xlsx for one agreement and year, filled with what is recorded for that year already."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    plan = agreement_plan(store, agreement, year, lang)
    names_sv = status_labels(store, "sv")
    names = status_labels(store, lang)
    current = {c: next((r for r in rs if r.status), rs[0])
               for c, years in recorded_statuses(store, agreement, lang).items()
               for y, rs in years.items() if y == year and rs}
    book = Workbook()
    ws = book.active
    ws.title = SHEET
    ws.append([heading(key, lang) for key, _ in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for i, (_, width) in enumerate(COLUMNS):
        ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = width
    for row in plan.rows:
        c = row["id"]
        r = current.get(c)
        ws.append([
            row["area"]["label"] if row["area"] else None,
            row["initiative"]["label"] if row["initiative"] else None,
            ", ".join(p["label"] for p in row["parties"]),
            row["label"], row.get("timeframe"), row.get("measure"),
            names.get(plan.last_year[c]) if c in plan.last_year else None,
            names_sv.get(r.status) if r and r.status else None,
            r.comment if r else None,
            dt.date.fromisoformat(r.date[:10]) if r and r.date else None,
            _number(r.value) if r and r.value is not None else None,
            r.unit if r else None,
            c,
        ])
    last = ws.max_row
    for line in ws.iter_rows(min_row=2, max_row=last):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        line[COL["date"] - 1].number_format = "yyyy-mm-dd"
    choices = [names_sv[s] for s in STATUSES if s in names_sv]
    status_col = ws.cell(1, COL["status"]).column_letter
    check = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                           showErrorMessage=True, errorTitle="Status",
                           error="Välj en status i listan. / Choose a status from the list.")
    check.add(f"{status_col}2:{status_col}{max(last, 2)}")
    ws.add_data_validation(check)
    ws.freeze_panes = "A2"
    about = book.create_sheet(ABOUT)
    about.append(["Överenskommelse / Agreement", agreement])
    about.append(["År / Year", year])
    about.append(["Namn / Name", plan.label])
    about.append(["Status", ", ".join(choices)])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _number(text: str):
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() and "." not in text else float(value)


@dataclass
class SheetContent:
    agreement: str
    year: int
    entries: dict[str, Entry]
    plan: Plan


def read_sheet(store: Store, path: Path, lang: str = "sv") -> SheetContent:
    """The agreement, year and entries of a filled-in sheet; SheetErrors listing every bad cell."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    where = str(path)
    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException … on a file that is not .xlsx
        raise SheetErrors([f"{where}: {_msg('not_xlsx', lang, detail=exc)}"]) from exc
    for name in (SHEET, ABOUT):
        if name not in book.sheetnames:
            raise SheetErrors([f"{where}: {_msg('no_sheet', lang, sheet=name)}"])
    about = book[ABOUT]
    agreement, year = about["B1"].value, about["B2"].value
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if not isinstance(agreement, str) or year is None:
        raise SheetErrors([f"{where}:{ABOUT}!B1: {_msg('about', lang)}"])
    plan = agreement_plan(store, agreement.strip(), year, lang)
    known = {row["id"] for row in plan.rows}
    by_label = {}
    for code in ("sv", "en"):
        for iri, label in status_labels(store, code).items():
            by_label[label.casefold()] = iri
    choices = ", ".join(status_labels(store, lang).values())
    ws = book[SHEET]
    problems: list[str] = []

    def bad(row: int, key: str, message: str) -> None:
        problems.append(f"{where}:{row}:{get_column_letter(COL[key])}: {message}")

    for key, _ in COLUMNS:
        got = ws.cell(1, COL[key]).value
        if got not in (heading(key, "sv"), heading(key, "en")):
            problems.append(f"{where}:1:{get_column_letter(COL[key])}: "
                            f"{_msg('heading', lang, want=heading(key, lang), got=got)}")
    if problems:
        raise SheetErrors(problems)
    entries: dict[str, Entry] = {}
    first_row: dict[str, int] = {}
    for r in range(2, ws.max_row + 1):
        cells = {key: ws.cell(r, COL[key]).value for key in COL}
        if all(v is None or str(v).strip() == "" for v in cells.values()):
            continue
        c = str(cells["id"]).strip() if cells["id"] is not None else ""
        if not c:
            bad(r, "id", _msg("no_id", lang))
            continue
        if c not in known:
            bad(r, "id", _msg("id", lang, got=c, agreement=agreement))
            continue
        if c in first_row:
            bad(r, "id", _msg("twice", lang, first=first_row[c]))
            continue
        first_row[c] = r
        entry = Entry()
        status = _text(cells["status"])
        if status:
            entry.status = by_label.get(status.casefold())
            if entry.status is None:
                bad(r, "status", _msg("status", lang, got=status, choices=choices))
        entry.comment = _text(cells["comment"])
        entry.date = _date(cells["date"])
        if entry.date is False:
            bad(r, "date", _msg("date", lang, got=cells["date"]))
            entry.date = None
        entry.value = _decimal(cells["value"])
        if entry.value is False:
            bad(r, "value", _msg("value", lang, got=cells["value"]))
            entry.value = None
        entry.unit = _text(cells["unit"])
        if entry.unit and entry.value is None and _text(cells["value"]) is None:
            bad(r, "unit", _msg("unit_alone", lang))
        if entry.status in NEEDS_DATE and not entry.date and cells["date"] in (None, ""):
            bad(r, "date", _msg("needs_date", lang))
        if entry.status in NEEDS_COMMENT and not entry.comment:
            bad(r, "comment", _msg("needs_comment", lang, status=status))
        entries[c] = entry
    if problems:
        raise SheetErrors(problems)
    return SheetContent(plan.agreement, year, entries, plan)


def _text(value) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value):
    """YYYY-MM-DD, None when empty, False when not a date."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return False
    return False


def _decimal(value):
    """The number as Turtle writes it (an integer stays an integer), None when empty, False when not a number."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    text = str(value).strip().replace(",", ".").replace(" ", "").replace("\u00a0", "")
    if "e" in text.lower():
        return False
    try:
        number = Decimal(text)
    except InvalidOperation:
        return False
    if not number.is_finite():
        return False
    return str(number) if "." in text else str(int(number))
