"""Agreements: the list with parties, counts and completeness, and one agreement in detail with its areas →
initiatives → commitments, signatures and validation summary."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..errors import NotFound, SamverkanError
from ..labels import labels
from ..namespaces import DCTERMS, RDF_TYPE, RDFS, SAM, sparql_prefixes
from ..stats import agreement_stats
from ..store import Store
from .cache import cached, completeness, no_figures, validation
from .commitment_list import commitment_rows
from .common import (
    first_line,
    iris_of,
    party_ref,
    police_among,
    properties_of,
    ref,
    referenced,
    sorted_refs,
    source_of,
    text_of,
)


def agreement_list(store: Store, lang: str = "sv") -> list[dict]:
    """Every agreement: id, slug, label, parties (each with its side: municipality or police), period,
    signed, counts, source and completeness (the validator's, 0–100), sorted by id. Cached per store state:
    do not change the list returned."""
    return cached(store, ("agreement-list", lang), lambda: _agreement_list(store, lang))


def _agreement_list(store: Store, lang: str) -> list[dict]:
    base = agreement_stats(store, lang)["agreements"]
    parties = defaultdict(list)
    for row in store.select(sparql_prefixes() + "SELECT ?a ?p WHERE { ?a sam:party ?p }"):
        parties[row["a"].value].append(row["p"].value)
    everyone = {p for ps in parties.values() for p in ps}
    names = labels(store, everyone, lang)
    police = police_among(store, everyone)
    scores = completeness(store, lang)
    items = []
    for entry in base:
        iri = entry["id"]
        items.append({**entry,
                      "parties": sorted((party_ref(p, names, police) for p in set(parties[iri])),
                                        key=lambda r: (r["side"] == "police", r["label"])),
                      "completeness": scores.get(iri, no_figures())})
    return items


def agreement_detail(store: Store, iri: str, lang: str = "sv") -> dict:
    """One agreement with its facts, signatures, validation summary and its areas → initiatives →
    commitments (each area also lists its commitments outside any initiative; initiatives and commitments
    outside any focus area come last, under an area whose id is null). Cached per store state: do not
    change the dict returned."""
    return cached(store, ("agreement", iri, lang), lambda: _agreement_detail(store, iri, lang))


def _agreement_detail(store: Store, iri: str, lang: str) -> dict:
    node = {"a": ox.NamedNode(iri)}
    summary = agreement_stats(store, lang, agreement=iri)["agreements"][0]
    # the agreement's own things first, then their properties by subject: fast whatever the graph's size
    members = store.select(sparql_prefixes() + "SELECT DISTINCT ?x WHERE { ?x sam:inAgreement ?a }", node)
    parts = properties_of(store, [iri, *(r["x"].value for r in members if isinstance(r["x"], ox.NamedNode))])
    meta = parts.pop(iri, {})
    commitments = commitment_rows(store, lang, "?x sam:inAgreement ?a . ?x a sam:Commitment .", node,
                                  {x: p for x, p in parts.items() if SAM + "Commitment" in iris_of(p, RDF_TYPE)})
    followers = [r["f"].value for r in store.select(sparql_prefixes() + "SELECT ?f WHERE { ?f sam:followsUp ?a }", node)]
    names = labels(store, referenced({iri: meta}, parts) | set(followers), lang)
    police = police_among(store, iris_of(meta, SAM + "party"))

    def of_type(cls: str) -> list[str]:
        return sorted((x for x, p in parts.items() if SAM + cls in iris_of(p, RDF_TYPE)),
                      key=lambda x: (first_line(parts[x]), names[x], x))

    areas, initiatives = of_type("FocusArea"), of_type("Initiative")
    by_initiative, loose = defaultdict(list), defaultdict(list)
    for c in commitments:
        if c["initiative"] and c["initiative"]["id"] in parts:
            by_initiative[c["initiative"]["id"]].append(c)
        else:
            loose[c["area"]["id"] if c["area"] and c["area"]["id"] in areas else None].append(c)

    def initiative_json(i_iri: str) -> dict:
        props = parts[i_iri]
        return {"id": i_iri, "label": names[i_iri], "themes": sorted_refs(iris_of(props, SAM + "theme"), names),
                "methods": sorted_refs(iris_of(props, SAM + "usesMethod"), names),
                "source": source_of(props, names, lang), "commitments": by_initiative[i_iri]}

    def area_of(i_iri: str) -> str | None:
        return next((a for a in iris_of(parts[i_iri], SAM + "focusArea") if a in areas), None)

    area_items = []
    for a_iri in [*areas, None]:
        props = parts.get(a_iri, {}) if a_iri else {}
        inits = [initiative_json(i) for i in initiatives if area_of(i) == a_iri]
        if a_iri is None and not (inits or loose[None]):
            continue
        area_items.append({
            "id": a_iri, "label": names[a_iri] if a_iri else None,
            "description": text_of(props, DCTERMS + "description", lang),
            "themes": sorted_refs(iris_of(props, SAM + "theme"), names),
            "source": source_of(props, names, lang) if a_iri else None,
            "initiatives": inits, "commitments": loose[a_iri],
        })
    signatures = [{"id": s, "signatory": ref(next(iter(iris_of(parts[s], SAM + "signatory")), None), names),
                   "post": text_of(parts[s], SAM + "post", lang),
                   "on_behalf_of": ref(next(iter(iris_of(parts[s], SAM + "onBehalfOf")), None), names),
                   "signed_on": text_of(parts[s], SAM + "signedOn", lang),
                   "signed_at": text_of(parts[s], SAM + "signedAt", lang)}
                  for s in of_type("Signature")]
    return {
        **summary,
        "parties": sorted((party_ref(p, names, police) for p in iris_of(meta, SAM + "party")),
                          key=lambda r: (r["side"] == "police", r["label"])),
        "description": text_of(meta, DCTERMS + "description", lang),
        "comment": text_of(meta, RDFS + "comment", lang),
        "revision": text_of(meta, SAM + "revision", lang),
        "signed_at": text_of(meta, SAM + "signedAt", lang),
        "follow_up_frequency": text_of(meta, SAM + "followUpFrequency", lang),
        "followed_up_by": sorted_refs(followers, names),
        "reported_to": sorted_refs(iris_of(meta, SAM + "reportedTo"), names),
        "source": source_of(meta, names, lang),
        "signatures": signatures,
        **_validation_summary(store, iri, lang),
        "areas": area_items,
    }


def _validation_summary(store: Store, iri: str, lang: str) -> dict:
    """{"completeness": figures, "validation": {"conforms", "counts"} or {"error"} or None}."""
    try:
        entry = validation(store, iri, lang).agreements[0]
    except NotFound:
        return {"completeness": no_figures(), "validation": None}
    except SamverkanError as exc:
        return {"completeness": no_figures(), "validation": {"error": str(exc)}}
    return {"completeness": dict(entry.completeness), "validation": {"conforms": entry.conforms, "counts": entry.counts()}}
