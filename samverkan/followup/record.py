"""Recording a year's follow-up from a form: check the entries, then write the file all-or-nothing under a lock,
only if it is still the version the form was opened on.

The same rules as the spreadsheet import (sheet.py): a status from the scheme, *genomförd* needs a date,
*försenad* / *inte längre aktuell* need a comment, a date is YYYY-MM-DD, a value is a number, a unit needs a
value. Who saved a record and when is written into the file (dcterms:contributor, dcterms:modified) for the
records that changed; unchanged records keep theirs."""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from ..i18n import Worded
from ..namespaces import ID, sparql_prefixes
from ..store import Store
from .document import Entry, Plan
from .files import atomic_write
from .naming import record_iri, report_iri
from .sheet import NEEDS_COMMENT, NEEDS_DATE, _date, _decimal, _msg

NEW = "new"  # the version of a follow-up file that does not exist yet
FIELDS = ("status", "comment", "date", "value", "unit")


def file_version(path: Path) -> str:
    """A fingerprint of the file as it is now (NEW when there is none)."""
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except FileNotFoundError:
        return NEW


@dataclass
class Checked:
    entries: dict[str, Entry]
    problems: dict[str, dict[str, str]] = field(default_factory=dict)  # commitment → field → message


def check_entries(plan: Plan, submitted: dict[str, dict[str, str]], statuses: dict[str, str], lang: str) -> Checked:
    """Entries from the form's fields per commitment (status as an IRI of the scheme); every problem by row and field."""
    known = {row["id"] for row in plan.rows}
    checked = Checked({})
    for c, cells in submitted.items():
        if c not in known:
            raise Worded("fu_err_id", got=c, agreement=plan.agreement)
        bad = checked.problems.setdefault(c, {})
        entry = Entry()
        status = (cells.get("status") or "").strip()
        if status:
            if status not in statuses:
                bad["status"] = _msg("status", lang, got=status, choices=", ".join(statuses.values()))
            else:
                entry.status = status
        entry.comment = (cells.get("comment") or "").strip() or None
        entry.date = _date(cells.get("date"))
        if entry.date is False:
            bad["date"] = _msg("date", lang, got=cells.get("date"))
            entry.date = None
        entry.value = _decimal(cells.get("value"))
        if entry.value is False:
            bad["value"] = _msg("value", lang, got=cells.get("value"))
            entry.value = None
        entry.unit = (cells.get("unit") or "").strip() or None
        if entry.unit and entry.value is None and "value" not in bad:
            bad["unit"] = _msg("unit_alone", lang)
        if entry.status in NEEDS_DATE and not entry.date and "date" not in bad:
            bad["date"] = _msg("needs_date", lang)
        if entry.status in NEEDS_COMMENT and not entry.comment:
            bad["comment"] = _msg("needs_comment", lang, status=statuses.get(entry.status, status))
        if not bad:
            del checked.problems[c]
        checked.entries[c] = entry
    return checked


def _literal(text: str) -> str:
    return str(ox.Literal(text))


def attributed(text: str, plan: Plan, changed: set[str], editor: str, kept: dict[str, tuple[str, str]],
               now: dt.datetime | None = None) -> str:
    """The file's text with who recorded each record and when: `editor` now for the `changed` commitments,
    the earlier (name, time) in `kept` for the others."""
    stamp = (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    report = report_iri(plan.agreement, plan.year)
    lines = ["", "# Vem registrerade vad och när (skrivs av webbformuläret).",
             "@prefix dcterms: <http://purl.org/dc/terms/> ."]
    for row in plan.rows:
        c = row["id"]
        who, when = (editor, stamp) if c in changed else kept.get(c, (None, None))
        if who and when:
            lines.append(f"<{record_iri(report, c)[len(ID):]}> dcterms:contributor {_literal(who)} ; "
                         f'dcterms:modified "{when}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .')
    return text + "\n".join(lines) + "\n"


def attributions(store: Store, agreement: str, year: int) -> dict[str, tuple[str, str]]:
    """Commitment → (who, when) recorded its status for the year, as the store has it."""
    report = report_iri(agreement, year)
    rows = store.select(sparql_prefixes() + """SELECT ?c ?who ?when WHERE {
  ?record prov:wasGeneratedBy ?report ; sam:aboutCommitment ?c ; dcterms:contributor ?who ; dcterms:modified ?when }""",
                        {"report": ox.NamedNode(report)})
    return {r["c"].value: (r["who"].value, r["when"].value) for r in rows}


class Conflict(Worded):
    """The file changed since the form was opened; nothing was written."""

    def __init__(self, path: Path, current: bytes | None):
        self.path, self.current = path, current
        super().__init__("fu_err_conflict", str(path))


@contextmanager
def file_lock(path: Path):
    """An exclusive lock (fcntl) for one follow-up file, held by one save at a time across processes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.parent / f".{path.name}.lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def check_turtle(text: str, name: str) -> list[ox.Triple]:
    """Parse the text as the build will (ontology terms and literal ranges) before anything is replaced."""
    from ..sources import ontology_ranges, ontology_terms, parse_source

    with tempfile.TemporaryDirectory() as folder:
        probe = Path(folder) / name
        probe.write_text(text, encoding="utf-8")
        parse_source(probe, ontology_terms(), ranges=ontology_ranges())
    return list(ox.parse(text, format=ox.RdfFormat.TURTLE, base_iri=ID))


def save(path: Path, text: str, expected_version: str) -> list[ox.Triple]:
    """Write `text` to `path` if the file is still at `expected_version` (else Conflict); the file's triples."""
    triples = check_turtle(text, path.name)
    with file_lock(path):
        if file_version(path) != expected_version:
            raise Conflict(path, path.read_bytes() if path.exists() else None)
        atomic_write(path, text.encode("utf-8"))
    return triples
