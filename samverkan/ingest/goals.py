"""Goals and their indicators: bullets under a "Mål" and an "Indikatorer" heading."""

from __future__ import annotations

import re

from .model import Goal
from .structure import Block


def find_goals(bls: list[Block]) -> list[Goal]:
    """Goals ("… ska öka/minska …"), each with its indicator when there are as many indicators as goals."""
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
