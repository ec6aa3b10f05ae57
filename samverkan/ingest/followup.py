"""How an agreement is followed up, and the forums it names: a "Uppföljning" / "Så följer vi upp" section or
sentences like "Arbetet följs upp tertialvis", and councils or groups named in passing ("i trygghetsrådet")."""

from __future__ import annotations

import re

from . import patterns as P
from .model import Forum
from .structure import Block


def find_follow_up(bls: list[Block]) -> tuple[str | None, str | None, list[int]]:
    """(the follow-up sentences, how often, their lines): a follow-up section's text, else every sentence outside
    one that says how the work is followed up."""
    section: list[tuple[str, list[int]]] = []
    loose: list[tuple[str, list[int]]] = []
    inside = False
    for b in bls:
        if b.kind == "heading":
            inside = bool(P.FOLLOW_UP_HEADING.match(P.strip_markup(b.text).strip("# ")))
            continue
        if b.kind == "table" or P.WEB_NOISE.match(P.strip_markup(b.text)):
            continue
        if inside:
            section.append((P.strip_markup(b.text), b.lines))
            continue
        for s in P.sentences(P.strip_markup(b.text)):
            if P.FOLLOW_UP_SENTENCE.search(s) and not re.search(r"\b(kakor|cookies)\b", s, re.I):
                loose.append((s, b.lines))
    found = section or loose
    if not found:
        return None, None, []
    text = " ".join(t for t, _ in found)
    freq = P.FREQUENCY.search(text)
    return text, freq.group(0) if freq else None, sorted({n for _, lines in found for n in lines})


def find_forums(bls: list[Block], follow_up: str | None) -> list[Forum]:
    """Councils and groups the text names ("det lokala brottsförebyggande rådet", "styrgruppen"), once each."""
    out: dict[str, Forum] = {}
    for b in bls:
        if b.kind == "table":
            continue
        for m in P.FORUM.finditer(P.strip_markup(b.text)):
            name = re.sub(r"^(det\s+)", "", m.group(0), flags=re.I)
            key = P.fold(re.sub(r"^lokala\s+", "", name, flags=re.I))
            forum = out.setdefault(key, Forum(name[0].upper() + name[1:]))
            forum.lines = sorted(set(forum.lines + b.lines))
    for key, forum in out.items():
        forum.follows_up = bool(follow_up) and key in P.fold(follow_up)
    return list(out.values())
