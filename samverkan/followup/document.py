"""One agreement-year's follow-up as a commented Turtle source file (graph/follow-ups/<agreement>/<year>.ttl).

The same writer makes the empty template (`samverkan follow-up new`: one entry per commitment, status
still to fill in) and the filled file (`samverkan import follow-up`): entries with values get them as
statements, empty fields stay as comments showing what may be written.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ..errors import NotFound
from ..labels import labels
from ..namespaces import ID, sparql_prefixes
from ..resources.commitment_list import commitment_rows
from ..store import Store
from .naming import record_iri, report_iri
from .status import STATUSES, planned_follow_up, recorded_statuses, status_labels


@dataclass
class Entry:
    """What is recorded for one commitment (all optional)."""

    status: str | None = None  # a status IRI
    comment: str | None = None
    date: str | None = None  # YYYY-MM-DD
    value: str | None = None  # a decimal number as text
    unit: str | None = None


@dataclass
class Plan:
    """An agreement's commitments as the follow-up of one year sees them."""

    agreement: str
    label: str
    year: int
    followers: list[str]
    rows: list[dict]  # commitment_rows, in document order
    last_year: dict[str, str]  # commitment → last year's status IRI


def agreement_plan(store: Store, agreement: str, year: int, lang: str = "sv") -> Plan:
    """The agreement's commitments in document order, with who follows up and last year's statuses."""
    node = ox.NamedNode(agreement)
    if not list(store.select(sparql_prefixes() + "SELECT ?a WHERE { ?a a/rdfs:subClassOf* sam:Agreement } LIMIT 1", {"a": node})):
        raise NotFound("agreement", agreement)
    rows = commitment_rows(store, lang, "?x sam:inAgreement ?a . ?x a sam:Commitment .", {"a": node})
    followers = sorted({f for p in planned_follow_up(store, agreement).values() for f in p.followers})
    last = {}
    for c, years in recorded_statuses(store, agreement).items():
        status = next((r.status for r in years.get(year - 1, []) if r.status), None)
        if status:
            last[c] = status
    return Plan(agreement, labels(store, [agreement], lang)[agreement], year, followers, rows, last)


def _iri(iri: str) -> str:
    return f"<{iri[len(ID):]}>" if iri.startswith(ID) else f"<{iri}>"


def _literal(text: str, lang: str = "sv") -> str:
    return str(ox.Literal(text, language=lang))


def _comment(text: str) -> str:
    return " ".join(str(text).split())


def render_follow_up(plan: Plan, entries: dict[str, Entry] | None = None, statuses: dict[str, str] | None = None,
                     invented: bool = False) -> str:
    """The Turtle text of the year's follow-up file; `entries`: commitment IRI → what is recorded."""
    entries = entries or {}
    statuses = statuses or {s: s.rsplit("/", 1)[-1] for s in STATUSES}
    report = report_iri(plan.agreement, plan.year)
    choices = " | ".join(f"<{s[len(ID):]}> ({statuses.get(s, s)})" for s in STATUSES)
    out = []
    if invented:
        out.append("# PÅHITTADE UPPGIFTER / INVENTED DATA: an example for tests and demos, not a real follow-up.")
    out += [
        f"# Uppföljning {plan.year}: {_comment(plan.label)}",
        "# En post per åtagande. Fyll i sam:status (och datum när status är genomförd; en kommentar när den är",
        "# försenad eller inte längre aktuell). Ta bort # framför de rader som fylls i.",
        f"# Status: {choices}",
        "@base <https://w3id.org/samverkan/id/> .",
        "@prefix sam:  <https://w3id.org/samverkan/ontology#> .",
        "@prefix prov: <http://www.w3.org/ns/prov#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .",
        "",
        f"{_iri(report)} a sam:FollowUpReport ;",
        f"    rdfs:label {_literal(f'Uppföljning {plan.year}: {plan.label}')} ;",
        f"    prov:used {_iri(plan.agreement)} ;",
    ]
    if plan.followers:
        out.append("    prov:wasAssociatedWith " + " , ".join(_iri(f) for f in plan.followers) + " ;")
    out += [f'    sam:followUpYear "{plan.year}"^^xsd:gYear .', ""]
    for row in plan.rows:
        c = row["id"]
        e = entries.get(c, Entry())
        where = " / ".join(x["label"] for x in (row["area"], row["initiative"]) if x)
        parties = ", ".join(p["label"] for p in row["parties"])
        out.append(f"# {_comment(where)} — {_comment(parties)}")
        out.append(f"# Åtagande: {_comment(row['label'])}")
        if row.get("timeframe"):
            out.append(f"# Tidsplan: {_comment(row['timeframe'])}")
        if c in plan.last_year:
            out.append(f"# Förra året: {statuses.get(plan.last_year[c], plan.last_year[c])}")
        out += [f"{_iri(record_iri(report, c))} a sam:StatusRecord ;",
                f"    sam:aboutCommitment {_iri(c)} ;"]
        out.append(f"    sam:status {_iri(e.status)} ;" if e.status else "    # sam:status <follow-up-status/...> ;")
        out.append(f'    sam:statusDate "{e.date}"^^xsd:date ;' if e.date
                   else f'    # sam:statusDate "{plan.year}-12-31"^^xsd:date ;')
        out.append(f"    rdfs:comment {_literal(e.comment)} ;" if e.comment else '    # rdfs:comment "..."@sv ;')
        if e.value is not None:
            out.append(f"    sam:measuredValue {e.value} ;")
            if e.unit:
                out.append(f"    sam:unit {_literal(e.unit)} ;")
        else:
            out.append("    # sam:measuredValue 0 ; sam:unit \"...\"@sv ;")
        out += [f"    prov:wasGeneratedBy {_iri(report)} .", ""]
    return "\n".join(out)


def template(store: Store, agreement: str, year: int, lang: str = "sv") -> str:
    """The empty follow-up file for one agreement and year."""
    return render_follow_up(agreement_plan(store, agreement, year, lang), statuses=status_labels(store, "sv"))
