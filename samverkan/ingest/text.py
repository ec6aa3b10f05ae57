"""`samverkan import text`: a draft agreement and a review report from the agreement's own text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from . import patterns as P
from .model import Area, Commitment, Draft, Goal, Initiative, Org, Signature, span
from .orgs import OrgDirectory, municipality_short
from .reading import read_lines


@dataclass
class Block:
    kind: str  # heading | bullet | para | table
    text: str
    lines: list[int]
    level: str = ""  # md | numbered | bold | weak (headings)
    rows: list = field(default_factory=list)  # table: [(line, [cell, ...])]


@dataclass
class Review:
    """What the reviewer should look at, besides what was found."""

    uncertain: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    possible: list[str] = field(default_factory=list)  # commitment-like sentences not drafted


# --- Lines → blocks --------------------------------------------------------------------------------

def _is_table_line(text: str) -> bool:
    return text.count("\t") >= 2 or text.lstrip().startswith("|") or "<p>" in text


def _is_rule(text: str) -> bool:
    t = text.strip()
    return bool(t) and "-" in t and re.fullmatch(r"[\s\-=_|:+*]+", t) is not None


def _noise(lines: list[tuple[int, str]]) -> set[int]:
    """Page numbers and running headers/footers (short lines repeated three times or more)."""
    counts = Counter(re.sub(r"\d+", "#", t.strip()) for _, t in lines if 0 < len(t.strip()) <= 80)
    noisy = set()
    for n, t in lines:
        s = t.strip()
        if P.PAGE_NOISE.match(s) and s:
            noisy.add(n)
        elif s and counts[re.sub(r"\d+", "#", s)] >= 3 and not P.BULLET.match(s) and "\t" not in s \
                and not P.PLACE_DATE.match(s) and len(s.split()) <= 10 and not _structural(s):
            noisy.add(n)
    return noisy


def _structural(text: str) -> bool:
    """A line that repeats because the document's structure does ("Polisen åtar sig att:"), not a page header."""
    t = P.strip_markup(text).strip().strip("*#").strip()
    return t.endswith(":") or bool(P.LIST_INTRO.match(t)) or P.owner_heading(t) is not None


def blocks(lines: list[tuple[int, str]]) -> list[Block]:
    """Group lines into headings, bullets, paragraphs and tables, joining text broken across lines."""
    noisy = _noise(lines)
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
        if _is_table_line(text) and not _is_rule(text):
            rows = []
            while i < len(lines):
                n2, t2 = lines[i]
                if n2 in noisy or not t2.strip() or _is_rule(t2):
                    i += 1
                    continue
                if not _is_table_line(t2):
                    break
                rows.append((n2, t2))
                i += 1
            out.append(Block("table", "", [r[0] for r in rows], rows=rows))
            last_blank = True
            continue
        if _is_rule(text):
            i += 1
            last_blank = True
            continue
        stripped = text.strip()
        prev_bullet = bool(out) and (out[-1].kind == "bullet" and not last_blank or
                                     out[-1].text.rstrip("*").endswith(":") or _structural(out[-1].text))
        hard_break = text.endswith("  ")
        m = P.MD_HEADING.match(stripped)
        if m:
            out.append(Block("heading", P.strip_markup(m.group("text")), [n], "md"))
        elif re.fullmatch(r"\*\*[^*]+\*\*:?", stripped):
            out.append(Block("heading", P.strip_markup(stripped), [n], "bold"))
        elif (hm := P.NUMBERED_HEADING.match(stripped)) and _heading_like(hm.group("text")) \
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
                _structural(clean) or P.PLACE_DATE.match(clean) is not None or (
                    prev is not None and re.search(r"[.!?:]$", prev.text) is not None and _heading_like(clean)
                    and len(clean) < 0.6 * wrap))
            if joinable and not starts and (continues or (not last_blank and prev.kind == "para"
                                                          and not _heading_like(prev.text))):
                prev.text = P.join_broken(prev.text, clean)
                prev.lines.append(n)
            else:
                out.append(Block("para", clean, [n]))
        if hard_break and out:
            out[-1]._closed = True  # type: ignore[attr-defined]
        last_blank = False
        i += 1
    for b in out:
        if b.kind == "para" and _heading_like(b.text) and len(b.lines) == 1:
            b.kind, b.level = "heading", "weak"
    return out


def _heading_like(text: str) -> bool:
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
    places = {municipality_short(m.group(1)) for i in range(titles[-1]) for m in _MUNI_NAME.finditer(bls[i].text)}
    if len(places) < 2:
        return None
    return titles[-1], f"after a list of {len(titles) - 1} other documents' titles"


# --- Parties --------------------------------------------------------------------------------------

_MELLAN = re.compile(r"mellan\s+(?P<a>[^\n]+?)\s+(?:och|&)\s+(?P<b>[^\n]+?)"
                     r"(?=\s+(?:år|för|om|gällande|avseende|avser|ska|har|i\s+det)\b|\s*\(|\s+\d{4}|[.;:]|\n|$)", re.I)
_TRAFFAR = re.compile(r"^(?P<a>[A-ZÅÄÖ][^.\n]{1,80}?)\s+(?:och|&)\s+(?P<b>[^.\n]{2,80}?),?\s+"
                      r"(?:träffar|ingår|tecknar|avger)\s+(?:följande\s+)?(?:överenskommelse|avtal|medborgarlöfte)", re.I)
_MUNI_NAME = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?s?\s+(?:kommun|[Ss]tad))s?\b")
#: "lokalpolisområde Ekedal", "närpolisområde Fjällbys", "polisområde östra Fyrbodal", "LPO Uppsala/Knivsta"
_LPO_NAME = re.compile(r"\b((?:[Ll]okalpolisområde|[Nn]ärpolisområde|[Pp]olisområde|LPO)[ \t]+"
                       r"(?:(?:norra|södra|östra|västra|mellersta|centrala)[ \t]+)?[A-ZÅÄÖ][\wåäö\-]*"
                       r"(?:[ /][A-ZÅÄÖ][\wåäö\-]*)*)")


#: "Områdespolisen i Boden", "Polismyndigheten i Norrbotten", "Närpolisen i Eslöv"
_POLICE_IN = re.compile(r"\b((?:[Oo]mrådespolisen|[Nn]ärpolisen|[Ll]okalpolisen|[Pp]olismyndigheten|[Pp]olisen)[ \t]+i[ \t]+"
                        r"[A-ZÅÄÖ][\wåäö\-]*(?:[ \t]+län)?)")
#: "Bodens kommuns och Områdespolisen i Bodens gemensamma åtgärdsplan" (genitive names, either order)
_NAME = (r"(?:[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?s?\s+(?:kommun|[Ss]tad)s?|"
         r"(?:[Ll]okalpolisområde|[Nn]ärpolisområde|[Pp]olisområde|LPO)[ \t]+[A-ZÅÄÖ][\wåäö\-]*|"
         r"(?:[Oo]mrådespolisen|[Nn]ärpolisen|[Ll]okalpolisen|[Pp]olismyndigheten|[Pp]olisen)[ \t]+i[ \t]+[A-ZÅÄÖ][\wåäö\-]*)")
_GEMENSAM = re.compile(rf"(?P<a>{_NAME})\s+(?:och|&)\s+(?P<b>{_NAME})\s+gemensamma?\b")


def _muni_variant(name: str, text: str, directory: OrgDirectory) -> str:
    """"Boden kommun" → "Bodens kommun" when only the other spelling is known or more common in the text."""
    m = re.match(r"(\S+?)(s?)\s+(kommun|stad)s?$", name, re.I)
    if not m:
        return name
    written = f"{m.group(1)}{m.group(2)} {m.group(3)}"
    forms = [written] + [f for f in (f"{m.group(1)}s {m.group(3)}", f"{m.group(1)} {m.group(3)}") if f != written]
    known = [f for f in forms if directory.find(f)]
    if known:
        return known[0]
    return max(forms, key=lambda f: len(re.findall(rf"\b{re.escape(f)}s?\b", text)))  # ties: as written


def find_parties(bls: list[Block], directory: OrgDirectory) -> tuple[list[Org], list[int], str]:
    """The municipality and the police party, from "mellan X och Y" or "X och Y träffar följande överenskommelse"."""
    head = "\n".join(b.text for b in bls[:12])
    found: list[tuple[str, str, list[int], str]] = []
    m = _MELLAN.search(head)
    if m:
        found.append((m.group("a"), m.group("b"), [], "mellan X och Y"))
    for b in bls:
        for s in P.sentences(b.text)[:3]:
            t = _TRAFFAR.search(s)
            if t:
                found.append((t.group("a"), t.group("b"), b.lines, "X och Y träffar följande överenskommelse"))
    full = "\n".join(b.text for b in bls)
    for b in bls[:12]:
        for s in P.sentences(b.text):
            g = _GEMENSAM.search(s)
            if g:
                a2, b2 = (re.sub(r"s$", "", x) if re.search(r"(kommun|stad)s$", x) else _ungenitive(x, full)
                          for x in (g.group("a"), g.group("b")))
                found.append((a2, b2, b.lines, "“X:s och Y:s gemensamma …”"))
    for a, b, lines, how in found:
        pa, pb = P.POLICE_WORD.search(a), P.POLICE_WORD.search(b)
        if bool(pa) == bool(pb) or not (re.search(r"[A-ZÅÄÖ]", a) and re.search(r"[A-ZÅÄÖ]", b)):
            continue  # "samarbetet mellan kommun och polis" names no party
        muni, police = (b, a) if pa else (a, b)
        muni = _muni_variant(muni, full, directory)
        return [directory.party(muni, police=False), directory.party(police, police=True)], lines, how
    # Fallback: the most named municipality and police area in the whole text.
    text = "\n".join(b.text for b in bls)
    munis = Counter(m.group(1) for m in _MUNI_NAME.finditer(text))
    lpos = Counter(_ungenitive(m.group(1).strip(), text) for rx in (_LPO_NAME, _POLICE_IN) for m in rx.finditer(text))
    if not munis:
        return [], [], ""
    muni = munis.most_common(1)[0][0]
    police = lpos.most_common(1)[0][0] if lpos else "Polismyndigheten"
    return [directory.party(muni, police=False), directory.party(police, police=True)], [], "names in the text"


def _ungenitive(name: str, text: str) -> str:
    """"närpolisområde Fjällbys" → "närpolisområde Fjällby" when the text also names "Fjällby" on its own."""
    last = name.split()[-1]
    if last.endswith("s") and re.search(rf"\b{re.escape(last[:-1])}\b", text):
        return name[:-1]
    return name


class Who:
    """Turns "Marks kommun", "Polisen", "Parterna", "Polisen och kommunen" into the parties meant."""

    def __init__(self, parties: list[Org]):
        self.parties = parties
        self.muni = next((p for p in parties if not p.is_police), None)
        self.police = next((p for p in parties if p.is_police), None)
        words = {P.fold(w) for p in parties for w in re.findall(r"\w+", p.label) if len(w) > 3}
        if self.muni:
            words.add(municipality_short(self.muni.label))
        self.muni_words = {w for w in words if not P.POLICE_WORD.search(w)}

    def __call__(self, who: str) -> tuple[list[Org], str | None]:
        """(parties, responsible unit or None); no parties when `who` is not a party."""
        w = re.sub(r"^(både|såväl)\s+", "", P.strip_markup(who).strip(" :"), flags=re.I)
        if P.META_WORD.match(w):
            return [], None
        parts = [p for p in re.split(r"\s+som\s+", w) for p in P.NAME_SPLIT.split(p) if p]
        found: list[Org] = []
        unit = None
        for part in parts:
            if P.BOTH_WORD.match(part):
                found += self.parties
            elif P.POLICE_WORD.search(part) and self.police:
                found.append(self.police)
            elif self.muni and (re.search(r"\b(kommun\w*|stad\w*)\b", part, re.I)
                                or any(P.fold(x) in self.muni_words for x in re.findall(r"\w+", part))):
                found.append(self.muni)
            elif self.muni and P.MUNICIPAL_WORD.search(part):
                found.append(self.muni)
                unit = part
            else:
                return [], None
        unique = []
        for o in found:
            if o not in unique:
                unique.append(o)
        return unique, unit


# --- Tables ----------------------------------------------------------------------------------------

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


# --- The importer ----------------------------------------------------------------------------------

class _Builder:
    def __init__(self, path: str, bls: list[Block], parties: list[Org], who: Who):
        self.path, self.bls, self.parties, self.who = path, bls, parties, who
        self.areas: list[Area] = []
        self.listed: list[Area] = []
        self.initiatives: list[Initiative] = []
        self.commitments: list[Commitment] = []
        self.review = Review()
        self.section: Block | None = None
        self.area: Area | None = None
        self.area_pos = -1
        self.section_pos = -1

    # areas
    def _match_area(self, text: str, threshold: float = 0.85) -> Area | None:
        best = max(self.areas, key=lambda a: P.similarity(a.label, text), default=None)
        if best and P.similarity(best.label, text) >= threshold:
            return best
        return None

    def _area_for_section(self) -> Area | None:
        if self.section is not None and self.section_pos > self.area_pos and not _generic(self.section.text):
            area = self._match_area(self.section.text)
            if area is None:
                area = Area(_clean_heading(self.section.text), list(self.section.lines),
                            self.section.text)
                self.areas.append(area)
                self.review.uncertain.append(f"area “{area.label}” taken from the heading on line "
                                             f"{span(self.section.lines)}")
            self.area, self.area_pos = area, self.section_pos
        return self.area

    def add(self, text: str, parties: list[Org], lines: list[int], where: str, **kw) -> Commitment | None:
        text = re.sub(r"\s+", " ", text).strip(" ;")
        if len(P.tokens(text)) < 2 or not parties:
            return None
        text = text[0].upper() + text[1:]
        area = kw.pop("area", None) or self._area_for_section()
        location = "; ".join(x for x in (area.label if area else "", where) if x)
        c = Commitment(text, parties, area, lines=list(lines), location=location, **kw)
        if area is None:
            c.notes.append("no focus area found")
        self.commitments.append(c)
        return c

    def run(self) -> None:
        owner: list[Org] | None = None
        owner_label = ""
        owner_unit = None
        area_list = False
        for pos, b in enumerate(self.bls):
            if b.kind == "table":
                self.table(b)
                owner = None
                continue
            text = b.text
            intro = P.LIST_INTRO.match(text.rstrip("*"))
            if intro and (text.rstrip().endswith(":") or b.kind == "heading") and P.is_party_subject(intro.group("who")):
                parties, unit = self.who(intro.group("who"))
                if parties:
                    owner, owner_label, owner_unit, area_list = parties, text.rstrip(": "), unit, False
                    continue
            heading_owner = P.owner_heading(text) if b.kind in ("heading", "para") and len(text) <= 90 else None
            if heading_owner and P.is_party_subject(heading_owner):
                parties, unit = self.who(heading_owner)
                if parties:
                    owner, owner_label, owner_unit, area_list = parties, text.rstrip(": "), unit, False
                    continue
            if b.kind == "bullet":
                if area_list:
                    self.listed_area(text, b.lines)
                    continue
                if owner:
                    parties = owner
                    if len(owner) > 1 and (one := P.subject_party(text)):
                        # "Det här lovar vi:" then "Polisen patrullerar …": the item's own subject decides
                        parties = [p for p in (self.who.police if one == "police" else self.who.muni,) if p] or owner
                    c = self.add(text, parties, b.lines, owner_label, responsible=owner_unit)
                    self.ansvar(text, b, c)
                    continue
                self.inline(text, b, pos)
                continue
            owner = None
            area_list = text.rstrip().endswith(":") and re.search(r"(område|prioriter|fokus|inriktning)", text, re.I) \
                is not None and not P.LIST_INTRO.match(text)
            matched = self._match_area(text) if len(text.split()) <= 16 else None
            if matched is not None:
                matched.lines = sorted(set(matched.lines + b.lines))
                self.area, self.area_pos = matched, pos
                self.section, self.section_pos = None, -1
                continue
            if b.kind == "heading":
                if b.level != "weak" or not self.area or P.AREA_PREFIX.match(text):
                    self.section, self.section_pos = b, pos
                continue
            self.inline(text, b, pos)

    def listed_area(self, text: str, lines: list[int]) -> None:
        label = _clean_heading(text)
        existing = self._match_area(label, 0.6)
        if existing:
            existing.lines = sorted(set(existing.lines + lines))
            return
        area = Area(label, list(lines), "Samverkansområden")
        self.areas.append(area)

    def inline(self, text: str, b: Block, pos: int) -> None:
        """A paragraph or bullet: "Polisen ska …" at its start, "Ansvar: …" inside, other "X ska" noted."""
        sents = P.sentences(text)
        if not sents:
            return
        closed = {i for i, s in enumerate(sents) if self.parenthetical(s, b)}
        if self.ansvar(text, b, None):
            return
        first = P.INLINE.match(sents[0])
        if first and re.match(r"\w{3,}as\b", first.group("what")):
            first = None  # passive: "… ska bedrivas nära medborgarna" says nothing about who does it
        if first and P.is_party_subject(first.group("who")) and not _meta(sents[0]):
            parties, unit = self.who(first.group("who"))
            if parties:
                what = first.group("what").rstrip(". ")
                self.add(what, parties, b.lines, first.group("who").strip() + " " + _verb(sents[0]),
                         responsible=unit)
                rest = sents[1:]
            else:
                rest = sents
        else:
            rest = sents[1:]
        merged = len(text) >= _MERGED  # a whole PDF page as one paragraph: its sentences are paragraphs too
        for s in rest:
            if sents.index(s) in closed:
                continue
            m = P.INLINE.match(s)
            if m and P.is_party_subject(m.group("who")) and not _meta(s) and self.who(m.group("who"))[0]:
                if (merged or _PROMISE.match(_verb(s))) and not re.match(r"\w{3,}as\b", m.group("what")):
                    self.add(m.group("what").rstrip(". "), self.who(m.group("who"))[0], b.lines,
                             m.group("who").strip() + " " + _verb(s), responsible=self.who(m.group("who"))[1])
                else:
                    self.review.possible.append(f"line {span(b.lines)}: “{s}”")

    def parenthetical(self, sentence: str, b: Block) -> bool:
        """"… där polisen ska prioritera X (polisen ansvarig) och den punkt som ska minska Y (kommunen ansvarig)":
        each clause closed by "(X ansvarig)" is X's commitment, from its "ska" on."""
        found = False
        pos = 0
        for m in _PAREN_RESPONSIBLE.finditer(sentence):
            clause = sentence[pos:m.start()].strip(" ,")
            pos = m.end()
            parties, unit = self.who(m.group("who") or m.group("who2"))
            if not parties:
                continue
            ska = re.search(r"\b(?:där|som|att|och)?\s*(?:(?:polisen|kommunen|staden|vi|parterna)\s+)?ska\s+(?=\w)",
                            clause, re.I)
            what = clause[ska.end():] if ska else re.sub(r"^(och|samt)\s+", "", clause)
            if self.add(what.rstrip(". "), parties, b.lines, f"({m.group(0).strip('() ')})", responsible=unit):
                found = True
        return found

    def ansvar(self, text: str, b: Block, done: Commitment | None) -> bool:
        """"… Ansvar: Kommunledningsförvaltningen och Polis": the sentence before names what is done."""
        found = False
        pos = 0
        for m in P.ANSVAR.finditer(text):
            before = text[pos:m.start()].strip()
            pos = m.end()
            units = m.group("who").strip()
            parties, _unit = self.who(units)
            if not parties:
                parties = [self.who.muni] if self.who.muni and P.MUNICIPAL_WORD.search(units) else []
                if P.POLICE_WORD.search(units) and self.who.police:
                    parties.append(self.who.police)
            if done is not None:
                done.responsible = units
                found = True
                continue
            sents = P.sentences(before)
            if not sents or not parties:
                continue
            what, parties = self._ansvar_sentence(sents, parties)
            c = self.add(what, parties, b.lines, "Ansvar: " + units, responsible=units)
            if c:
                c.notes.append("text is the sentence before “Ansvar:”; check where the commitment starts")
                found = True
        return found

    def _ansvar_sentence(self, sents: list[str], parties: list[Org]) -> tuple[str, list[Org]]:
        """The sentence an "Ansvar:" line closes: the last one whose subject is a party ("Kommunen ska …",
        "Polis och kommunens handläggare genomför …"), else the last one; a party subject decides the party."""
        for s in reversed(sents):
            # PDF text runs a heading into the sentence: "Krogar Kommunen ska …" → "Kommunen ska …"
            run_on = re.match(r"^[A-ZÅÄÖ][\wåäö\-/]*\s+(?:[\wåäö\-/]+\s+){0,3}(?=[A-ZÅÄÖ][\wåäö]*(?:\s+(?:kommun|stad))?\s+"
                              r"(?:ska|skall)\s)", s)
            if run_on and P.INLINE.match(s[run_on.end():]):
                s = s[run_on.end():]
            m = P.INLINE.match(s)
            if m and P.is_party_subject(m.group("who")) and not _meta(s):
                who, _unit = self.who(m.group("who"))
                if who:
                    return m.group("what").rstrip(". "), who
            if re.match(r"(polis\w*|kommun\w*|parterna|vi)\b", s, re.I) and not _meta(s):
                return s.rstrip(". "), parties
        return sents[-1].rstrip(". "), parties

    def table(self, b: Block) -> None:
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
                        self.review.uncertain.append(f"line {n}: table columns not understood (left out): "
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
            return
        text_field, value_field = P.table_layout(fields)
        initiative_col = next((j for j, f in enumerate(fields) if f == "initiative"), None)
        if initiative_col is None and fields and fields[0] is None:
            initiative_col = 0
        if text_field == "initiative":
            initiative_col = None  # the activity is the commitment itself
        if value_field and not any(P.party_value(" ".join(c[j])) for _l, c in rows
                                   for j, f in enumerate(fields) if f == value_field and j < len(c)):
            self.review.uncertain.append(f"line {span(b.lines)}: a table with a “{value_field}” column that names "
                                         "no party in any row — not read as commitments")
            return
        area = self._area_for_section()
        for lines, cells in rows:
            get = lambda f: [x for j, fl in enumerate(fields) if fl == f and j < len(cells) for x in cells[j]]  # noqa: E731
            row_area = area
            if "area" in fields and get("area"):
                label = " ".join(get("area"))
                row_area = self._match_area(label, 0.6) or Area(label, list(lines), "Åtagandeplan")
                if row_area not in self.areas:
                    self.areas.append(row_area)
            initiative = None
            if initiative_col is not None and initiative_col < len(cells) and cells[initiative_col]:
                label = " ".join(P.join_broken(x, "") for x in cells[initiative_col])
                label = re.sub(r"\s+", " ", " ".join(cells[initiative_col]))
                initiative = Initiative(label, row_area, list(lines),
                                        f"{row_area.label if row_area else 'Åtagandeplan'}: {label}")
                self.initiatives.append(initiative)
            per_party = {}
            responsible = get("responsible")
            if value_field:
                who = " ".join(get(value_field))
                kind = P.party_value(who)
                if kind is None:
                    kind = "joint"
                    if get(text_field):
                        self.review.uncertain.append(f"line {span(lines)}: “{who or '(empty)'}” names no party — "
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
                    self.review.uncertain.append(f"line {span(lines)}: one {f} cell split into {most} commitments "
                                                 "to match the other party's")
            times, measures, follow = get("timeframe"), get("measure"), get("follow_up")
            for f, items in per_party.items():
                parties = {"municipality": [self.who.muni], "police": [self.who.police],
                           "joint": self.parties}[f]
                parties = [p for p in parties if p]
                for k, (text, resp) in enumerate(items):
                    where = f"{initiative.label + ', ' if initiative else ''}" + \
                        {"municipality": "kommunens åtagande", "police": "polisens åtagande",
                         "joint": "gemensamt åtagande"}[f]
                    self.add(text, parties, lines, "Åtagandeplan: " + where, area=row_area, initiative=initiative,
                             timeframe=_aligned(times, k, len(items)), measure=_aligned(measures, k, len(items)),
                             follow_up=_aligned(follow, k, len(items)),
                             responsible=" ".join(filter(None, [resp, *responsible])) or None)


_MERGED = 600
#: verbs that make any sentence of a paragraph a commitment, not only its first ("Polisen lovar att …")
_PROMISE = re.compile(r"(lovar|förbinder|åtar|åtager|förpliktar)\b", re.I)
#: "(polisen ansvarig)", "( kommunen ansvarig)", "(ansvarig: socialtjänsten)"
_PAREN_RESPONSIBLE = re.compile(r"\(\s*(?:(?P<who>[^()]{2,50}?)\s+ansvarig[a]?|ansvarig[a]?\s*:?\s*(?P<who2>[^()]{2,50}?))\s*\)",
                                re.I)


def _aligned(values: list[str], k: int, n: int) -> str | None:
    if not values:
        return None
    if len(values) == n:
        return values[k]
    return " ".join(values)


def _generic(text: str) -> bool:
    return bool(re.fullmatch(r"(valda\s+|prioriterade\s+)?(samverkansområden|åtaganden|åtagandeplan|åtgärdsplan|"
                             r"handlingsplan|bilaga\s*\d*|insatser|innehåll|samverkansformer|syfte|bakgrund|"
                             r"inledning|uppföljning)", P.strip_markup(text).strip(" :").casefold()))


def _clean_heading(text: str) -> str:
    text = re.sub(r"^\s*\d{1,2}(\.\d{1,2})*\.?\s+", "", P.strip_markup(text)).strip(" :")
    text = P.AREA_PREFIX.sub("", text)
    return text[0].upper() + text[1:] if text else text


def _meta(sentence: str) -> bool:
    """Sentences about the agreement itself, not commitments in it."""
    return bool(re.search(r"(överenskommelse|åtgärdsplan|följa\s+(den|i\s+dokumentet))", sentence, re.I)) \
        and bool(re.search(r"\b(följa|revider|gäller|undertecknas|säga upp)", sentence, re.I))


def _verb(sentence: str) -> str:
    m = re.search(P.COMMIT_VERB, sentence, re.I)
    return m.group(0) if m else "ska"


# --- Agreement-level facts ------------------------------------------------------------------------

_COLUMN_GAP = re.compile(r"\s{3,}|\t")
_NOT_POST = re.compile(r"\d{3}|[|·©@]|https?:|www\.")  # footers, phone numbers, addresses
_FOR_PARTY = re.compile(r"^(?:för|on behalf of)\s+\S", re.I)


def _columns(raw: str) -> list[str]:
    """A line of side-by-side signature blocks split into its columns ("Maria Holm      Johan Berg")."""
    return [P.strip_markup(c) for c in _COLUMN_GAP.split(raw.strip()) if c.strip()]


_TITLE_WORDS = re.compile(r"^\W*(samverkansöverenskommelse|överenskommelse|samverkansavtal|medborgarlöfte|åtagandeplan|"
                          r"handlingsplan|åtgärdsplan|avtal|samverkan)", re.I)


def _signatures(lines: list[tuple[int, str]], who: Who, directory_labels: set[str]) -> tuple[list[Signature], str | None, str | None, list[int]]:
    """Place and date lines at the end, and the names and posts below them (also in side-by-side columns)."""
    sigs: list[Signature] = []
    signed_on = signed_at = None
    where: list[int] = []
    texts = [(n, P.strip_markup(t)) for n, t in lines]
    noisy = _noise(lines)

    def is_name(text: str) -> bool:
        return bool(P.PERSON.match(text)) and P.fold(text) not in directory_labels \
            and not re.search(r"\b(stad|kommun|polis)", text, re.I)

    def sign(name: str, post_lines: list[tuple[int, str]], n2: int) -> None:
        post = " ".join(t for _, t in post_lines) or None
        party = (who.police if P.POLICE_WORD.search(post) else who.muni) if post else None
        if not any(s.name == name for s in sigs):
            sigs.append(Signature(name, post, party, [n2] + [x for x, _ in post_lines]))
        where.extend([n2] + [x for x, _ in post_lines])

    for idx, (n, t) in enumerate(texts):
        cols = _columns(lines[idx][1])
        m = P.PLACE_DATE.match(cols[0]) if cols else None
        if not m or ("\t" in lines[idx][1] and len(cols) < 2):
            continue
        if signed_on is None:
            signed_on, signed_at = P.parse_date(m.group("date")), m.group("place")
        where.append(n)
        j = idx + 1
        while j < len(texts) and j <= idx + 16:
            n2, t2 = texts[j]
            if P.PLACE_DATE.match(t2) or not t2 or _is_rule(t2) or _FOR_PARTY.match(t2):
                j += 1
                continue
            cols = _columns(lines[j][1])
            if len(cols) >= 2 and all(is_name(c) for c in cols):  # side by side
                posts: list[list[tuple[int, str]]] = [[] for _ in cols]
                k = j + 1
                while k < len(lines) and len(posts[0]) < 3:
                    row = _columns(lines[k][1])
                    if len(row) != len(cols) or any(is_name(c) for c in row):
                        break
                    for col, cell in zip(posts, row):
                        col.append((lines[k][0], cell))
                    k += 1
                for name, post_lines in zip(cols, posts):
                    sign(P.PERSON.match(name).group("name"), post_lines, n2)
                j = k
                continue
            if is_name(t2):
                post_lines, k = [], j + 1
                while k < len(texts) and texts[k][1] and not P.PERSON.match(texts[k][1]) \
                        and not P.PLACE_DATE.match(texts[k][1]) and not _is_rule(texts[k][1]) \
                        and not _FOR_PARTY.match(texts[k][1]) and not _NOT_POST.search(texts[k][1]) \
                        and texts[k][0] not in noisy and len(post_lines) < 3:
                    post_lines.append(texts[k])
                    k += 1
                sign(P.PERSON.match(t2).group("name"), post_lines, n2)
                j = k
                continue
            break
    return sigs, signed_on, signed_at, where


def _goals(bls: list[Block]) -> list[Goal]:
    goals: list[Goal] = []
    indicators: list[str] = []
    mode = None
    for b in bls:
        if b.kind in ("heading", "para"):
            t = b.text.strip(" :").casefold()
            mode = "goal" if re.fullmatch(r"(övergripande\s+)?mål(en)?(\s+och\s+indikatorer)?", t) else \
                "indicator" if re.fullmatch(r"indikator(er)?", t) else None
            continue
        if b.kind == "bullet" and mode == "goal" and re.search(r"\bska\s+(öka|minska|förbättras|halveras)", b.text):
            goals.append(Goal(b.text.rstrip("."), lines=list(b.lines), location="Mål"))
        elif b.kind == "bullet" and mode == "indicator":
            indicators.append(b.text.rstrip("."))
    if goals and len(indicators) == len(goals):
        for g, i in zip(goals, indicators):
            g.indicators.append(i)
    return goals


def draft_from_text(path: str | Path, directory: OrgDirectory | None = None,
                    municipality: str | None = None, police_area: str | None = None) -> tuple[Draft, Review]:
    """Read an agreement document and return the draft and what a reviewer should check."""
    path = Path(path)
    directory = directory or OrgDirectory.load()
    lines = read_lines(path)
    bls = blocks(lines)
    start = agreement_start(bls)
    skipped = None
    if start:
        first = bls[start[0]].lines[0]
        lines = [(n, t) for n, t in lines if n >= first]
        bls = blocks(lines)
        skipped = f"the agreement is taken to start on line {first}, {start[1]}: lines 1–{first - 1} are left out"
    parties, party_lines, how = find_parties(bls, directory)
    if municipality or police_area:
        given = {False: municipality, True: police_area}
        parties = [directory.party(given[p.is_police], police=p.is_police) if given[p.is_police] else p
                   for p in parties] if parties else \
            [directory.party(x, police=pol) for pol, x in ((False, municipality), (True, police_area)) if x]
    who = Who(parties)
    builder = _Builder(str(path), bls, parties, who)
    if parties:
        builder.run()
    if not parties or (not builder.commitments and not P.AGREEMENT_WORDS.search("\n".join(b.text for b in bls[:40]))):
        raise SourceError(str(path), None, "does not look like a collaboration agreement: found no parties "
                          "(“mellan X och Y”, “X och Y träffar följande överenskommelse”) and no commitments "
                          "(“X förbinder sig att:”, “Polisen ska …”, an åtagandeplan table); "
                          "give --municipality and --police-area if the parties are named differently")
    if len(parties) < 2:
        raise SourceError(str(path), None, "found only one party (" + parties[0].label + "); give the other with "
                          "--municipality or --police-area")
    review = builder.review
    full = "\n".join(b.text for b in bls)
    title_block = next((b for b in bls[:8] if b.kind in ("heading", "para") and len(b.text) <= 200
                        and _TITLE_WORDS.search(b.text)), None) or next((b for b in bls if b.kind in ("heading", "para")), None)
    title = re.sub(r"\s+mellan$", "", title_block.text if title_block else path.stem).lstrip("# ").strip()
    header_lines = sorted(set((title_block.lines if title_block else []) + party_lines))

    period = None
    for b in bls[:6]:
        period = period or P.parse_period(b.text)
    until = False
    revision = None
    description = None
    for b in bls:
        if b.kind == "table":
            continue
        for s in P.sentences(b.text):
            if period is None and P.VALID.search(s) and P.parse_period(s):
                period = P.parse_period(s)
                header_lines += b.lines
            if P.UNTIL_FURTHER.search(s) and re.search(r"överenskommelse|avtal|gäller", s, re.I):
                until = True
                header_lines += b.lines
            if revision is None and re.search(r"revider", s, re.I):
                revision = s
                header_lines += b.lines
            if description is None and re.search(r"(gemensamma\s+målet|syftet\s+med\s+(samverkans)?överenskommelsen)", s, re.I):
                description = s
                header_lines += b.lines
    if period is None and title_block is not None:  # "Medborgarlöfte 2025"
        period = P.parse_year(title_block.text, title=True)
    for b in bls:
        if period is None and b.kind != "table":
            for s in P.sentences(b.text):
                if P.parse_year(s):  # "Löftet gäller under 2025", "för år 2025"
                    period = P.parse_year(s)
                    header_lines += b.lines
                    break
    labels = {P.fold(n) for names, _k in directory.entries.values() for n in names} | {P.fold(p.label) for p in parties}
    sigs, signed_on, signed_at, sig_lines = _signatures(lines, who, labels)
    years = (period[0] if period[0] == period[1] else f"{period[0]}-{period[1]}") if period else (signed_on[:4] if signed_on else None)
    muni = who.muni
    slug = "-".join(x for x in (municipality_short(muni.label) if muni else path.stem, years) if x)
    if "mellan" not in title.casefold() and how == "mellan X och Y":
        title = f"{title} mellan {parties[0].label} och {parties[1].label}"
    label = title if not period or period[0] in title else \
        f"{title} {period[0]}" + (f"–{period[1]}" if period[1] != period[0] else "")

    draft = Draft(slug=slug, label=label, parties=parties, document_title=title, document_file=path.name,
                  period_start=period[0] if period else None, period_end=period[1] if period else None,
                  until_further_notice=until and not period, signed_on=signed_on, signed_at=signed_at,
                  description=description, revision=revision, lines=sorted(set(header_lines + sig_lines)),
                  location="Rubrik och inledning" + ("; underskrifter" if sigs else ""),
                  signatures=sigs, areas=builder.areas, initiatives=builder.initiatives,
                  commitments=builder.commitments, goals=_goals(bls))

    if skipped:
        review.uncertain.insert(0, skipped)
    if how != "mellan X och Y" and how:
        review.uncertain.insert(0, f"parties found from {how}")
    for p in parties:
        if p.declare:
            review.uncertain.insert(0, f"{p.label} is not in graph/organisations/: declared in the draft as <{p.iri}>")
    if not period and not until:
        review.missing.append("the period (no “2022–2024” in the title and no “gäller …” sentence)")
    if not signed_on:
        review.missing.append("the signing date and place (“Ort 2022-05-18” / “Ort den 14 december 2015”)")
    if not sigs:
        review.missing.append("signatories (name and post after the date at the end)")
    if not builder.commitments:
        review.missing.append("commitments: none found")
    for key, name in (("timeframe", "timeframe"), ("measure", "activity measure"), ("follow_up", "follow-up")):
        n = sum(1 for c in builder.commitments if not getattr(c, key))
        if n:
            review.missing.append(f"{name} for {n} of {len(builder.commitments)} commitments")
    return draft, review


def review_markdown(draft: Draft, review: Review, source: str, output: str | None) -> str:
    """The review report: found, uncertain, missing — with line numbers into the source."""
    by_party = Counter(p.label for c in draft.commitments for p in c.parties)
    joint = sum(1 for c in draft.commitments if len(c.parties) > 1)
    out = [f"# Granskning av utkast / Draft review: {Path(source).name}", ""]
    if output:
        out += [f"Utkast / draft: `{output}` (agreement `{draft.slug}`)", ""]
    out += ["## Hittat / Found", ""]
    out.append(f"- Parter / parties: " + "; ".join(f"{p.label} (<{p.iri}>{', ny' if p.declare else ''})"
                                                  for p in draft.parties))
    period = f"{draft.period_start}–{draft.period_end}" if draft.period_start else \
        ("tills vidare / until further notice" if draft.until_further_notice else "—")
    out.append(f"- Period: {period}")
    out.append(f"- Undertecknad / signed: {draft.signed_on or '—'} {draft.signed_at or ''}".rstrip())
    out.append("- Underskrifter / signatures: " + ("; ".join(f"{s.name} ({s.post or '?'})" for s in draft.signatures) or "—"))
    out.append(f"- Samverkansområden / focus areas: {len(draft.areas)}")
    for a in draft.areas:
        out.append(f"  - {a.label} (rad/line {span(a.lines)})")
    out.append(f"- Insatser / initiatives: {len(draft.initiatives)}")
    out.append(f"- Åtaganden / commitments: {len(draft.commitments)} — "
               + ", ".join(f"{k}: {v}" for k, v in by_party.items()) + (f" (gemensamma/joint: {joint})" if joint else ""))
    out.append(f"- Mål / goals: {len(draft.goals)}")
    out += ["", "## Osäkert / Uncertain", ""]
    notes = [f"line {span(c.lines)}: “{c.text[:80]}” — {'; '.join(c.notes)}" for c in draft.commitments if c.notes]
    out += [f"- {x}" for x in review.uncertain + notes] or ["- —"]
    if review.possible:
        out += ["", "Meningar som liknar åtaganden men inte togs med / sentences that look like commitments but were "
                "not drafted:", ""]
        out += [f"- {x}" for x in review.possible]
    out += ["", "## Saknas / Missing", ""]
    out += [f"- {x}" for x in review.missing] or ["- —"]
    out += ["", "## Åtaganden / Commitments", "", "| rad / line | part / party | åtagande / commitment |", "|---|---|---|"]
    for c in draft.commitments:
        text = c.text.replace("|", "\\|")
        out.append(f"| {span(c.lines)} | {' + '.join(p.label for p in c.parties)} | {text} |")
    return "\n".join(out) + "\n"
