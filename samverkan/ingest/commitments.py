"""Focus areas, initiatives and commitments from the blocks of an agreement: commitment lists ("Polisen åtar sig
att:"), sentences ("Kommunen ska …"), "(X ansvarig)" clauses, "Ansvar:" lines, and tables (text_tables.py)."""

from __future__ import annotations

import re

from . import patterns as P
from .model import Area, Commitment, Initiative, Org, span
from .parties import Who
from .review import Review
from .structure import Block
from .text_tables import draft_table


class CommitmentBuilder:
    """Walks an agreement's blocks (`run`) and collects its focus areas, initiatives and commitments."""

    def __init__(self, bls: list[Block], parties: list[Org], who: Who):
        self.bls, self.parties, self.who = bls, parties, who
        self.areas: list[Area] = []
        self.initiatives: list[Initiative] = []
        self.commitments: list[Commitment] = []
        self.review = Review()
        self.section: Block | None = None
        self.area: Area | None = None
        self.area_pos = -1
        self.section_pos = -1

    # areas
    def match_area(self, text: str, threshold: float = 0.85) -> Area | None:
        best = max(self.areas, key=lambda a: P.similarity(a.label, text), default=None)
        if best and P.similarity(best.label, text) >= threshold:
            return best
        return None

    def area_for_section(self) -> Area | None:
        if self.section is not None and self.section_pos > self.area_pos and not _generic(self.section.text):
            area = self.match_area(self.section.text)
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
        area = kw.pop("area", None) or self.area_for_section()
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
                draft_table(self, b)
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
                self.inline(text, b)
                continue
            owner = None
            area_list = text.rstrip().endswith(":") and re.search(r"(område|prioriter|fokus|inriktning)", text, re.I) \
                is not None and not P.LIST_INTRO.match(text)
            matched = self.match_area(text) if len(text.split()) <= 16 else None
            if matched is not None:
                matched.lines = sorted(set(matched.lines + b.lines))
                self.area, self.area_pos = matched, pos
                self.section, self.section_pos = None, -1
                continue
            if b.kind == "heading":
                if b.level != "weak" or not self.area or P.AREA_PREFIX.match(text):
                    self.section, self.section_pos = b, pos
                continue
            self.inline(text, b)

    def listed_area(self, text: str, lines: list[int]) -> None:
        label = _clean_heading(text)
        existing = self.match_area(label, 0.6)
        if existing:
            existing.lines = sorted(set(existing.lines + lines))
            return
        area = Area(label, list(lines), "Samverkansområden")
        self.areas.append(area)

    def inline(self, text: str, b: Block) -> None:
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
            if _PURPOSE.match(what):
                # "Syftet är …" / "Målet är …": why the initiative exists, not what a party does
                self.review.uncertain.append(f"line {span(b.lines)}: “Ansvar: {units}” closes a goal or purpose "
                                             f"sentence (“{what[:60]}”), not a commitment; none drafted")
                continue
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


_MERGED = 600
#: a goal or purpose sentence ("Syftet är …", "Syftet med trygghetsvandringar är …", "Målet ska vara …")
_PURPOSE = re.compile(r"(syftet|målet)\s+(är|ska|med)\b", re.I)
#: verbs that make any sentence of a paragraph a commitment, not only its first ("Polisen lovar att …")
_PROMISE = re.compile(r"(lovar|förbinder|åtar|åtager|förpliktar)\b", re.I)
#: "(polisen ansvarig)", "( kommunen ansvarig)", "(ansvarig: socialtjänsten)"
_PAREN_RESPONSIBLE = re.compile(r"\(\s*(?:(?P<who>[^()]{2,50}?)\s+ansvarig[a]?|ansvarig[a]?\s*:?\s*(?P<who2>[^()]{2,50}?))\s*\)",
                                re.I)



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

