"""Invented yearly follow-ups for the generated graph: one file per agreement-year, marked as invented.

Each commitment's status moves on over the agreement's years (not started → ongoing → completed, some
delayed or dropped); completed ones get a date, delayed and dropped ones a comment, some a count; a few
are left without a status so validation and the reports have gaps to show. Every indicator of the
agreement's goals gets a value a year. A file's randomness comes from (seed, agreement, year) alone, so
adding follow-ups leaves the rest of the generated graph as it was.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from .turtle import TurtleFile, iri, sv, typed

STATUS = "follow-up-status/"
#: the share of commitments left without a status in a year
UNFILLED = 0.04


@dataclass
class AgreementMade:
    """What _agreement_file wrote that a follow-up needs."""

    agreement: str = ""
    label: str = ""
    start: int = 0
    follower: str | None = None
    commitments: list[str] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)


def _status(rng: random.Random, step: int) -> str:
    """A status for the step-th year of the agreement (0 = its first)."""
    roll = rng.random()
    done = min(0.15 + 0.3 * step, 0.8)
    if roll < done:
        return "genomford"
    if roll < done + 0.08:
        return "forsenad"
    if roll < done + 0.11:
        return "inte-langre-aktuell"
    if roll < done + 0.11 + max(0.25 - 0.1 * step, 0.03):
        return "ej-paborjad"
    return "pagar"


def follow_up_file(seed: int, made: AgreementMade, year: int) -> str:
    """The invented follow-up of one agreement for one year, as a source file."""
    a = made.agreement
    step = max(0, year - made.start)
    rng = random.Random(f"{seed}:{a}:{year}")
    report = f"{a}/follow-up/{year}"
    f = TurtleFile(f"PÅHITTADE UPPGIFTER / INVENTED DATA (samverkan generate): a made-up follow-up {year} of {a}.\n"
                   "Not a real follow-up; for benchmarks, tests and demos only.")
    pairs = [("a", "sam:FollowUpReport"), ("rdfs:label", sv(f"Uppföljning {year}: {made.label} (påhittad)")),
             ("prov:used", iri(a)), ("sam:followUpYear", typed(str(year), "xsd:gYear"))]
    if made.follower:
        pairs.append(("prov:wasAssociatedWith", iri(made.follower)))
    f.subject(iri(report), pairs)
    for c in made.commitments:
        status = _status(rng, step)
        record = [("a", "sam:StatusRecord"), ("sam:aboutCommitment", iri(c))]
        if rng.random() >= UNFILLED:
            record.append(("sam:status", iri(STATUS + status)))
            if status == "genomford":
                record.append(("sam:statusDate", typed(f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "xsd:date")))
            if status in ("forsenad", "inte-langre-aktuell"):
                record.append(("rdfs:comment", sv("Påhittad kommentar: " + rng.choice(
                    ("personalbrist under året", "insatsen ersattes av en annan", "väntar på beslut i nämnden",
                     "samverkansparten kunde inte delta")) + ".")))
            if rng.random() < 0.3:
                record.append(("sam:measuredValue", str(rng.randint(0, 40))))
        record.append(("prov:wasGeneratedBy", iri(report)))
        f.subject(iri(f"{report}/{c.rsplit('/', 1)[-1]}"), record)
    for indicator in made.indicators:
        f.subject(iri(f"{report}/{indicator.rsplit('/', 1)[-1]}"), [
            ("a", "sam:IndicatorMeasurement"), ("sam:measures", iri(indicator)),
            ("sam:measuredValue", f"{rng.randint(20, 95)}.{rng.randint(0, 9)}"), ("sam:unit", sv("per 1000 invånare")),
            ("prov:wasGeneratedBy", iri(report))])
    return f.text()
