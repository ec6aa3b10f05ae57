"""Commitments as rows (agreement, area, initiative, parties, responsible, measure, follow-up, themes, what
is missing), and the filterable commitment list."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..followup.status import planned_follow_up, recorded_statuses
from ..labels import labels
from ..namespaces import RDFS, SAM, sparql_prefixes
from ..store import Store
from .common import (
    Props,
    first_line,
    iris_of,
    party_ref,
    police_among,
    properties,
    ref,
    referenced,
    sorted_refs,
    source_of,
    text_of,
)

#: what a commitment may lack (the `missing` filter's values → the sam: property it would have); "follow-up"
#: means no planned follow-up at all (followup.status: neither its own nor its agreement's)
MISSING = {"measure": SAM + "activityMeasure", "follow-up": SAM + "followUp", "timeframe": SAM + "timeframe"}
#: above this many agreements, the follow-up of every commitment is read in one query instead of one per agreement
_FOLLOW_UP_PER_AGREEMENT = 20


def commitment_rows(store: Store, lang: str, where: str = "?x a sam:Commitment .", bindings: dict | None = None,
                    found: dict[str, Props] | None = None) -> list[dict]:
    """The commitments ?x that the pattern `where` selects, in document order (a few queries in all; the
    pattern's other variables must not be ?p, ?o, ?who or ?t, which these queries use). `found`: their
    properties when the caller has them already."""
    found = properties(store, where, bindings) if found is None else found
    prefixes = sparql_prefixes()
    responsible = defaultdict(list)
    for row in store.select(prefixes + f"SELECT ?x ?who WHERE {{ {where} ?who sam:responsibleFor ?x }}", bindings):
        responsible[row["x"].value].append(row["who"].value)
    inherited: dict[str, set[str]] = defaultdict(set)
    for row in store.select(prefixes + f"""SELECT ?x ?t WHERE {{ {where}
            {{ ?x sam:initiative/sam:theme ?t }} UNION {{ ?x sam:focusArea/sam:theme ?t }} }}""", bindings):
        inherited[row["x"].value].add(row["t"].value)
    parties = {p for props in found.values() for p in iris_of(props, SAM + "committedBy")}
    police = police_among(store, parties)
    planned, recorded = _follow_up(store, found, lang)
    followers = {f for p in planned.values() for f in p.followers}
    statuses = {r.status for years in recorded.values() for rs in years.values() for r in rs if r.status}
    names = labels(store, referenced(found) | {o for os in responsible.values() for o in os} | followers | statuses, lang)
    items = []
    for c_iri, props in found.items():
        initiative = iris_of(props, SAM + "initiative")
        area = iris_of(props, SAM + "focusArea")
        agreement = iris_of(props, SAM + "inAgreement")
        own_themes = iris_of(props, SAM + "theme")
        committed = [party_ref(p, names, police) for p in iris_of(props, SAM + "committedBy")]
        items.append({
            "id": c_iri,
            "label": names[c_iri],
            "agreement": ref(agreement[0], names) if agreement else None,
            "area": ref(area[0], names) if area else None,
            "initiative": ref(initiative[0], names) if initiative else None,
            "parties": committed,
            "sides": sorted({p["side"] for p in committed}),
            "responsible": sorted_refs(responsible[c_iri], names),
            "timeframe": text_of(props, SAM + "timeframe", lang),
            "measure": text_of(props, SAM + "activityMeasure", lang),
            "follow_up": text_of(props, SAM + "followUp", lang),
            **_follow_up_fields(planned.get(c_iri), recorded.get(c_iri, {}), names),
            "comment": text_of(props, RDFS + "comment", lang),
            "themes": [ref(t, names) for t in own_themes],
            "methods": [ref(m, names) for m in iris_of(props, SAM + "usesMethod")],
            "missing": [k for k, p in MISSING.items()
                        if (not props.get(p) if k != "follow-up" else not (planned.get(c_iri) and planned[c_iri].kind))],
            "source": source_of(props, names, lang),
            "all_themes": sorted(set(own_themes) | inherited[c_iri]),
            "_order": (agreement[0] if agreement else "", first_line(props), names[c_iri], c_iri),
        })
    items.sort(key=lambda c: c.pop("_order"))
    return items


def _follow_up(store: Store, found: dict[str, Props], lang: str):
    """planned_follow_up and recorded_statuses for the agreements of these commitments."""
    agreements = sorted({a for props in found.values() for a in iris_of(props, SAM + "inAgreement")})
    if len(agreements) > _FOLLOW_UP_PER_AGREEMENT:
        return planned_follow_up(store, None, lang), recorded_statuses(store, None, lang)
    planned, recorded = {}, {}
    for a in agreements:
        planned.update(planned_follow_up(store, a, lang))
        recorded.update(recorded_statuses(store, a, lang))
    return planned, recorded


def _follow_up_fields(plan, years: dict, names: dict[str, str]) -> dict:
    """The row's planned follow-up (its own, or the agreement's that covers it) and the follow-up recorded per year."""
    kind = plan.kind if plan else None
    if kind == "own":
        planned = plan.own
    elif kind == "agreement":
        planned = ", ".join(names[f] for f in plan.followers) + f": {plan.frequency}"
    else:
        planned = None
    done = []
    for year, records in sorted(years.items()):
        status = next((r.status for r in records if r.status), None)
        if status:
            done.append({"year": year, "status": {"id": status, "label": names[status]}})
    return {"planned_follow_up": planned, "planned_follow_up_kind": kind, "follow_up_done": done}


def commitments(store: Store, lang: str = "sv", *, agreement: str | None = None, party: str | None = None,
                area: str | None = None, theme: str | None = None, missing: str | None = None) -> list[dict]:
    """Commitments, filtered by agreement, party (committed by), focus area, theme (own, initiative's or
    area's) and missing (measure, follow-up or timeframe). Filters are IRIs."""
    if missing is not None and missing not in MISSING:
        raise ValueError(f"missing must be one of {', '.join(MISSING)}, not {missing!r}")
    where, bindings = "?x a sam:Commitment .", {}
    if agreement:
        where, bindings["a"] = where + " ?x sam:inAgreement ?a .", ox.NamedNode(agreement)
    if party:
        where, bindings["party"] = where + " ?x sam:committedBy ?party .", ox.NamedNode(party)
    items = commitment_rows(store, lang, where, bindings or None)
    if area:
        items = [c for c in items if c["area"] and c["area"]["id"] == area]
    if theme:
        items = [c for c in items if theme in c["all_themes"]]
    if missing:
        items = [c for c in items if missing in c["missing"]]
    return items
