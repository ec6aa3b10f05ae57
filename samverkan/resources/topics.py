"""A national theme and a working method in detail: where the agreements take them up (their focus areas,
initiatives and commitments), and for a method the forums working with it and who coordinates. Two queries each,
cached per store state."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..errors import NotFound
from ..labels import labels
from ..namespaces import PROV, SAM, SKOS, sparql_prefixes
from .cache import cached
from .common import TYPE_ORDER, iris_of, party_ref, police_among, properties_of, ref, source_of, sparql_values, text_of
from .lists import forums

#: what comes under a theme, one simple query each (a UNION of them took minutes at national scale): a focus area
#: with the theme and what it holds, an initiative with the theme and its commitments, a commitment with the theme
_THEME_USES = [sparql_prefixes() + q for q in (
    """SELECT ?a ?area ?x ?kind WHERE { ?area sam:theme ?t . ?area a sam:FocusArea ; sam:inAgreement ?a .
       OPTIONAL { ?x sam:focusArea ?area . ?x a ?kind . FILTER(?kind IN (sam:Initiative, sam:Commitment)) } }""",
    """SELECT ?a ?area ?x ?kind WHERE { ?x sam:theme ?t . ?x a sam:Initiative ; sam:inAgreement ?a .
       BIND(sam:Initiative AS ?kind) OPTIONAL { ?x sam:focusArea ?area } }""",
    """SELECT ?a ?area ?x ?kind WHERE { ?i sam:theme ?t . ?i a sam:Initiative ; sam:inAgreement ?a .
       ?x sam:initiative ?i . ?x a sam:Commitment . BIND(sam:Commitment AS ?kind) OPTIONAL { ?i sam:focusArea ?area } }""",
    """SELECT ?a ?area ?x ?kind WHERE { ?x sam:theme ?t . ?x a sam:Commitment ; sam:inAgreement ?a .
       BIND(sam:Commitment AS ?kind) OPTIONAL { ?x sam:focusArea ?area } }""")]

_METHOD_USES = sparql_prefixes() + """
SELECT ?x ?type ?a ?who ?role WHERE {
  ?x sam:usesMethod ?m .
  OPTIONAL { ?x a ?type . FILTER(STRSTARTS(STR(?type), STR(sam:))) }
  OPTIONAL { ?x sam:inAgreement ?a }
  OPTIONAL {
    { ?who sam:coordinates ?x BIND("coordinators" AS ?role) } UNION { ?who sam:leads ?x BIND("coordinators" AS ?role) }
    UNION { ?who sam:responsibleFor ?x BIND("responsible" AS ?role) }
    UNION { ?x sam:committedBy ?who BIND("committed_by" AS ?role) }
  }
}"""

_FACTS = sparql_prefixes() + """
SELECT ?a ?start ?end ?open ?signed ?party WHERE {
  VALUES ?a { %s }
  OPTIONAL { ?a sam:periodStart ?start } OPTIONAL { ?a sam:periodEnd ?end }
  OPTIONAL { ?a sam:untilFurtherNotice ?open } OPTIONAL { ?a sam:signedOn ?signed }
  OPTIONAL { ?a sam:party ?party }
}"""

_KINDS = {"theme": SAM + "Theme", "method": SAM + "WorkingMethod"}


def agreement_facts(store, iris, lang: str = "sv") -> dict[str, dict]:
    """For these agreements only: {iri: {period: {start, end, until_further_notice}, signed, parties}}, each party
    with its side (as agreement_list gives them, without the completeness figures that need the validation)."""
    found: dict[str, dict] = {}
    wanted = sorted(set(iris))
    for start in range(0, len(wanted), 500):
        for row in store.select(_FACTS % sparql_values(wanted[start:start + 500])):
            entry = found.setdefault(row["a"].value, {"period": {"start": None, "end": None, "until_further_notice": False},
                                                      "signed": None, "parties": set()})
            for key, field in (("start", "start"), ("end", "end")):
                if row.get(key) is not None:
                    entry["period"][field] = row[key].value
            if row.get("open") is not None:
                entry["period"]["until_further_notice"] = row["open"].value == "true"
            if row.get("signed") is not None:
                entry["signed"] = row["signed"].value
            if row.get("party") is not None:
                entry["parties"].add(row["party"].value)
    everyone = {p for e in found.values() for p in e["parties"]}
    names, police = labels(store, everyone, lang), police_among(store, everyone)
    for entry in found.values():
        entry["parties"] = sorted((party_ref(p, names, police) for p in entry["parties"]),
                                  key=lambda r: (r["side"] == "police", r["label"]))
    return found


def _check(store, iri: str, kind: str) -> None:
    if not store.ask(f"ASK WHERE {{ ?x a <{_KINDS[kind]}> }}", {"x": ox.NamedNode(iri)}):
        raise NotFound(kind, iri)


def theme(store, iri: str, lang: str = "sv") -> dict:
    """A theme: {id, label, definition, agreements: [{agreement, areas, initiatives, commitments}]}; each agreement
    (a reference) with the focus areas that take the theme up (also those whose initiatives or commitments do) and
    how many initiatives and commitments come under it (see _THEME_USES), by label. NotFound when `iri` is no theme."""
    return cached(store, ("theme-page", iri, lang), lambda: _theme(store, iri, lang))


def _theme(store, iri: str, lang: str) -> dict:
    _check(store, iri, "theme")
    uses: dict[str, dict[str, set]] = defaultdict(lambda: {"areas": set(), "initiatives": set(), "commitments": set()})
    rows = [row for query in _THEME_USES for row in store.select(query, {"t": ox.NamedNode(iri)})]
    for row in rows:
        entry = uses[row["a"].value]
        if row.get("area") is not None:
            entry["areas"].add(row["area"].value)
        if row.get("x") is not None:
            entry["initiatives" if row["kind"].value == SAM + "Initiative" else "commitments"].add(row["x"].value)
    props = properties_of(store, [iri])[iri]
    names = labels(store, {iri} | set(uses) | {a for e in uses.values() for a in e["areas"]}, lang)
    agreements = [{"agreement": ref(a, names), "areas": sorted((ref(x, names) for x in e["areas"]), key=lambda r: r["label"]),
                   "initiatives": len(e["initiatives"]), "commitments": len(e["commitments"])}
                  for a, e in uses.items()]
    return {"id": iri, "label": names[iri], "definition": text_of(props, SKOS + "definition", lang),
            "agreements": sorted(agreements, key=lambda e: (e["agreement"]["label"].casefold(), e["agreement"]["id"]))}


def method(store, iri: str, lang: str = "sv") -> dict:
    """A working method: {id, label, alt_labels, forums: [forum list rows], agreements: [{agreement, things}],
    others: [things]}; a thing is {id, label, type, coordinators, responsible, committed_by} (references), the
    others being what no agreement holds (an organisation's description). NotFound when `iri` is no method."""
    return cached(store, ("method-page", iri, lang), lambda: _method(store, iri, lang))


def _method(store, iri: str, lang: str) -> dict:
    _check(store, iri, "method")
    found: dict[str, dict] = {}
    for row in store.select(_METHOD_USES, {"m": ox.NamedNode(iri)}):
        entry = found.setdefault(row["x"].value, {"types": set(), "agreement": None, "coordinators": set(),
                                                  "responsible": set(), "committed_by": set()})
        if row.get("type") is not None:
            entry["types"].add(row["type"].value)
        if row.get("a") is not None:
            entry["agreement"] = row["a"].value
        if row.get("who") is not None:
            entry[row["role"].value].add(row["who"].value)
    forum_rows = {f["id"]: f for f in forums(store, lang)}
    things = {x: e for x, e in found.items() if x not in forum_rows}
    wanted = {iri} | set(things)
    for e in things.values():
        wanted |= e["types"] | e["coordinators"] | e["responsible"] | e["committed_by"] | ({e["agreement"]} - {None})
    props = properties_of(store, [iri, *things])
    wanted |= {d for x in things for d in iris_of(props[x], PROV + "wasDerivedFrom")}
    names = labels(store, wanted, lang)
    by_agreement: dict[str | None, list[dict]] = defaultdict(list)
    for x, e in things.items():
        typed = sorted(e["types"], key=lambda t: TYPE_ORDER.index(t) if t in TYPE_ORDER else len(TYPE_ORDER))
        people = lambda key: sorted((ref(i, names) for i in e[key]), key=lambda r: r["label"])  # noqa: E731
        by_agreement[e["agreement"]].append({
            "id": x, "label": names[x], "type": ref(typed[0], names) if typed else None,
            "coordinators": people("coordinators"), "responsible": people("responsible"),
            "committed_by": people("committed_by"), "source": source_of(props[x], names, lang)})
    order = lambda t: (t["type"]["label"] if t["type"] else "", t["label"].casefold())  # noqa: E731
    agreements = [{"agreement": ref(a, names), "things": sorted(ts, key=order)}
                  for a, ts in by_agreement.items() if a is not None]
    alt = sorted({t.value for t in props[iri].get(SKOS + "altLabel", [])} - {names[iri]})
    return {"id": iri, "label": names[iri], "alt_labels": alt,
            "definition": text_of(props[iri], SKOS + "definition", lang),
            "forums": sorted((forum_rows[x] for x in found if x in forum_rows), key=lambda f: f["label"].casefold()),
            "agreements": sorted(agreements, key=lambda e: e["agreement"]["label"].casefold()),
            "others": sorted(by_agreement.get(None, []), key=order)}
