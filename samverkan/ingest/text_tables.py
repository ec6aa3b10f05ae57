"""Åtagandeplan tables inside an agreement's text (tab-separated, Markdown or HTML cells) → commitments.

Not to be confused with table.py, which imports an åtagandeplan kept as a CSV or XLSX file."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from . import patterns as P
from .model import Area, Initiative, span
from .structure import Block

if TYPE_CHECKING:
    from .commitments import CommitmentBuilder


def _cells(text: str) -> list[list[str]]:
    if text.lstrip().startswith("|"):
        raw = [c for c in text.strip().strip("|").split("|")]
    else:
        raw = text.split("\t")
    out = []
    for c in raw:
        if "<p>" in c:
            frags = [P.strip_markup(f) for f in re.findall(r"<p>(.*?)(?:</p>|$)", c, re.S)]
        else:
            frags = [P.strip_markup(c)]
        out.append([f for f in frags if f])
    return out


def _split_items(chunks: list[str]) -> list[tuple[str, str | None]]:
    """A party's cell → commitments, each with the responsibility sentences that close it."""
    items: list[tuple[str, str | None]] = []
    for chunk in chunks:
        content: list[str] = []
        resp: list[str] = []
        sents = P.sentences(chunk)
        if all(P.is_responsibility(s) for s in sents):
            items.append((chunk, None))
            continue
        for s in sents:
            trailing = P.TRAILING_RESPONSIBLE.search(s)
            if P.is_responsibility(s) and content:
                resp.append(s)
            elif trailing and not P.is_responsibility(s[:trailing.start()]):
                content.append(s[:trailing.start()])
                resp.append(s[trailing.start():].lstrip(", ").strip())
            else:
                if resp:
                    items.append((" ".join(content), " ".join(resp)))
                    content, resp = [], []
                content.append(s)
        if content:
            items.append((" ".join(content), " ".join(resp) or None))
    return items


def _table_header(cells: list[list[str]]) -> list[str | None] | None:
    fields = [P.column_field(" ".join(c)) for c in cells]
    if P.table_layout(fields) is None:
        return None
    if sum(1 for f in fields if f and f != "number") < 2:
        return None
    return fields



def _aligned(values: list[str], k: int, n: int) -> str | None:
    if not values:
        return None
    if len(values) == n:
        return values[k]
    return " ".join(values)


def draft_table(builder: CommitmentBuilder, b: Block) -> None:
    """A table's rows → initiatives and commitments in `builder`; what cannot be read is noted for review."""
    fields: list[str | None] | None = None
    rows: list[tuple[list[int], list[list[str]]]] = []
    for n, raw in b.rows:
        cells = _cells(raw)
        if fields is None or (_table_header(cells) and not rows):
            header = _table_header(cells)
            if header:
                fields = header
                unknown = [" ".join(c) for c, f in zip(cells, header) if c and f is None]
                if unknown:
                    builder.review.uncertain.append(f"line {n}: table columns not understood (left out): "
                                                 + ", ".join(f"“{u}”" for u in unknown))
                continue
            if fields is None:
                continue
        first = cells[0] if cells else []
        continuation = rows and (not first or re.match(r"[a-zåäö]", first[0]))
        if continuation:
            lines, prev = rows[-1]
            lines.append(n)
            for j, frags in enumerate(cells):
                if not frags:
                    continue
                while len(prev) <= j:
                    prev.append([])
                if prev[j]:
                    prev[j][-1] = P.join_broken(prev[j][-1], frags[0])
                    prev[j].extend(frags[1:])
                else:
                    prev[j].extend(frags)
        else:
            rows.append(([n], cells))
    if fields is None:
        first = _cells(b.rows[0][1]) if b.rows else []
        builder.review.possible.append(f"line {span(b.lines)}: a table not read as commitments (its columns "
                                       + ", ".join(f"“{' '.join(c)}”" for c in first if c)
                                       + " name no commitment or party column): check its rows")
        return
    text_field, value_field = P.table_layout(fields)
    initiative_col = next((j for j, f in enumerate(fields) if f == "initiative"), None)
    if initiative_col is None and fields and fields[0] is None:
        initiative_col = 0
    if text_field == "initiative":
        initiative_col = None  # the activity is the commitment itself
    if value_field and not any(P.party_value(" ".join(c[j])) for _l, c in rows
                               for j, f in enumerate(fields) if f == value_field and j < len(c)):
        builder.review.uncertain.append(f"line {span(b.lines)}: a table with a “{value_field}” column that names "
                                     "no party in any row — not read as commitments")
        return
    area = builder.area_for_section()
    for lines, cells in rows:
        get = lambda f: [x for j, fl in enumerate(fields) if fl == f and j < len(cells) for x in cells[j]]  # noqa: E731
        row_area = area
        if "area" in fields and get("area"):
            label = " ".join(get("area"))
            row_area = builder.match_area(label, 0.6) or Area(label, list(lines), "Åtagandeplan")
            if row_area not in builder.areas:
                builder.areas.append(row_area)
        initiative = None
        if initiative_col is not None and initiative_col < len(cells) and cells[initiative_col]:
            label = re.sub(r"\s+", " ", " ".join(cells[initiative_col]))
            initiative = Initiative(label, row_area, list(lines),
                                    f"{row_area.label if row_area else 'Åtagandeplan'}: {label}")
            builder.initiatives.append(initiative)
        per_party = {}
        responsible = get("responsible")
        if value_field:
            who = " ".join(get(value_field))
            kind = P.party_value(who)
            if kind is None:
                kind = "joint"
                if get(text_field):
                    builder.review.uncertain.append(f"line {span(lines)}: “{who or '(empty)'}” names no party — "
                                                 "drafted as joint")
            per_party = {f: [] for f in P.PARTY_FIELDS}
            per_party[kind] = _split_items(get(text_field))
            if value_field == "responsible" and P.BOTH_VALUE.match(who) is None and \
                    not re.fullmatch(r"(kommunen|staden|polisen)", who.strip(" ."), re.I):
                responsible = [who]
            elif value_field == "responsible":
                responsible = []
            if get("partner"):
                responsible = [" ".join(responsible or [who]) + " i samverkan med " + " ".join(get("partner"))]
        else:
            for f in P.PARTY_FIELDS:
                per_party[f] = _split_items(get(f))
        most = max((len(v) for v in per_party.values()), default=0)
        for f, items in per_party.items():
            if len(items) == 1 and most > 1 and len(P.sentences(items[0][0])) == most:
                per_party[f] = [(s, items[0][1]) for s in P.sentences(items[0][0])]
                builder.review.uncertain.append(f"line {span(lines)}: one {f} cell split into {most} commitments "
                                             "to match the other party's")
        times, measures, follow = get("timeframe"), get("measure"), get("follow_up")
        for f, items in per_party.items():
            parties = {"municipality": [builder.who.muni], "police": [builder.who.police],
                       "joint": builder.parties}[f]
            parties = [p for p in parties if p]
            for k, (text, resp) in enumerate(items):
                where = f"{initiative.label + ', ' if initiative else ''}" + \
                    {"municipality": "kommunens åtagande", "police": "polisens åtagande",
                     "joint": "gemensamt åtagande"}[f]
                builder.add(text, parties, lines, "Åtagandeplan: " + where, area=row_area, initiative=initiative,
                         timeframe=_aligned(times, k, len(items)), measure=_aligned(measures, k, len(items)),
                         follow_up=_aligned(follow, k, len(items)),
                         responsible=" ".join(filter(None, [resp, *responsible])) or None)

