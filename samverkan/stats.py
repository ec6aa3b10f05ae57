"""Per-agreement counts: parties, period, signing, areas, initiatives, commitments by party."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from .labels import labels
from .namespaces import SAM, sparql_prefixes
from .store import Store

_AGREEMENTS = sparql_prefixes() + """
SELECT ?a ?start ?end ?open ?signed ?source WHERE {
  ?a a ?type . ?type rdfs:subClassOf* sam:Agreement .
  OPTIONAL { ?a sam:periodStart ?start }
  OPTIONAL { ?a sam:periodEnd ?end }
  OPTIONAL { ?a sam:untilFurtherNotice ?open }
  OPTIONAL { ?a sam:signedOn ?signed }
  OPTIONAL { ?a prov:wasDerivedFrom ?source }
}"""

_PARTIES = sparql_prefixes() + "SELECT ?a ?party WHERE { ?a sam:party ?party }"

# One query per kind (not a UNION): a bound ?a then restricts each of them from the start.
_COUNTED = {"areas": "FocusArea", "initiatives": "Initiative", "commitments": "Commitment", "goals": "Goal"}
_COUNT = sparql_prefixes() + """
SELECT ?a (COUNT(DISTINCT ?x) AS ?n) WHERE { ?x sam:inAgreement ?a ; a ?class } GROUP BY ?a"""

_BY_PARTY = sparql_prefixes() + """
SELECT ?a ?party (COUNT(DISTINCT ?c) AS ?n) WHERE {
  ?c a sam:Commitment ; sam:inAgreement ?a ; sam:committedBy ?party .
} GROUP BY ?a ?party"""


def agreement_stats(store: Store, lang: str = "sv", agreement: str | None = None) -> dict:
    """The `samverkan stats` JSON: {"agreements": [...]} sorted by id."""
    bindings = {"a": ox.NamedNode(agreement)} if agreement else None
    info: dict[str, dict] = {}
    for row in store.select(_AGREEMENTS, bindings):
        iri = row["a"].value
        entry = info.setdefault(iri, {"start": None, "end": None, "open": False, "signed": None, "source": None})
        for key in ("start", "end", "signed", "source"):
            if key in row:
                entry[key] = row[key].value
        if "open" in row:
            entry["open"] = row["open"].value == "true"
    parties: dict[str, list[str]] = defaultdict(list)
    for row in store.select(_PARTIES, bindings):
        parties[row["a"].value].append(row["party"].value)
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for kind, class_name in _COUNTED.items():
        for row in store.select(_COUNT, {**(bindings or {}), "class": ox.NamedNode(SAM + class_name)}):
            counts[row["a"].value][kind] = int(row["n"].value)
    by_party: dict[str, dict[str, int]] = defaultdict(dict)
    for row in store.select(_BY_PARTY, bindings):
        by_party[row["a"].value][row["party"].value] = int(row["n"].value)

    names = labels(store, [*info, *(p for ps in parties.values() for p in ps),
                           *(p for bp in by_party.values() for p in bp),
                           *(e["source"] for e in info.values() if e["source"])], lang)
    agreements = []
    for iri in sorted(info):
        entry = info[iri]
        agreements.append({
            "id": iri,
            "slug": iri.rstrip("/").rsplit("/", 1)[-1],
            "label": names[iri],
            "parties": sorted(names[p] for p in parties[iri]),
            "period": {"start": entry["start"], "end": entry["end"], "until_further_notice": entry["open"]},
            "signed": entry["signed"],
            "areas": counts[iri].get("areas", 0),
            "initiatives": counts[iri].get("initiatives", 0),
            "commitments": counts[iri].get("commitments", 0),
            "goals": counts[iri].get("goals", 0),
            "commitments_by_party": {names[p]: n for p, n in sorted(by_party[iri].items(), key=lambda kv: names[kv[0]])},
            "source": entry["source"],
            "source_label": names.get(entry["source"]) if entry["source"] else None,
        })
    return {"agreements": agreements}
