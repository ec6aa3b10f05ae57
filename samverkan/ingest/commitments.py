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
        self.skip = False  # under a "Resultat" or "Bakgrund" heading: what was done, not what is promised
        self.follow_up_section = False  # under "Uppföljning" / "Så följer vi upp"
        self.promise_scope: Block | None = None  # under "Medborgarlöfte 2027" / "Det här ska vi göra"
        self.old = False  # under an earlier promise's heading on the same page
        self.newest = _newest_period(bls)
        self.last_para: tuple[int, list[Commitment]] = (-1, [])  # the commitments the previous paragraph gave

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
        text, comment = _cut_comments(text)
        if len(P.tokens(text)) < 2 or not parties or _INTRO_ONLY.search(text) or _QUOTE.search(text):
            return None
        text = text[0].upper() + text[1:]
        partner = P.WITH_PARTY.search(text)
        if partner and (extra := self.who(partner.group("who"))[0]):
            parties = parties + [p for p in extra if p not in parties]
        if not kw.get("measure") and (m := P.MEASURE.search(text)):
            kw["measure"] = m.group(0)
        if not kw.get("timeframe") and (t := P.TIMEFRAME.search(text)):
            kw["timeframe"] = t.group(0)
        area = kw.pop("area", None) or self.area_for_section()
        location = "; ".join(x for x in (area.label if area else "", where) if x)
        if not kw.get("measure") and comment and (m := P.MEASURE.search(comment)):
            kw["measure"] = m.group(0)
        c = Commitment(text, parties, area, lines=list(lines), location=location, **kw)
        if comment:
            c.notes.append(f"the text goes on: “{comment[:100]}” (kept out of the commitment's text)")
        if area is None:
            c.notes.append("no focus area found")
        if re.match(r"^\W*(vi|man)\b", where + " " + text, re.I) or kw_scope_we(where):
            c.notes.append(f"“vi”/“man” read as {' + '.join(p.label for p in parties)}")
        if any(p.kind == "other" for p in parties):
            c.notes.append("committed by a party other than the municipality and the police: check who it is")
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
            if P.WEB_NOISE.match(P.strip_markup(text)):
                continue
            if b.kind == "heading" and b.level == "weak" and pos >= 3 and len(text.split()) >= 6 and (m := P.INLINE.match(text)) \
                    and self.who.is_subject(m.group("who")):
                b = Block("para", text, b.lines)  # a promise written without its full stop looks like a heading
            if b.kind == "heading":
                plain = P.strip_markup(text).strip("# ")
                self.skip = bool(_SKIP_HEADING.match(plain))
                self.follow_up_section = bool(P.FOLLOW_UP_HEADING.match(plain))
                self.promise_scope = b if P.PROMISE_HEADING.match(plain) else None
                period = _heading_period(plain)
                if period and self.newest:
                    self.old = period[1] < self.newest[1]
                    if self.old:
                        self.review.uncertain.append(f"line {span(b.lines)}: “{plain}” is an earlier promise on the same "
                                                     f"page than {self.newest[0]}–{self.newest[1]}: its items are not drafted")
            if self.skip or self.old:
                if self.old and b.kind != "heading":
                    self.review.possible.append(f"line {span(b.lines)}: “{text[:120]}” (earlier promise, not drafted)")
                continue
            next_bullet = pos + 1 < len(self.bls) and self.bls[pos + 1].kind == "bullet"
            ends_intro = re.search(r"([:;]|\bat{1,2})\s*$", text.rstrip("*")) is not None or b.kind == "heading" \
                or (next_bullet and len(text) <= 160)
            intro = P.LIST_INTRO.match(text.rstrip("*")) or (P.INVERTED_INTRO.match(text.rstrip("*")) if b.kind != "bullet" else None)
            if intro and ends_intro and self.who.is_subject(intro.group("who")):
                parties, unit = self.who(intro.group("who"))
                if parties:
                    owner, owner_label, owner_unit, area_list = parties, text.rstrip(": "), unit, False
                    continue
            if b.kind != "bullet" and next_bullet and text.rstrip("*").rstrip().endswith(":") \
                    and not (P.owner_heading(text) and self.who.is_subject(P.owner_heading(text))) \
                    and (scope := self.lead_in(text, b, pos)) is not None:
                owner, owner_label, owner_unit, area_list = scope[0], text.rstrip(":; "), scope[1], False
                continue
            if b.kind != "bullet" and P.OPEN_INTRO.match(text.rstrip("*")) and not self.split_lines(text, b):
                owner, owner_label, owner_unit, area_list = [], text.rstrip(":; "), None, False  # the items name the doer
                continue
            heading_owner = P.owner_heading(text) if b.kind in ("heading", "para") and len(text) <= 90 else None
            if heading_owner and self.who.is_subject(heading_owner):
                parties, unit = self.who(heading_owner)
                if parties:
                    owner, owner_label, owner_unit, area_list = parties, text.rstrip(": "), unit, False
                    continue
            if b.kind == "bullet":
                if area_list:
                    self.listed_area(text, b.lines)
                    continue
                if owner is not None:
                    what, parties, unit = self.item(text, owner, owner_unit)
                    if not parties:
                        self.review.possible.append(f"line {span(b.lines)}: “{text}” (no doer: the list's lead-in names none)")
                        continue
                    c = self.add(what, parties, b.lines, owner_label, responsible=unit)
                    self.ansvar(text, b, c)
                    continue
                what, parties, unit = self.item(text, [], None)
                if parties:  # "… (Polisen)", "polisen genomför …" under a lead-in that names no doer
                    c = self.add(what, parties, b.lines, "", responsible=unit)
                    self.ansvar(text, b, c)
                    continue
                if self.promise_scope is not None and self.who.we and not P.RESPONSIBILITY.search(text):
                    # "Medborgarlöfte 2027" then "Varje år kommer minst två tillsyner … att göras": whose is said above
                    c = self.add(what, self.who.we, b.lines, self.promise_scope.text)
                    if c:
                        c.notes.append(f"the item names no doer: read as {' + '.join(p.label for p in self.who.we)} "
                                       f"(the heading on line {span(self.promise_scope.lines)})")
                        continue
                self.inline(text, b)
                continue
            owner = None
            last = (P.sentences(text) or [text])[-1]
            area_list = last.rstrip().endswith(":") and re.search(r"(område|prioriter|fokus|inriktning)", last, re.I) \
                is not None and not P.LIST_INTRO.match(text) and not re.search(r"\bat{1,2}\s*:\s*$", last)
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
            before = len(self.commitments)
            self.inline(text, b)
            self.last_para = (pos, self.commitments[before:])

    def lead_in(self, text: str, b: Block, pos: int) -> tuple[list[Org], str | None] | None:
        """The doer of a list whose lead-in ends in ":" without the usual "X lovar att:": its own subject ("Polis och
        kommun ska arbeta för att … genom att:"), else an earlier sentence of the paragraph ("Där lovar polisen att …
        Bland annat:") or the paragraph before ("Kommunen och polisen lovar att arbeta för att …" / "Detta ska göras
        genom att:"); that sentence is the list's aim, not a commitment of its own. [] when the items must name
        their doer; None when this is no lead-in."""
        sents = P.sentences(text)
        if not sents or re.search(r"(område|prioriter|fokus|inriktning)", sents[-1], re.I):
            return None
        for s in reversed(sents):
            found = self.promise_subject(s)
            if found:
                self.review.uncertain.append(f"line {span(b.lines)}: “{s[:100]}” read as the aim of the list below, "
                                             f"not a commitment of its own")
                return found
        prev_pos, prev = self.last_para
        if prev_pos == pos - 1 and len(prev) == 1 and P.BACK_LEAD_IN.search(sents[-1]):
            aim = prev[0]
            self.commitments.remove(aim)
            self.review.uncertain.append(f"line {span(aim.lines)}: “{aim.text[:100]}” read as the aim of the list "
                                         f"after line {span(b.lines)}, not a commitment of its own")
            return aim.parties, aim.responsible
        return [], None

    def promise_subject(self, sentence: str) -> tuple[list[Org], str | None] | None:
        """The parties a sentence makes promise something ("Polisen ska …", "Där lovar polisen att …"), or None."""
        s = sentence.rstrip(": ")
        inv = P.INVERTED_SENT.match(s)
        if inv and inv.group("verb").lower() in ("lovar", "kommer") and not inv.group("att"):
            inv = None
        for m in (P.INLINE.match(s), inv):
            if m and (self.who.is_subject(m.group("who")) or re.fullmatch(r"man|vi", m.group("who"), re.I)):
                parties, unit = self.who(m.group("who"))
                if parties:
                    return parties, unit
        return None

    def inverted(self, sentence: str, b: Block) -> bool:
        """"… kommer man tillsammans att öka närvaron", "dessutom kommer kommunens ordningsvakter att vara synliga":
        a promise with its verb before its subject, inside prose."""
        m = P.INVERTED_SENT.match(sentence)
        if not m or (m.group("verb").lower() in ("lovar", "kommer") and not m.group("att")) or _QUOTE.search(sentence) or P.FOLLOW_UP_SENTENCE.search(sentence) or _meta(sentence) \
                or re.match(r"(de|det|den|att)\b", m.group("what"), re.I):
            return False
        who = m.group("who")
        if not (self.who.is_subject(who) or re.fullmatch(r"man|vi", who, re.I) or re.match(r"(kommunens|polisens)\s", who, re.I)):
            return False
        parties, unit = self.who(who)
        if not parties:
            return False
        what = m.group("what").rstrip(". ")
        if re.match(r"(kommunens|polisens)\s", who, re.I):
            what = f"{who} {what}"  # the unit or staff is the subject: keep it
        if P.AIM.match(what):
            self.review.uncertain.append(f"line {span(b.lines)}: “{sentence[:100]}” reads as an aim, not a commitment; "
                                         f"not drafted")
            return True
        return self.add(what, parties, b.lines, f"{who} (verb first)", responsible=unit) is not None

    def item(self, text: str, owner: list[Org], unit: str | None) -> tuple[str, list[Org], str | None]:
        """A list item's text and doer: its own doer where it names one ("Att polisen ska …", "Polisen att …",
        "… (Polisen)", "Polisen patrullerar …"), else the lead-in's."""
        t = P.untypo(re.sub(r"^at{1,2}\s+", "", text.strip(), flags=re.I))
        tag = P.DOER_TAG.search(t)
        if tag and (who := self.who(tag.group("who") or tag.group("who2")))[0]:
            return t[:tag.start()].rstrip(" .,;"), who[0], who[1]
        for rx in (P.INLINE, P.DOER_ATT):
            m = rx.match(t)
            if m and self.who.is_subject(m.group("who")) and (who := self.who(m.group("who")))[0]:
                return m.group("what").rstrip(". "), who[0], who[1]
        present = P.PRESENT.match(t)
        if present and self.who.is_subject(present.group("who")) and (who := self.who(present.group("who")))[0]:
            return t, who[0], who[1]  # "polisen genomför …", "kommunen erbjuder …"
        inv = P.INVERTED_SENT.match(t)
        if inv and re.match(r"(kommunens|polisens)\s", inv.group("who"), re.I) and (who := self.who(inv.group("who")))[0]:
            return t.rstrip(". "), who[0], who[1]  # "På de platser … ska polisens övervakning öka"
        if len(owner) > 1 and (one := P.subject_party(t)):
            # "Det här lovar vi:" then "Polisen patrullerar …": the item's own subject decides
            return t, [p for p in (self.who.police if one == "police" else self.who.muni,) if p] or owner, unit
        return t, owner, unit

    def split_lines(self, text: str, b: Block) -> bool:
        """"För att nå målet kommer; kommunen att … kommunen att … polisen att …" run into one paragraph:
        each "<party> att …" is an item."""
        parts = re.split(r"\s+(?=(?:kommunen|kommunerna|polisen|staden|parterna|socialtjänsten)\s+at{1,2}\s)", text,
                         flags=re.I)
        if len(parts) < 3 or not re.search(r"[:;]\s*$", parts[0]) and not P.OPEN_INTRO.match(parts[0]):
            return False
        for i, part in enumerate(parts[1:], 1):
            what, parties, unit = self.item(part, [], None)
            line = [b.lines[i]] if len(parts) == len(b.lines) else b.lines
            if parties:
                self.add(what, parties, line, parts[0].rstrip(":; "), responsible=unit)
        return True

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
        if self.split_lines(text, b):
            return
        sents = [c for s in P.sentences(text) for c in P.CLAUSE_SPLIT.split(P.untypo(s)) if c.strip()]
        if not sents:
            return
        closed = {i for i, s in enumerate(sents) if self.parenthetical(s, b)}
        if self.ansvar(text, b, None):
            return
        present = P.PRESENT.match(sents[0])
        if not P.INLINE.match(sents[0]) and present and not self.follow_up_section \
                and not P.FOLLOW_UP_SENTENCE.search(sents[0]) and self.who.is_subject(present.group("who")) \
                and not _meta(sents[0]) and not _ABOUT_PROMISE.search(sents[0]) and len(sents[0].split()) <= 40 \
                and (who := self.who(present.group("who")))[0]:
            # "Polisen kontrollerar krogarna …", "Polis och socialtjänst genomför …": a promise in the present tense
            self.add(sents[0].rstrip(". "), who[0], b.lines, present.group("who").strip() + " " + present.group("verb"),
                     responsible=who[1])
            self._rest(sents[1:], closed, sents, text, b)
            return
        first = P.INLINE.match(sents[0])
        if first and re.match(r"\w{3,}as\b", first.group("what")):
            first = None  # passive: "… ska bedrivas nära medborgarna" says nothing about who does it
        if first and self.who.is_subject(first.group("who")) and not _meta(sents[0]) \
                and P.AIM.match(re.sub(r"^(?:tillsammans|i\s+samverkan)\s+med\s+\S+\s+", "", first.group("what"))):
            self.review.uncertain.append(f"line {span(b.lines)}: “{sents[0][:100]}” reads as an aim, not a commitment; "
                                         f"not drafted")
            first = None
            self._rest(sents[1:], closed, sents, text, b)
            return
        if first and self.who.is_subject(first.group("who")) and not _meta(sents[0]):
            parties, unit = self.who(first.group("who"))
            if parties:
                what = first.group("what").rstrip(". ")
                self.add(what, parties, b.lines, first.group("who").strip() + " " + _verb(sents[0]),
                         responsible=unit)
                rest = sents[1:]
            else:
                rest = sents
        else:
            if 0 not in closed and not self.embedded(sents[0], b):
                self.inverted(sents[0], b)
            rest = sents[1:]
        self._rest(rest, closed, sents, text, b)

    def _rest(self, rest: list[str], closed: set[int], sents: list[str], text: str, b: Block) -> None:
        """The sentences of a paragraph after its first: promises ("Polisen lovar att …") are drafted, other
        "X ska …" sentences are listed for the reviewer."""
        merged = len(text) >= _MERGED  # a whole PDF page as one paragraph: its sentences are paragraphs too
        start = len(self.commitments)
        for s in rest:
            if sents.index(s) in closed:
                continue
            if self.embedded(s, b):
                continue
            m = P.INLINE.match(s)
            if not (m and self.who.is_subject(m.group("who"))) and self.inverted(s, b):
                continue
            drafted = self.commitments[start:] or [c for c in self.commitments if set(c.lines) == set(b.lines)]
            if not (m and self.who.is_subject(m.group("who"))) and drafted and P.PASSIVE.search(s) and not merged \
                    and re.search(r"\b(också|även|dessutom)\b", s, re.I) and not _meta(s) and not P.FOLLOW_UP_SENTENCE.search(s) and not _QUOTE.search(s):
                # "… ska genomföra en trygghetsvandring. Under året ska också satsningar … göras": the same doers
                c = self.add(s.rstrip(". "), drafted[-1].parties, b.lines, "passive, after a commitment")
                if c:
                    c.notes.append("a passive sentence: its doer taken from the commitment before it")
                continue
            if m and self.who.is_subject(m.group("who")) and not _meta(s) and self.who(m.group("who"))[0]:
                if (merged or _PROMISE.match(_verb(s)) or re.match(r"kommer\b", _verb(s))
                        or re.search(r"\b(dessutom|också|även)\b", s.split(m.group("what"))[0] + m.group("what")[:12], re.I)) \
                        and not re.match(r"\w{3,}as\b", m.group("what")):
                    self.add(m.group("what").rstrip(". "), self.who(m.group("who"))[0], b.lines,
                             m.group("who").strip() + " " + _verb(s), responsible=self.who(m.group("who"))[1])
                else:
                    self.review.possible.append(f"line {span(b.lines)}: “{s}”")

    def embedded(self, sentence: str, b: Block) -> bool:
        """"Det handlar om att polisen ska genomföra X och att kommunen ska erbjuda Y": each "att <party> ska …"
        inside a sentence that does not itself start with a party is that party's commitment."""
        if P.INLINE.match(sentence) and self.who.is_subject(P.INLINE.match(sentence).group("who")):
            return False
        found = False
        for m in P.EMBEDDED.finditer(sentence):
            parties, unit = self.who(m.group("who"))
            if parties and self.add(m.group("what").rstrip(". "), parties, b.lines, f"att {m.group('who')} ska",
                                    responsible=unit):
                found = True
        return found

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
            if m and self.who.is_subject(m.group("who")) and not _meta(s):
                who, _unit = self.who(m.group("who"))
                if who:
                    return m.group("what").rstrip(". "), who
            if re.match(r"(polis\w*|kommun\w*|parterna|vi)\b", s, re.I) and not _meta(s):
                return s.rstrip(". "), parties
        return sents[-1].rstrip(". "), parties


_MERGED = 600
#: a goal or purpose sentence ("Syftet är …", "Syftet med trygghetsvandringar är …", "Målet ska vara …")
_PURPOSE = re.compile(r"(syftet|målet)\s+(är|ska|med)\b", re.I)
#: headings over what was done or why, not what is promised
_SKIP_HEADING = re.compile(r"^\W*(resultat|så\s+har\s+det\s+gått|det\s+här\s+har\s+vi\s+gjort|bakgrund|lägesbild|problembild|"
                           r"detta\s+har\s+\w+\s+gjort)\b", re.I)
#: "… lovar invånarna i Sandvika följande under 2025": a lead-in, not a commitment
_INTRO_ONLY = re.compile(r"\bföljande\b(?:\s+\S+){0,3}\s*:?$", re.I)
#: a quote in a news item: "– Vi ska synas mer på kvällarna, säger kommunpolisen Maja Ek."
_QUOTE = re.compile(r",\s+(?:säger|sa|berättar|menar|förklarar)\s+\w+", re.I)
#: sentences about the promise itself ("Kommunen och polisen ger varje år ett medborgarlöfte")
_ABOUT_PROMISE = re.compile(r"(medborgarlöfte|löfte[nt]?\b|överenskommelse|samverkansavtal|skriv\w*\s+under|undertecknat)", re.I)
#: verbs that make any sentence of a paragraph a commitment, not only its first ("Polisen lovar att …")
_PROMISE = re.compile(r"(lovar|förbinder|åtar|åtager|förpliktar)\b", re.I)
#: "(polisen ansvarig)", "( kommunen ansvarig)", "(ansvarig: socialtjänsten)"
_PAREN_RESPONSIBLE = re.compile(r"\(\s*(?:(?P<who>[^()]{2,50}?)\s+ansvarig[a]?|ansvarig[a]?\s*:?\s*(?P<who2>[^()]{2,50}?))\s*\)",
                                re.I)



def _generic(text: str) -> bool:
    plain = P.strip_markup(text).strip(" :#")
    if P.PROMISE_HEADING.match(plain) or re.search(r"[–—-]\s*medborgarlöfte", plain, re.I) or _heading_period(plain):
        return True  # "Medborgarlöfte 2027", "Ekeby – medborgarlöften": the promise's title, not a focus area
    return bool(re.fullmatch(r"(valda\s+|prioriterade\s+)?(samverkansområden|åtaganden|åtagandeplan|åtgärdsplan|"
                             r"handlingsplan|bilaga\s*\d*|insatser|innehåll|samverkansformer|syfte|bakgrund|"
                             r"inledning|uppföljning|löften?|medborgarlöften?|våra\s+löften|löftena|insatser\s+och\s+löften)",
                             P.strip_markup(text).strip(" :").casefold()))


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



def kw_scope_we(where: str) -> bool:
    """Was the doer taken from a "vi" heading ("Det här ska vi göra")?"""
    return bool(re.search(r"\bvi\b", where, re.I))


def _cut_comments(text: str) -> tuple[str, str | None]:
    """A commitment's text without the sentences that comment on it ("Detta ska ske …", "Målet är …") and without a
    follow-up clause run on to it (", och arbetet följs sedan upp …"); the cut part is returned for the notes."""
    sents = P.sentences(text)
    keep = [sents[0]] if sents else []
    for s in sents[1:]:
        if P.COMMENT_SENTENCE.match(s) or keep[-1] is None:
            break
        keep.append(s)
    cut = " ".join(sents[len(keep):]) or None
    out = " ".join(keep)
    tail = P.FOLLOW_UP_TAIL.search(out)
    if tail and tail.start() > 20:
        cut = " ".join(x for x in (out[tail.start():].lstrip(", "), cut) if x)
        out = out[:tail.start()]
    return out.rstrip(" ."), cut


def _heading_period(text: str) -> tuple[str, str] | None:
    """The period a heading over one promise names: "Medborgarlöfte 2026–2027", "Medborgarlöften 2024"."""
    if not re.search(r"(löfte|överenskommelse|åtagande|handlingsplan|åtgärdsplan)", text, re.I):
        return None
    return P.parse_period(text) or P.parse_year(text, title=True)


def _newest_period(bls: list[Block]) -> tuple[str, str] | None:
    """When a page holds several promises under period headings, the newest one's period; else None."""
    periods = {pp for b in bls if b.kind == "heading" and (pp := _heading_period(b.text))}
    return max(periods, key=lambda pp: (pp[1], pp[0])) if len(periods) >= 2 else None
