"""`samverkan import table`: an åtagandeplan kept as CSV or XLSX → areas, initiatives and commitments."""

from __future__ import annotations

import csv
import datetime
import io
import re
from pathlib import Path

import pyoxigraph as ox

from ..errors import SourceError
from ..namespaces import ID, RDFS, SAM
from ..paths import graph_dir
from . import patterns as P
from .model import Area, Commitment, Draft, Initiative, Org
from .orgs import OrgDirectory
from .reading import decode

_PARTY_FIELDS = ("municipality", "police", "joint")
_ERROR_VALUES = {"#REF!", "#VALUE!", "#NAME?", "#DIV/0!", "#N/A", "#NUM!", "#NULL!"}


def read_rows(path: Path) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    """[(sheet name, [(row number, cells)])] from a CSV or XLSX file."""
    if not path.is_file():
        raise SourceError(str(path), None, "no such file")
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(str(path), None, "the file is empty")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm") or raw.startswith(b"PK\x03\x04"):
        return _xlsx_rows(path)
    if suffix not in (".csv", ".tsv", ".txt", ""):
        raise SourceError(str(path), None, f"{suffix} is not supported: save the sheet as .xlsx or .csv")
    text = decode(raw, str(path)).lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel_tab if suffix == ".tsv" else csv.excel
    return [(path.stem, _csv_rows(text, dialect, str(path)))]


def _csv_rows(text: str, dialect, path: str) -> list[tuple[int, list[str]]]:
    """(first line of the row, cells); a row the csv module cannot read (an unterminated quote, a cell over its
    131,072-character limit) is refused with its line and column, never read as something else."""
    raw_lines = text.split("\n")
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            column = _open_quote_column(raw_lines[start - 1] if start <= len(raw_lines) else "", dialect.delimiter)
            why = "a cell longer than 131,072 characters" if "field limit" in str(exc) else f"{exc}"
            raise SourceError(path, start, f"cannot read this row ({why}): is a quote (\") left open in column "
                              f"{column}? Nothing was imported", column) from None
        rows.append((start, [c.strip().lstrip("\ufeff") for c in row]))
        start = reader.line_num + 1


def _open_quote_column(line: str, delimiter: str) -> int:
    """The column whose cell opens a quote the line does not close (1 if none is found)."""
    for col, cell in enumerate(line.split(delimiter), 1):
        if cell.lstrip().startswith('"') and cell.count('"') % 2 == 1:
            return col
    return 1


def _xlsx_rows(path: Path) -> list[tuple[str, list[tuple[int, list[str]]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises zipfile, KeyError, InvalidFileException…
        raise SourceError(str(path), None, f"not a readable .xlsx workbook ({exc.__class__.__name__}: {exc})") from exc
    sheets = []
    for ws in book.worksheets:
        rows = []
        for n, row in enumerate(ws.iter_rows(values_only=True), 1):
            rows.append((n, [_cell_text(v) for v in row]))
        sheets.append((ws.title, rows))
    book.close()
    return sheets


def _cell_text(value) -> str:
    """An XLSX cell as text: a date as 2025-06-01 (with the time only when it has one), 3.0 as 3."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat(" ", "minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


_HEADER_ROWS = 40
_NAMES = {n for names in P.COLUMNS.values() for n in names}


def _header(rows: list[tuple[int, list[str]]]) -> tuple[int, list[str | None], list[str]] | None:
    """The header row, wherever it is among the first rows: the one naming most known columns (a title row such as
    “Åtagandeplan Trygg stad” above it, blank rows or merged cells do not count as the header)."""
    best = None
    for idx, (_n, cells) in enumerate(rows[:_HEADER_ROWS]):
        fields = [P.column_field(c) for c in cells]
        if P.table_layout(fields) is None:
            continue
        # column names as listed first ("Kommunens åtagande", not a title "Åtagandeplan Trygg stad"), then any
        # known column, then filled cells
        score = (sum(1 for c in cells if P.norm_header(c) in _NAMES), sum(1 for f in fields if f),
                 sum(1 for c in cells if c))
        if best is None or score > best[0]:
            best = (score, idx, fields, cells)
    return best[1:] if best else None


def known_parties(agreement: str, directory: OrgDirectory) -> list[Org]:
    """The parties of an agreement already in graph/agreements/<id>.ttl, if there is one."""
    path = graph_dir() / "agreements" / f"{agreement}.ttl"
    if not path.is_file():
        return []
    iri = f"{ID}agreement/{agreement}"
    out = []
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=ID):
        if t.subject.value == iri and t.predicate.value == SAM + "party":
            rel = t.object.value[len(ID):]
            names, kind = directory.entries.get(rel, ({rel}, "unit"))
            out.append(Org(rel, sorted(names)[0] if names else rel, kind))
    return out


def _label_of(agreement: str) -> str | None:
    path = graph_dir() / "agreements" / f"{agreement}.ttl"
    if not path.is_file():
        return None
    for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=ID):
        if t.subject.value == f"{ID}agreement/{agreement}" and t.predicate.value == RDFS + "label" \
                and getattr(t.object, "language", None) == "sv":
            return t.object.value
    return None


def _items(cell: str) -> list[str]:
    """One cell → one or more commitments (one per bullet or line when the cell holds a list)."""
    lines = [ln.strip() for ln in cell.split("\n") if ln.strip()]
    if len(lines) > 1 and all(P.BULLET.match(ln) for ln in lines):
        return [P.BULLET.match(ln).group("text").strip() for ln in lines]
    return [" ".join(lines)] if lines else []


def import_table(path: str | Path, agreement: str, municipality: str | None = None, police_area: str | None = None,
                 directory: OrgDirectory | None = None) -> tuple[Draft, list[str]]:
    """The draft for `agreement` from an åtagandeplan sheet, and the warnings to show the user."""
    path = Path(path)
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", agreement):
        raise SourceError(str(path), None, f"--agreement {agreement!r}: expected an id like mark-2022-2024 "
                          "(lower-case letters, digits and dashes)")
    directory = directory or OrgDirectory.load()
    sheets = read_rows(path)
    found = None
    for sheet, rows in sheets:
        header = _header(rows)
        if header:
            found = (sheet, rows, header)
            break
    if found is None:
        first = next(((s, r) for s, rows in sheets for r in rows[:15] if any(r[1])), None)
        seen = ", ".join(f"“{c}”" for c in first[1][1] if c) if first else "nothing"
        where = f" (row {first[1][0]} of sheet {first[0]})" if first else ""
        raise SourceError(str(path), first[1][0] if first else None,
                          f"no recognisable columns{where}: found {seen}; expected at least one of "
                          "“Kommunens åtagande”, “Polisens åtagande”, “Gemensamt åtagande”, or one text column "
                          "(“Åtagande”, “Beskrivning”, “Aktivitet”) with a party column (“Ansvarig part”, “Ansvar”) "
                          "(plus e.g. Område, Insats/mål, Tidsplan, Aktivitetsmått, Uppföljning, Ansvarig)")
    sheet, rows, (hidx, fields, names) = found
    warnings = []
    for col, (f, name) in enumerate(zip(fields, names), 1):
        if name and f is None:
            warnings.append(f"{path}:{rows[hidx][0]}:{col}: unknown column “{name}” (sheet {sheet}) — not imported")

    parties = known_parties(agreement, directory)
    if municipality:
        parties = [p for p in parties if p.is_police] + [directory.party(municipality, police=False)]
    if police_area:
        parties = [p for p in parties if not p.is_police] + [directory.party(police_area, police=True)]
    muni = next((p for p in parties if not p.is_police), None)
    police = next((p for p in parties if p.is_police), None)
    text_field, value_field = P.table_layout(fields)
    needed = {"municipality": muni, "police": police}
    for f, org in needed.items():
        if org is None and (f in fields or "joint" in fields or value_field):
            raise SourceError(str(path), None, f"the {'municipality' if f == 'municipality' else 'police party'} of "
                              f"{agreement} is unknown: give --{'municipality' if f == 'municipality' else 'police-area'} "
                              f"(no graph/agreements/{agreement}.ttl to take it from)")
    parties = [p for p in (muni, police) if p]

    draft = Draft(agreement, _label_of(agreement) or f"Samverkansöverenskommelse {agreement}", parties,
                  document_title=f"Åtagandeplan ({path.name})", document_file=path.name,
                  location=f"{sheet}: rubrikrad", lines=[rows[hidx][0]])
    areas: dict[str, Area] = {}
    initiatives: dict[tuple, Initiative] = {}
    area = initiative = None
    for n, cells in rows[hidx + 1:]:
        if not any(cells):
            continue
        value = {}
        for col, f in enumerate(fields):
            text = cells[col].strip() if col < len(cells) else ""
            if text in _ERROR_VALUES:
                raise SourceError(str(path), n, f"cell holds the error value {text} (column “{names[col]}”)", col + 1)
            if f and text:
                value.setdefault(f, []).append(text)
        get = lambda f: " ".join(value.get(f, [])) or None  # noqa: E731
        if get("area"):
            label = get("area")
            area = areas.get(P.fold(label)) or Area(label, [], f"{sheet}: Område")
            areas[P.fold(label)] = area
            area.lines.append(n)
            initiative = None
        if get("initiative") and text_field != "initiative":
            key = (id(area), P.fold(get("initiative")))
            initiative = initiatives.get(key) or Initiative(get("initiative"), area, [], f"{sheet}, rad {n}")
            initiatives[key] = initiative
            initiative.lines.append(n)
        responsible = get("responsible")
        if value_field:
            # one text column, and a column whose cell says whose it is ("Ansvarig part": Kommunen / Polisen / Båda)
            cell = get(value_field) or ""
            kind = P.party_value(cell)
            col = fields.index(value_field) + 1
            if kind is None and get(text_field):
                kind = "joint"
                warnings.append(f"{path}:{n}:{col}: “{cell or '(empty)'}” in column “{names[col - 1]}” names neither "
                                "the municipality nor the police — drafted as a joint commitment")
            texts = [(kind, text_field, t) for cell_text in value.get(text_field, []) for t in _items(cell_text)]
            if value_field == "responsible" and (P.BOTH_VALUE.match(cell)
                                                 or re.fullmatch(r"(kommunen|staden|polisen)", cell.strip(" ."), re.I)):
                responsible = None
            if get("partner"):
                responsible = f"{responsible or cell} i samverkan med {get('partner')}"
        else:
            texts = [(f, f, t) for f in _PARTY_FIELDS for cell_text in value.get(f, []) for t in _items(cell_text)]
        unit_party = P.party_value(responsible) if responsible and not value_field else None
        if not texts:
            if value and not (set(value) <= {"area", "initiative", "number"}) and text_field != "initiative":
                text_cols = (text_field,) if text_field else _PARTY_FIELDS
                warnings.append(f"{path}:{n}: row has no commitment text (columns "
                                + ", ".join(f"“{names[c]}”" for c, f in enumerate(fields) if f in text_cols) + " are empty)")
            continue
        for kind, f, text in texts:
            who = {"municipality": [muni], "police": [police], "joint": [muni, police]}[kind]
            col = fields.index(f) + 1
            # "Ansvarig: Socialförvaltningen" is the municipality's unit: not the police's commitment's
            own = responsible if unit_party in (None, "joint") or kind in (unit_party, "joint") else None
            c = Commitment(text, [p for p in who if p], area, initiative, [n],
                           f"{sheet}, rad {n}: {names[col - 1]}", timeframe=get("timeframe"), measure=get("measure"),
                           follow_up=get("follow_up"), responsible=own)
            draft.commitments.append(c)
    if not draft.commitments:
        raise SourceError(str(path), None, f"no commitments: every row below the header (row {rows[hidx][0]}) has "
                          "empty commitment columns")
    draft.areas = list(areas.values())
    draft.initiatives = list(initiatives.values())
    return draft, warnings
