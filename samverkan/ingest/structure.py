"""The text of an agreement as blocks (headings, bullets, paragraphs, tables), and where the agreement starts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from . import patterns as P
from .model import span
from .orgs import municipality_short


@dataclass
class Block:
    """A heading, bullet, paragraph (lines joined) or table of the text, with its line numbers."""

    kind: str  # heading | bullet | para | table
    text: str
    lines: list[int]
    level: str = ""  # md | numbered | bold | weak (headings)
    rows: list = field(default_factory=list)  # table: [(line, [cell, ...])]


def _is_table_line(text: str) -> bool:
    return text.count("\t") >= 2 or text.lstrip().startswith("|") or "<p>" in text


def is_rule(text: str) -> bool:
    """A horizontal rule or a table's separator line ("-----", "|---|---|")."""
    t = text.strip()
    return bool(t) and "-" in t and re.fullmatch(r"[\s\-=_|:+*]+", t) is not None


def noise(lines: list[tuple[int, str]]) -> set[int]:
    """Page numbers and running headers/footers (short lines repeated three times or more)."""
    counts = Counter(re.sub(r"\d+", "#", t.strip()) for _, t in lines if 0 < len(t.strip()) <= 80)
    noisy = set()
    for n, t in lines:
        s = t.strip()
        if P.PAGE_NOISE.match(s) and s:
            noisy.add(n)
        elif s and counts[re.sub(r"\d+", "#", s)] >= 3 and not P.BULLET.match(s) and "\t" not in s \
                and not P.PLACE_DATE.match(s) and len(s.split()) <= 10 and not structural(s):
            noisy.add(n)
    return noisy


def structural(text: str) -> bool:
    """A line that repeats because the document's structure does ("Polisen åtar sig att:"), not a page header."""
    t = P.strip_markup(text).strip().strip("*#").strip()
    return t.endswith(":") or bool(P.LIST_INTRO.match(t)) or P.owner_heading(t) is not None


def blocks(lines: list[tuple[int, str]]) -> list[Block]:
    """Group lines into headings, bullets, paragraphs and tables, joining text broken across lines."""
    noisy = noise(lines)
    widths = sorted(len(t.strip()) for _, t in lines if t.strip())
    wrap = widths[int(len(widths) * 0.8)] if widths else 80  # the width paragraphs wrap at, if they do
    out: list[Block] = []
    i = 0
    last_blank = True
    while i < len(lines):
        n, raw = lines[i]
        if n in noisy:
            i += 1
            continue
        text = raw.rstrip("\n")
        if not text.strip():
            last_blank = True
            i += 1
            continue
        if _is_table_line(text) and not is_rule(text):
            rows = []
            while i < len(lines):
                n2, t2 = lines[i]
                if n2 in noisy or not t2.strip() or is_rule(t2):
                    i += 1
                    continue
                if not _is_table_line(t2):
                    break
                rows.append((n2, t2))
                i += 1
            out.append(Block("table", "", [r[0] for r in rows], rows=rows))
            last_blank = True
            continue
        if is_rule(text):
            i += 1
            last_blank = True
            continue
        stripped = text.strip()
        prev_bullet = bool(out) and (out[-1].kind == "bullet" and not last_blank or
                                     out[-1].text.rstrip("*").endswith(":") or structural(out[-1].text))
        hard_break = text.endswith("  ")
        m = P.MD_HEADING.match(stripped)
        if m:
            out.append(Block("heading", P.strip_markup(m.group("text")), [n], "md"))
        elif re.fullmatch(r"\*\*[^*]+\*\*:?", stripped):
            out.append(Block("heading", P.strip_markup(stripped), [n], "bold"))
        elif (hm := P.NUMBERED_HEADING.match(stripped)) and heading_like(hm.group("text")) \
                and not (prev_bullet and P.BULLET.match(stripped)):
            out.append(Block("heading", P.strip_markup(hm.group("text")), [n], "numbered"))
        elif bm := P.BULLET.match(stripped):
            out.append(Block("bullet", P.strip_markup(bm.group("text")), [n]))
        else:
            clean = P.strip_markup(stripped)
            prev = out[-1] if out else None
            joinable = prev is not None and prev.kind in ("para", "bullet") and not getattr(prev, "_closed", False)
            continues = prev is not None and not re.search(r"[.!?:]$", prev.text) and (
                re.match(r"[a-zåäö(,]", clean) is not None
                or re.search(r"\s(och|mellan|samt|för|i|om|med|,)$", prev.text) is not None)
            # Text without blank lines (from PDFs): a list intro, a date line, or a short heading-like line after
            # a finished sentence starts a new block.
            starts = not re.match(r"ansvar\w*\s*:", clean, re.I) and (
                structural(clean) or P.PLACE_DATE.match(clean) is not None or (
                    prev is not None and re.search(r"[.!?:]$", prev.text) is not None and heading_like(clean)
                    and len(clean) < 0.6 * wrap))
            if joinable and not starts and (continues or (not last_blank and prev.kind == "para"
                                                          and not heading_like(prev.text))):
                prev.text = P.join_broken(prev.text, clean)
                prev.lines.append(n)
            else:
                out.append(Block("para", clean, [n]))
        if hard_break and out:
            out[-1]._closed = True  # type: ignore[attr-defined]
        last_blank = False
        i += 1
    for b in out:
        if b.kind == "para" and heading_like(b.text) and len(b.lines) == 1:
            b.kind, b.level = "heading", "weak"
    return out


def heading_like(text: str) -> bool:
    t = P.strip_markup(text)
    return 0 < len(t.split()) <= 12 and not re.search(r"[.;,]$", t) and t[:1].isupper() and len(t) <= 110



# --- Where the agreement starts --------------------------------------------------------------------

_MARKER = re.compile(r"^(transkript|transkription|transcript|dokumenttext|dokumentets\s+text|fulltext|full\s+text|"
                     r"document\s+text)\s*:?$", re.I)


def _is_body(b: Block) -> bool:
    return b.kind == "table" or (b.kind == "para" and len(b.text) >= 250) or \
        (b.kind != "bullet" and b.text.rstrip("*").endswith(":") and P.LIST_INTRO.match(b.text.rstrip("*")) is not None)


def agreement_start(bls: list[Block]) -> tuple[int, str] | None:
    """(index of the block the agreement itself starts at, why) when the document opens with other material:
    a "Transkript:" marker, or a list of other documents' titles (four or more title-like lines naming two or
    more municipalities) before the first body text — then the last title before that body text."""
    marker = next((i for i in range(len(bls) - 1, -1, -1) if _MARKER.match(bls[i].text.strip())), None)
    if marker is not None and marker + 1 < len(bls):
        return marker + 1, f"after the “{bls[marker].text.strip()}” marker on line {span(bls[marker].lines)}"
    first_body = next((i for i, b in enumerate(bls) if _is_body(b)), None)
    if not first_body:
        return None
    titles = [i for i in range(first_body) if bls[i].kind in ("heading", "para") and len(bls[i].text) <= 160
              and P.AGREEMENT_WORDS.search(bls[i].text)]
    if len(titles) < 4 or titles[-1] == 0:
        return None
    places = {municipality_short(m.group(1)) for i in range(titles[-1]) for m in P.MUNI_NAME.finditer(bls[i].text)}
    if len(places) < 2:
        return None
    return titles[-1], f"after a list of {len(titles) - 1} other documents' titles"

