"""The validation report: per agreement its completeness figures and its findings, in sv and en."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Graph

from ..labels import fallback_label
from ..namespaces import SAM as SAM_IRI
from .context import LABEL, Context, Lit
from .engine import SAMSH, SEVERITY_RANK, RawResult

#: completeness key → the shapes whose findings mean a commitment does not meet it
COMMITMENT_CHECKS = {
    "with_party": (SAMSH.CommitmentPartyShape, SAMSH.CommitmentPartyClassShape),
    "with_responsible": (SAMSH.CommitmentResponsibleShape,),
    "with_timeframe": (SAMSH.CommitmentTimeframeShape,),
    "with_measure": (SAMSH.CommitmentMeasureShape,),
}
NO_FOLLOW_UP = SAMSH.CommitmentFollowUpShape
COVERED_FOLLOW_UP = SAMSH.CommitmentCoveredFollowUpShape

COMPLETENESS_KEYS = ("commitments", "with_party", "with_responsible", "with_timeframe", "with_measure",
                     "with_own_follow_up", "covered_by_agreement_follow_up", "score")

SCORE_FORMULA = {
    "sv": "Poäng = andelen uppfyllda kontroller: (med part + med ansvarig + med tidsplan + med aktivitetsmått"
          " + med uppföljning, egen eller genom överenskommelsen) / (5 × antal åtaganden).",
    "en": "Score = share of checks met: (with party + with responsible + with timeframe + with measure"
          " + with follow-up, own or through the agreement) / (5 × number of commitments).",
}

#: the heading of the group of findings on things that belong to no agreement
OUTSIDE_LABEL = {"sv": "Utanför överenskommelserna (t.ex. forum som bara beskrivs i en organisationsbeskrivning)",
                 "en": "Outside any agreement (e.g. forums described only in an organisation description)"}

Texts = dict[str, str]  # language tag ("sv", "en", "" for none) → text


def pick(texts: Texts | None, lang: str) -> str | None:
    """The text in `lang`, else in the other of sv/en, else untagged, else any."""
    if not texts:
        return None
    for tag in (lang, "en" if lang == "sv" else "sv", ""):
        if tag in texts:
            return texts[tag]
    return next(iter(texts.values()))


@dataclass
class Finding:
    """One validation result, with what a reader needs to find it in the document."""

    severity: str
    focus: str
    shape: str | None
    path: str | None
    messages: Texts
    focus_labels: Texts = field(default_factory=dict)
    initiative_labels: Texts | None = None
    party_labels: Texts | None = None
    group_labels: Texts = field(default_factory=dict)
    location: str | None = None
    lines: str | None = None
    raw: RawResult | None = field(default=None, repr=False, compare=False)

    def source(self, lang: str = "sv") -> str | None:
        """Where in the source document: section or table row, and line span."""
        lines = None
        if self.lines:
            several = any(sep in self.lines for sep in ",-–")
            word = ("rader " if several else "rad ") if lang == "sv" else ("lines " if several else "line ")
            lines = word + self.lines
        if self.location and lines:
            return f"{self.location} ({lines})"
        return self.location or lines

    def first_line(self) -> int:
        match = re.match(r"\s*(\d+)", self.lines or "")
        return int(match.group(1)) if match else 10**9

    def to_json(self, lang: str = "sv") -> dict:
        return {
            "severity": self.severity,
            "focus": self.focus,
            "focus_label": pick(self.focus_labels, lang),
            "initiative_label": pick(self.initiative_labels, lang),
            "party_label": pick(self.party_labels, lang),
            "path": self.path,
            "message": pick(self.messages, lang),
            "source": self.source(lang),
        }


@dataclass
class AgreementReport:
    """The validation of one agreement; `id` None for the group of findings outside any agreement."""

    id: str | None
    labels: Texts
    completeness: dict
    results: list[Finding]
    report_graph: Graph | None = None

    @property
    def outside(self) -> bool:
        """True for the group of findings on things that belong to no agreement (whole-graph validation)."""
        return self.id is None

    @property
    def conforms(self) -> bool:
        """True when nothing is malformed (no Violation); gaps (Warnings) and advice (Info) are allowed."""
        return not any(f.severity == "violation" for f in self.results)

    def label(self, lang: str = "sv") -> str:
        if self.id is None:
            return OUTSIDE_LABEL.get(lang, OUTSIDE_LABEL["sv"])
        return pick(self.labels, lang) or fallback_label(self.id)

    def counts(self) -> dict[str, int]:
        counts = {"violation": 0, "warning": 0, "info": 0}
        for f in self.results:
            counts[f.severity] += 1
        return counts

    def to_json(self, lang: str = "sv") -> dict:
        return {
            "id": self.id,
            "label": self.label(lang),
            "conforms": self.conforms,
            "completeness": dict(self.completeness),
            "results": [f.to_json(lang) for f in self.results],
        }


@dataclass
class ValidationReport:
    """The validation of one or more agreements, each on its own data."""

    agreements: list[AgreementReport]
    lang: str = "sv"

    @property
    def conforms(self) -> bool:
        return all(a.conforms for a in self.agreements)

    def worst_severity(self) -> str | None:
        """"violation", "warning" or "info": the most serious finding, or None when there is none."""
        found = [f.severity for a in self.agreements for f in a.results]
        return max(found, key=SEVERITY_RANK.__getitem__) if found else None

    def has_findings_at(self, level: str) -> bool:
        """True if any finding is at or above `level` (violation, warning, info; none → never)."""
        worst = self.worst_severity()
        return worst is not None and SEVERITY_RANK[worst] >= SEVERITY_RANK[level]

    def to_json(self, lang: str | None = None) -> dict:
        lang = lang or self.lang
        return {"agreements": [a.to_json(lang) for a in self.agreements]}


# --- building a report from an engine's results --------------------------------------------------

def texts_of(ctx: Context, node: str, predicate: str = LABEL) -> Texts:
    """The texts of `node` by language tag (rdfs:label unless told)."""
    return ctx.texts(node, predicate)


def _joined(ctx: Context, nodes) -> Texts | None:
    nodes = tuple(sorted(nodes))
    if not nodes:
        return None
    cache = ctx.derived
    if nodes not in cache:
        cache[nodes] = _join(ctx, nodes)  # many findings name the same initiative or parties
    return dict(cache[nodes])


def _join(ctx: Context, nodes: tuple) -> Texts | None:
    labelled = [texts_of(ctx, n) or {"": fallback_label(str(n))} for n in nodes]
    return {lang: " / ".join(pick(t, lang) for t in labelled) for lang in ("sv", "en")}


_GROUPS = {
    "agreement": {"sv": "Överenskommelsen", "en": "The agreement"},
    "signature": {"sv": "Underskrifter", "en": "Signatures"},
    "goal": {"sv": "Mål och indikatorer", "en": "Goals and indicators"},
    "forum": {"sv": "Forum", "en": "Forums"},
    "party": {"sv": "Parter", "en": "Parties"},
    "other": {"sv": "Övrigt", "en": "Other"},
}

_KINDS = [(SAM_IRI + c, kind) for c, kind in (
    ("Commitment", "commitment"), ("Initiative", "initiative"), ("Agreement", "agreement"), ("Signature", "signature"),
    ("Goal", "goal"), ("Indicator", "goal"), ("Forum", "forum"), ("Party", "party"), ("FocusArea", "area"))]


def _kind(ctx: Context, node: str) -> str:
    cached = ctx.derived.get(("kind", node))
    if cached is None:
        closure = ctx.type_closure(node)
        cached = ctx.derived[("kind", node)] = next((kind for cls, kind in _KINDS if cls in closure), "other")
    return cached


def build_finding(ctx: Context, raw: RawResult) -> Finding:
    """A finding named the way a reader knows it: text, initiative, party and source location."""
    focus = raw.focus
    kind = _kind(ctx, focus)
    finding = Finding(
        severity=raw.severity,
        focus=focus,
        shape=raw.shape if isinstance(raw.shape, str) and not raw.shape.startswith("_:") else None,
        path=raw.path,
        messages=dict(raw.messages),
        focus_labels=texts_of(ctx, focus) or {"": fallback_label(focus)},
        location=_first(ctx, focus, SAM_IRI + "sourceLocation"),
        lines=_first(ctx, focus, SAM_IRI + "sourceLines"),
        raw=raw,
    )
    if kind == "commitment":
        finding.initiative_labels = _joined(ctx, ctx.objects(focus, SAM_IRI + "initiative"))
        finding.party_labels = _joined(ctx, ctx.objects(focus, SAM_IRI + "committedBy"))
        finding.group_labels = finding.initiative_labels or _joined(ctx, ctx.objects(focus, SAM_IRI + "focusArea")) \
            or _GROUPS["other"]
    elif kind == "initiative":
        finding.initiative_labels = finding.focus_labels
        finding.group_labels = finding.focus_labels
    elif kind == "area":
        finding.group_labels = finding.focus_labels
    else:
        finding.group_labels = _GROUPS.get(kind, _GROUPS["other"])
        parties = {"agreement": "party", "signature": "onBehalfOf", "forum": "forumOf"}.get(kind)
        if parties is not None:
            finding.party_labels = _joined(ctx, ctx.objects(focus, SAM_IRI + parties))
    if raw.shape == str(COVERED_FOLLOW_UP):
        finding.messages = _covered_message(ctx, focus) or finding.messages
    return finding


def _first(ctx: Context, node: str, predicate: str) -> str | None:
    values = sorted(v.value if isinstance(v, Lit) else v for v in ctx.objects(node, predicate))
    return ", ".join(values) if values else None


def _covered_message(ctx: Context, commitment: str) -> Texts | None:
    """"Covered by the agreement's yearly follow-up by X", from the agreement's own statements."""
    agreements = sorted(a for a in ctx.objects(commitment, SAM_IRI + "inAgreement") if isinstance(a, str))
    if not agreements:
        return None
    agreement = agreements[0]
    owners = ctx.subjects(SAM_IRI + "followsUp", agreement)
    frequency = texts_of(ctx, agreement, SAM_IRI + "followUpFrequency")
    if not owners or not frequency:
        return None
    who = _joined(ctx, owners)
    return {
        "sv": f"Ingen egen uppföljning; omfattas av överenskommelsens uppföljning ({pick(frequency, 'sv').lower()})"
              f" av {pick(who, 'sv')}.",
        "en": f"No follow-up of its own; covered by the agreement's follow-up ({pick(frequency, 'en').lower()})"
              f" by {pick(who, 'en')}.",
    }


def completeness(commitments: set[str], findings: list[Finding], count: int | None = None) -> dict:
    """Per-agreement figures over its commitments; see SCORE_FORMULA for the score.

    With `count` (how many commitments the agreement declares), `commitments` need only hold those
    among the findings' focus nodes."""
    failing: dict[str, set[str]] = {}
    for f in findings:
        if f.focus in commitments and f.shape:
            failing.setdefault(f.shape, set()).add(f.focus)

    def without(*shapes) -> int:
        return len(set().union(*(failing.get(str(s), set()) for s in shapes)))

    n = len(commitments) if count is None else count
    figures = {"commitments": n}
    for key, shapes in COMMITMENT_CHECKS.items():
        figures[key] = n - without(*shapes)
    covered = without(COVERED_FOLLOW_UP)
    figures["with_own_follow_up"] = n - without(NO_FOLLOW_UP, COVERED_FOLLOW_UP)
    figures["covered_by_agreement_follow_up"] = covered
    met = sum(figures[k] for k in COMMITMENT_CHECKS) + figures["with_own_follow_up"] + covered
    figures["score"] = round(100 * met / (5 * n), 1) if n else None
    return figures


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Agreement-level findings first, then by place in the document, worst first within a place."""
    return sorted(findings, key=lambda f: (
        f.group_labels is not _GROUPS["agreement"],
        f.first_line(),
        f.location or "",
        pick(f.focus_labels, "sv") or "",
        f.focus,
        -SEVERITY_RANK[f.severity],
        f.path or "",
        f.shape or "",  # the rest only orders findings a query may give in either order
        pick(f.messages, "sv") or "",
    ))
