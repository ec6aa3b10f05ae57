"""An agreement's follow-up as a table a page shows: per commitment its status per year, and per year how many
commitments are genomförda / pågår / försenade / ej påbörjade / inte längre aktuella / ej uppföljda."""

from __future__ import annotations

import datetime as dt

from ..labels import labels
from ..store import Store
from .document import agreement_plan
from .status import STATUS, STATUSES, due_years, follow_up_of, status_labels

NOT_FOLLOWED_UP = STATUS + "ej-uppfoljd"


def status_table(store: Store, agreement: str, lang: str = "sv", today: dt.date | None = None) -> dict | None:
    """{"years", "rows": [{"id", "label", "cells": {year: status IRI or None}}], "summary": {year: {status: n}},
    "labels": {status: label}, "order": [...]} — None when there is no year to show (nothing due, nothing recorded)."""
    follow_up = follow_up_of(store, agreement, lang, today)
    due = set(due_years(store, agreement, today))
    years = sorted(due | {y for f in follow_up.values() for y in f["recorded"]})
    if not years:
        return None
    plan = agreement_plan(store, agreement, years[-1], lang)
    names = status_labels(store, lang)
    names[NOT_FOLLOWED_UP] = labels(store, [NOT_FOLLOWED_UP], lang)[NOT_FOLLOWED_UP]
    order = [*STATUSES, NOT_FOLLOWED_UP]
    rows, summary = [], {y: dict.fromkeys(order, 0) for y in years}
    for row in plan.rows:
        f = follow_up.get(row["id"], {"recorded": {}})
        cells = {}
        for y in years:
            record = f["recorded"].get(y)
            status = record.status if record else (NOT_FOLLOWED_UP if y in due else None)
            cells[y] = status
            if status in summary[y]:
                summary[y][status] += 1
        rows.append({"id": row["id"], "label": row["label"], "cells": cells})
    return {"years": years, "rows": rows, "summary": summary, "labels": names, "order": order,
            "total": len(rows)}


def progress_of_parties(store: Store, organisation: str, lang: str = "sv", today: dt.date | None = None) -> list[dict]:
    """For each agreement the organisation is a party to, with a year to show: the counts per status of its latest
    year with a status recorded (else its latest due year)
    ({"agreement", "label", "slug", "year", "counts", "total", "labels", "order"}), newest first."""
    from ..resources import agreement_list

    out = []
    for a in agreement_list(store, lang):
        if organisation not in {p["id"] for p in a["parties"]}:
            continue
        table = status_table(store, a["id"], lang, today)
        if table is None:
            continue
        followed = [y for y in table["years"] if table["summary"][y][NOT_FOLLOWED_UP] < table["total"]]
        year = (followed or table["years"])[-1]
        out.append({"agreement": a["id"], "label": a["label"], "slug": a["slug"], "year": year,
                    "counts": table["summary"][year], "total": table["total"], "labels": table["labels"],
                    "order": table["order"]})
    return sorted(out, key=lambda row: (-row["year"], row["label"]))
