"""What an importer found in a document, before it is written as Turtle."""

from __future__ import annotations

from dataclasses import dataclass, field


def span(lines: list[int] | set[int]) -> str:
    """Line numbers as the compact span text used by sam:sourceLines: [3,4,5,9] → "3-5, 9"."""
    nums = sorted(set(lines))
    parts: list[str] = []
    start = prev = None
    for n in nums:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            parts.append(f"{start}-{prev}" if prev != start else str(start))
            start = prev = n
    if start is not None:
        parts.append(f"{start}-{prev}" if prev != start else str(start))
    return ", ".join(parts)


@dataclass
class Org:
    """A party or unit: `iri` is relative to the id base (org/marks-kommun)."""

    iri: str
    label: str
    kind: str  # municipality | police_area | police | unit
    declare: bool = False  # not in graph/organisations: the draft declares it
    parent: str | None = None  # for a declared police area: org/polisen

    @property
    def is_police(self) -> bool:
        return self.kind in ("police_area", "police")


@dataclass
class Area:
    label: str
    lines: list[int] = field(default_factory=list)
    location: str = ""
    description: str | None = None


@dataclass
class Initiative:
    label: str
    area: Area | None
    lines: list[int] = field(default_factory=list)
    location: str = ""


@dataclass
class Commitment:
    text: str
    parties: list[Org]
    area: Area | None = None
    initiative: Initiative | None = None
    lines: list[int] = field(default_factory=list)
    location: str = ""
    timeframe: str | None = None
    measure: str | None = None
    follow_up: str | None = None
    responsible: str | None = None
    notes: list[str] = field(default_factory=list)  # why a reviewer should look at it


@dataclass
class Signature:
    name: str
    post: str | None
    party: Org | None
    lines: list[int] = field(default_factory=list)


@dataclass
class Goal:
    label: str
    indicators: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    location: str = ""


@dataclass
class Forum:
    """A council, steering group or collaboration group the agreement names."""

    label: str
    lines: list[int] = field(default_factory=list)
    follows_up: bool = False  # named where the text says how the agreement is followed up


@dataclass
class Draft:
    """One agreement as found: everything the writer needs."""

    slug: str
    label: str
    parties: list[Org]
    document_title: str
    document_file: str
    period_start: str | None = None
    period_end: str | None = None
    until_further_notice: bool = False
    signed_on: str | None = None
    signed_at: str | None = None
    description: str | None = None
    revision: str | None = None
    lines: list[int] = field(default_factory=list)
    location: str = ""
    signatures: list[Signature] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)
    extra_orgs: list[Org] = field(default_factory=list)  # named units to declare
    follow_up: str | None = None  # how the agreement is followed up, in the document's words
    follow_up_frequency: str | None = None  # "tertialvis", "två gånger per år"
    follow_up_lines: list[int] = field(default_factory=list)
    forums: list[Forum] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # header comments
