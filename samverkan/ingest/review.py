"""What a reviewer of a drafted agreement should look at, and the review report."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import patterns as P
from .model import Commitment, Draft, span


@dataclass
class Review:
    """What the reviewer should look at, besides what was found."""

    uncertain: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    possible: list[str] = field(default_factory=list)  # commitment-like sentences not drafted


def note_gaps(review: Review, draft: Draft, skipped: str | None, how: str) -> None:
    """Add to `review` what the draft lacks and what was guessed: the skipped opening, how the parties were
    found, parties not in graph/organisations/, and missing period, signing, signatories and commitment details."""
    if skipped:
        review.uncertain.insert(0, skipped)
    if how != "mellan X och Y" and how:
        review.uncertain.insert(0, f"parties found from {how}")
    for p in draft.parties:
        if p.declare:
            review.uncertain.insert(0, f"{p.label} is not in graph/organisations/: declared in the draft as <{p.iri}>")
    if draft.period_start is None and not draft.until_further_notice:
        review.missing.append("the period (no “2022–2024” in the title and no “gäller …” sentence)")
    if not draft.signed_on:
        review.missing.append("the signing date and place (“Ort 2022-05-18” / “Ort den 14 december 2015”)")
    if not draft.signatures:
        review.missing.append("signatories (name and post after the date at the end)")
    if not draft.commitments:
        review.missing.append("commitments: none found")
    if not draft.follow_up:
        review.missing.append("the follow-up arrangement (no “Uppföljning” section and no sentence on how the work is "
                              "followed up)")
    elif not draft.follow_up_frequency:
        review.missing.append(f"how often the agreement is followed up (line {span(draft.follow_up_lines)} says how, not "
                              "how often)")
    for key, name in (("timeframe", "timeframe"), ("measure", "activity measure"), ("follow_up", "follow-up")):
        n = sum(1 for c in draft.commitments if not getattr(c, key))
        if n:
            covered = " (the agreement's follow-up covers them)" if key == "follow_up" and draft.follow_up else ""
            review.missing.append(f"{name} for {n} of {len(draft.commitments)} commitments{covered}")


#: a sentence that looks like a promise: a commitment verb ("ska", "lovar", "kommer att", "åtar sig")
_PROMISE_LIKE = re.compile(r"\b(ska|skall|lovar|kommer\s+(?:\S+\s+){0,10}?att|åtar\s+sig|åtager\s+sig|förbinder\s+sig|"
                           r"tar\s+på\s+sig|ansvarar\s+för)\b", re.I)


#: a lead-in over a list of promises: "Löftena i korthet:", "Våra åtaganden:", "Aktiviteter:"
_LIST_OF_PROMISES = re.compile(r"\b(löfte\w*|lova\w*|åtag\w*|åtgärd\w*|insats\w*|aktivitet\w*)", re.I)


def not_drafted(bls, commitments: list[Commitment], who, follow_up: str | None = None) -> list[str]:
    """Every sentence that looks like a promise but is not (part of) a drafted commitment nor the follow-up
    arrangement, with its line."""
    out = []
    promised_list = False  # items of a list whose lead-in speaks of promises ("Löftena i korthet:")
    for b in bls:
        if b.kind == "table" or P.WEB_NOISE.match(P.strip_markup(b.text)):
            continue
        if b.kind != "bullet":
            promised_list = (b.text.rstrip().endswith(":") and (_LIST_OF_PROMISES.search(b.text) is not None
                                                                or re.search(r"\bat{1,2}\s*:$", b.text.rstrip()) is not None)) \
                or (b.kind == "heading" and P.PROMISE_HEADING.match(P.strip_markup(b.text).strip("# ")) is not None)
        for s in P.sentences(P.strip_markup(b.text)):
            present = P.PRESENT.match(s)
            tag = P.DOER_TAG.search(s) if b.kind == "bullet" else None
            if not (_PROMISE_LIKE.search(s) or (present and who.is_subject(present.group("who")))
                    or (b.kind == "bullet" and promised_list)
                    or (tag and who(tag.group("who") or tag.group("who2"))[0])):
                continue
            if len(s.split()) < 4 or s.rstrip().endswith(":") or (follow_up and s in follow_up):
                continue  # a list's lead-in: its items are what counts
            covered = any(set(b.lines) & set(c.lines) and (P.similarity(c.text, s) >= 0.5 or P.fold(c.text[:40]) in P.fold(s))
                          for c in commitments)
            if not covered:
                out.append(f"line {span(b.lines)}: “{s}”")
    return out


def review_markdown(draft: Draft, review: Review, source: str, output: str | None) -> str:
    """The review report: found, uncertain, missing — with line numbers into the source."""
    by_party = Counter(p.label for c in draft.commitments for p in c.parties)
    joint = sum(1 for c in draft.commitments if len(c.parties) > 1)
    out = [f"# Granskning av utkast / Draft review: {Path(source).name}", ""]
    if output:
        out += [f"Utkast / draft: `{output}` (agreement `{draft.slug}`)", ""]
    out += ["## Hittat / Found", ""]
    out.append("- Parter / parties: " + "; ".join(f"{p.label} (<{p.iri}>{', ny' if p.declare else ''})"
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
    if draft.follow_up:
        out.append(f"- Uppföljning / follow-up (rad/line {span(draft.follow_up_lines)}): {draft.follow_up}"
                   + (f" — frekvens/frequency: {draft.follow_up_frequency}" if draft.follow_up_frequency else ""))
    else:
        out.append("- Uppföljning / follow-up: —")
    out.append("- Forum / forums: " + ("; ".join(f"{f.label} (rad/line {span(f.lines)}"
                                                 + (", följer upp / follows up" if f.follows_up else "") + ")"
                                                 for f in draft.forums) or "—"))
    out += ["", "## Osäkert / Uncertain", ""]
    notes = [f"line {span(c.lines)}: “{c.text[:80]}” — {'; '.join(c.notes)}" for c in draft.commitments if c.notes]
    out += [f"- {x}" for x in review.uncertain + notes] or ["- —"]
    if review.possible:
        out += ["", "Meningar som liknar åtaganden men inte togs med / sentences that look like commitments but were "
                "not drafted:", ""]
        out += [f"- {x}" for x in review.possible]
    out += ["", "## Saknas / Missing", ""]
    out += [f"- {x}" for x in review.missing] or ["- —"]
    out += ["", "## Åtaganden / Commitments", "",
            "| rad / line | part / party | åtagande / commitment | tidsplan / timeframe | mått / measure |",
            "|---|---|---|---|---|"]
    for c in draft.commitments:
        text = c.text.replace("|", "\\|")
        out.append(f"| {span(c.lines)} | {' + '.join(p.label for p in c.parties)} | {text} | {c.timeframe or '—'} | "
                   f"{c.measure or '—'} |")
    return "\n".join(out) + "\n"
