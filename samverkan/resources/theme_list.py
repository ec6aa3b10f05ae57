"""The national themes and how much each is used."""

from __future__ import annotations

from collections import defaultdict

from ..labels import labels
from ..namespaces import SAM, SKOS, sparql_prefixes
from ..store import Store
from .common import properties, ref, text_of


def themes(store: Store, lang: str = "sv") -> list[dict]:
    """The national themes, each with how many focus areas, initiatives and commitments use it, and in which agreements."""
    found = properties(store, "?x a sam:Theme .")
    uses = store.select(sparql_prefixes() + """SELECT ?t ?x ?kind ?a WHERE {
        ?x sam:theme ?t ; a ?kind ; sam:inAgreement ?a .
        VALUES ?kind { sam:FocusArea sam:Initiative sam:Commitment } }""")
    counts = defaultdict(lambda: {"areas": set(), "initiatives": set(), "commitments": set(), "agreements": set()})
    key = {SAM + "FocusArea": "areas", SAM + "Initiative": "initiatives", SAM + "Commitment": "commitments"}
    for row in uses:
        entry = counts[row["t"].value]
        entry[key[row["kind"].value]].add(row["x"].value)
        entry["agreements"].add(row["a"].value)
    names = labels(store, set(found) | {a for c in counts.values() for a in c["agreements"]}, lang)
    items = []
    for t_iri, props in found.items():
        entry = counts[t_iri]
        items.append({"id": t_iri, "label": names[t_iri],
                      "definition": text_of(props, SKOS + "definition", lang),
                      "areas": len(entry["areas"]), "initiatives": len(entry["initiatives"]),
                      "commitments": len(entry["commitments"]),
                      "agreements": [ref(a, names) for a in sorted(entry["agreements"])]})
    return sorted(items, key=lambda t: t["label"])
