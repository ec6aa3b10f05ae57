"""`samverkan import text`: a draft agreement and a review report from the agreement's own text.

The steps live in their own modules: structure.py (blocks, where the agreement starts), parties.py,
signatures.py, commitments.py (with text_tables.py), goals.py and review.py (the report)."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError
from . import patterns as P
from .commitments import CommitmentBuilder
from .followup import find_follow_up, find_forums
from .goals import find_goals
from .model import Draft, Org
from .orgs import OrgDirectory, municipality_short
from .parties import Who, find_parties, other_parties
from .reading import read_lines
from .review import Review, note_gaps, not_drafted, review_markdown
from .signatures import find_signatures, named_signatories
from .structure import Block, agreement_start, blocks

__all__ = ["Review", "draft_from_text", "review_markdown"]

_TITLE_WORDS = re.compile(r"^\W*(samverkansöverenskommelse|överenskommelse|samverkansavtal|medborgarlöfte|åtagandeplan|"
                          r"handlingsplan|åtgärdsplan|avtal|samverkan)", re.I)


def _agreement_facts(bls: list[Block], title_block: Block | None
                     ) -> tuple[tuple[str, str] | None, bool, str | None, str | None, list[int]]:
    """The period, whether it runs until further notice, the revision and purpose sentences, and their lines."""
    lines: list[int] = []
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
                lines += b.lines
            if P.UNTIL_FURTHER.search(s) and re.search(r"överenskommelse|avtal|gäller", s, re.I):
                until = True
                lines += b.lines
            if revision is None and re.search(r"revider", s, re.I):
                revision = s
                lines += b.lines
            if description is None and re.search(r"(gemensamma\s+målet|syftet\s+med\s+(samverkans)?överenskommelsen)", s, re.I):
                description = s
                lines += b.lines
    if period is None and title_block is not None:  # "Medborgarlöfte 2025"
        period = P.parse_year(title_block.text, title=True)
    for b in bls:
        if period is None and b.kind != "table":
            for s in P.sentences(b.text):
                if P.parse_year(s):  # "Löftet gäller under 2025", "för år 2025"
                    period = P.parse_year(s)
                    lines += b.lines
                    break
    return period, until, revision, description, lines


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
    parties, unnamed = _both_parties(parties, directory)
    full = "\n".join(b.text for b in bls)
    labels = {P.fold(p.label) for p in parties}
    who = Who(parties, {k: o for k, o in other_parties(full, directory).items() if P.fold(o.label) not in labels})
    we_note = _who_we_are(bls, who)
    builder = CommitmentBuilder(bls, parties, who)
    builder.run()
    follow_up, frequency, follow_lines = find_follow_up(bls)
    possible = not_drafted(bls, builder.commitments, who, follow_up)
    if not builder.commitments and not possible and not P.AGREEMENT_WORDS.search("\n".join(b.text for b in bls[:40])):
        raise SourceError(str(path), None, "does not look like a collaboration agreement: found no commitments "
                          "(“X förbinder sig att:”, “Polisen lovar att …”, “Vi lovar:” and a list, an åtagandeplan "
                          "table) and no sentence that promises anything")
    for p in unnamed:
        builder.review.uncertain.insert(0, f"the text names no {'police party' if p.is_police else 'municipality'}: "
                                        f"drafted as <{p.iri}> “{p.label}”; give --"
                                        f"{'police-area' if p.is_police else 'municipality'}")
    if not police_area and not any(p.is_police for p in unnamed) and how != "mellan X och Y" \
            and any(p.kind == "police" for p in parties):
        builder.review.uncertain.insert(0, "no police area is named (only “polisen” or “Polismyndigheten”): drafted as "
                                        "Polismyndigheten; give --police-area if a local police area is meant")
    if we_note:
        builder.review.uncertain.append(we_note)
    builder.review.possible += [x for x in possible if x not in builder.review.possible]
    title_block = next((b for b in bls[:8] if b.kind in ("heading", "para") and len(b.text) <= 200
                        and _TITLE_WORDS.search(b.text)), None) or next((b for b in bls if b.kind in ("heading", "para")), None)
    title = re.sub(r"\s+mellan$", "", title_block.text if title_block else path.stem).lstrip("# ").strip()
    header_lines = sorted(set((title_block.lines if title_block else []) + party_lines))

    period, until, revision, description, fact_lines = _agreement_facts(bls, title_block)
    header_lines += fact_lines
    if period is None and not until:
        period, guess_lines, how_period = _period_fallback(bls)
        if period:
            header_lines += guess_lines
            builder.review.uncertain.append(f"period {period[0]}–{period[1]} taken from {how_period}; check it")
    labels = {P.fold(n) for names, _k in directory.entries.values() for n in names} | {P.fold(p.label) for p in parties}
    sigs, signed_on, signed_at, sig_lines = find_signatures(lines, who, labels)
    if not sigs:
        sigs, sig_lines = named_signatories(bls, who, labels)
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
                  commitments=builder.commitments, goals=find_goals(bls), follow_up=follow_up,
                  follow_up_frequency=frequency, follow_up_lines=follow_lines, forums=find_forums(bls, follow_up))
    draft.extra_orgs += [o for c in draft.commitments for o in c.parties
                         if o.kind == "other" and o.declare and o not in draft.extra_orgs]

    note_gaps(builder.review, draft, skipped, how)
    return draft, builder.review


def _who_we_are(bls: list[Block], who: Who) -> str | None:
    """"Vi" / "man" are both parties, unless the police speak for themselves ("polisens medborgarlöfte", "Lokalpolisområde
    X har lyssnat …") and the text never names kommun and polis together as doers; the note says what was assumed."""
    text = "\n".join(b.text for b in bls)
    intro = "\n".join(b.text for b in bls[:8])
    if who.police and P.POLICE_VOICE.search(intro) and not P.JOINT_WORDS.search(text):
        who.we = [who.police]
        return "“vi” read as the police (the text is the police's own promise); check it"
    return None


def _period_fallback(bls: list[Block]) -> tuple[tuple[str, str] | None, list[int], str]:
    """A period not in the opening: a heading anywhere ("Genomförande 2026–2028"), else the one year every date and
    year of the text names ("under våren 2026", "januari 2026")."""
    for b in bls:
        if b.kind == "heading" and (period := P.parse_period(b.text)):
            return period, b.lines, f"the heading on line {b.lines[0]}"
    years: set[str] = set()
    lines: list[int] = []
    for b in bls:
        if b.kind == "table":
            continue
        found = set(re.findall(rf"(?<!\d){P.YEAR}(?!\d)", b.text))
        if found:
            years |= found
            lines += b.lines
    if len(years) == 1:
        y = years.pop()
        return (y, y), lines, f"the only year the text names ({y})"
    if years and 0 < int(max(years)) - int(min(years)) <= 2:
        return (min(years), max(years)), lines, f"the years the text names ({', '.join(sorted(years))})"
    return None, [], ""


def _both_parties(parties: list[Org], directory: OrgDirectory) -> tuple[list[Org], list[Org]]:
    """The municipality and the police party; one the text does not name is a placeholder the review points out
    (a text with promises is drafted, never refused for lack of a party)."""
    muni = next((p for p in parties if not p.is_police), None)
    police = next((p for p in parties if p.is_police), None)
    unnamed = []
    if muni is None:
        muni = Org("org/okand-kommun", "Okänd kommun", "municipality", declare=True)
        unnamed.append(muni)
    if police is None:
        police = directory.find("Polismyndigheten") or Org("org/polisen", "Polismyndigheten", "police", declare=True)
        unnamed.append(police)
    return [muni, police], unnamed
