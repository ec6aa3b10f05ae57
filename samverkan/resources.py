"""The graph as resources for the API and the web pages: agreements (with their areas → initiatives →
commitments), organisations, forums, themes and a filterable commitment list. Plain dicts, labels in `lang`."""

from __future__ import annotations

import re
import time
import weakref
from collections import defaultdict

import pyoxigraph as ox

from .labels import fallback_label, pick
from .labels import labels as _labels
from .namespaces import DCTERMS, ORG, PROV, RDF_TYPE, RDFS, SAM, SKOS, sparql_prefixes
from .stats import agreement_stats
from .store import Store

MISSING = {"measure": SAM + "activityMeasure", "follow-up": SAM + "followUp", "timeframe": SAM + "timeframe"}
ROLES = {"coordinates": "coordinates", "leads": "leads", "responsible_for": "responsibleFor",
         "participates_in": "participatesIn", "supports": "supports", "follows_up": "followsUp"}

Props = dict[str, list]


def labels(store: Store, iris, lang: str = "sv") -> dict[str, str]:
    """labels.labels, with dcterms:title for things that have no label (source documents)."""
    names = _labels(store, iris, lang)
    untitled = [i for i, name in names.items() if name == fallback_label(i)]
    if untitled:
        values = " ".join(str(ox.NamedNode(i)) for i in untitled)
        titles = defaultdict(list)
        for row in store.select(f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {values} }} ?x <{DCTERMS}title> ?t }}"):
            titles[row["x"].value].append(row["t"])
        names.update({i: pick(ts, lang) for i, ts in titles.items()})
    return names


def _properties(store: Store, pattern: str, bindings: dict | None = None) -> dict[str, Props]:
    """Every outgoing property of each ?x matched by `pattern`: {iri: {predicate: [terms]}}."""
    rows = store.select(sparql_prefixes() + f"SELECT ?x ?p ?o WHERE {{ {pattern} ?x ?p ?o }}", bindings)
    found: dict[str, Props] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if isinstance(row["x"], ox.NamedNode):
            found[row["x"].value][row["p"].value].append(row["o"])
    return found


def _text(props: Props, predicate: str, lang: str) -> str | None:
    return pick([o for o in props.get(predicate, []) if isinstance(o, ox.Literal)], lang)


def _iris(props: Props, predicate: str) -> list[str]:
    return sorted({o.value for o in props.get(predicate, []) if isinstance(o, ox.NamedNode)})


def _first_line(props: Props) -> int:
    match = re.search(r"\d+", _text(props, SAM + "sourceLines", "sv") or "")
    return int(match.group()) if match else 10**9


def _ref(iri: str | None, names: dict[str, str]) -> dict | None:
    return None if iri is None else {"id": iri, "label": names.get(iri, iri)}


def _source(props: Props, names: dict[str, str], lang: str) -> dict:
    documents = _iris(props, PROV + "wasDerivedFrom")
    return {"document": _ref(documents[0], names) if documents else None,
            "location": _text(props, SAM + "sourceLocation", lang),
            "lines": _text(props, SAM + "sourceLines", lang)}


def _referenced(*props_maps: dict[str, Props]) -> set[str]:
    out = set()
    for props_map in props_maps:
        out.update(props_map)
        for props in props_map.values():
            out.update(o.value for values in props.values() for o in values if isinstance(o, ox.NamedNode))
    return out


# -- completeness ----------------------------------------------------------------------------------

#: completeness figures per store, kept this many seconds (validation takes about a second)
CACHE_SECONDS = 30.0
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def forget(store: Store) -> None:
    """Drop the cached figures of a store (call after writing to it)."""
    _CACHE.pop(store, None)


def completeness(store: Store, lang: str = "sv", agreement: str | None = None) -> dict[str, dict]:
    """Completeness per agreement IRI: {"score": 0–100 or None when there are no commitments, ...}.
    The validator's figures (one source of truth) when it is installed, else a simple stand-in:
    the share of (commitment × {measure, timeframe, follow-up}) that the graph states.
    Cached for CACHE_SECONDS per store; forget(store) drops the cache."""
    cache = _CACHE.setdefault(store, {})
    key = (lang, agreement)
    if key in cache and time.monotonic() - cache[key][0] < CACHE_SECONDS:
        return cache[key][1]
    figures = _completeness(store, lang, agreement)
    cache[key] = (time.monotonic(), figures)
    return figures


def _completeness(store: Store, lang: str, agreement: str | None) -> dict[str, dict]:
    try:
        from .validate import validate  # noqa: PLC0415 - optional until the validator lands
    except ImportError as exc:
        if exc.name != f"{__package__}.validate":
            raise
    else:
        report = validate(store, agreement, lang=lang)
        return {entry.id: dict(entry.completeness, source="validator") for entry in report.agreements}
    return {a: c for a, c in _own_completeness(store).items() if agreement in (None, a)}


def _own_completeness(store: Store) -> dict[str, dict]:
    commitments = _properties(store, "?x a sam:Commitment .")
    per_agreement: dict[str, dict] = defaultdict(lambda: {"commitments": 0, "with_measure": 0,
                                                          "with_timeframe": 0, "with_follow_up": 0})
    for props in commitments.values():
        for agreement in _iris(props, SAM + "inAgreement"):
            entry = per_agreement[agreement]
            entry["commitments"] += 1
            entry["with_measure"] += bool(props.get(SAM + "activityMeasure"))
            entry["with_timeframe"] += bool(props.get(SAM + "timeframe"))
            entry["with_follow_up"] += bool(props.get(SAM + "followUp"))
    out = {}
    for agreement, entry in per_agreement.items():
        n = entry["commitments"]
        stated = entry["with_measure"] + entry["with_timeframe"] + entry["with_follow_up"]
        out[agreement] = {"score": round(100 * stated / (3 * n), 1) if n else None, **entry,
                          "source": "samverkan.resources"}
    return out


# -- agreements ------------------------------------------------------------------------------------

def agreement_list(store: Store, lang: str = "sv") -> list[dict]:
    """Every agreement: id, slug, label, parties, period, signed, counts and completeness, sorted by id."""
    base = agreement_stats(store, lang)["agreements"]
    parties = defaultdict(list)
    for row in store.select(sparql_prefixes() + "SELECT ?a ?p WHERE { ?a sam:party ?p }"):
        parties[row["a"].value].append(row["p"].value)
    names = labels(store, [p for ps in parties.values() for p in ps] + [e["source"] for e in base if e["source"]], lang)
    scores = completeness(store, lang)
    items = []
    for entry in base:
        iri = entry["id"]
        item = dict(entry)
        item["parties"] = sorted((_ref(p, names) for p in parties[iri]), key=lambda r: r["label"])
        item["source_label"] = names.get(entry["source"]) if entry["source"] else None
        item["completeness"] = scores.get(iri, {"score": None, "commitments": 0})
        items.append(item)
    return items


def agreement_detail(store: Store, iri: str, lang: str = "sv") -> dict:
    """One agreement with its areas → initiatives → commitments (and commitments outside any initiative)."""
    node = {"a": ox.NamedNode(iri)}
    summary = agreement_stats(store, lang, agreement=iri)["agreements"][0]
    meta = _properties(store, "", {"x": ox.NamedNode(iri)})[iri]
    areas = _properties(store, "?x a sam:FocusArea ; sam:inAgreement ?a .", node)
    initiatives = _properties(store, "?x a sam:Initiative ; sam:inAgreement ?a .", node)
    commitments = _commitments(store, lang, node)
    followers = [r["f"].value for r in store.select(sparql_prefixes() + "SELECT ?f WHERE { ?f sam:followsUp ?a }", node)]
    names = labels(store, _referenced({iri: meta}, areas, initiatives) | set(followers), lang)

    def initiative_json(i_iri: str) -> dict:
        props = initiatives[i_iri]
        return {"id": i_iri, "label": names[i_iri], "themes": [_ref(t, names) for t in _iris(props, SAM + "theme")],
                "methods": [_ref(m, names) for m in _iris(props, SAM + "usesMethod")],
                "source": _source(props, names, lang),
                "commitments": [c for c in commitments if c["initiative"] and c["initiative"]["id"] == i_iri]}

    area_items = []
    for a_iri in sorted(areas, key=lambda a: (_first_line(areas[a]), a)):
        props = areas[a_iri]
        inits = sorted((i for i in initiatives if a_iri in _iris(initiatives[i], SAM + "focusArea")),
                       key=lambda i: (_first_line(initiatives[i]), i))
        area_items.append({
            "id": a_iri, "label": names[a_iri], "description": _text(props, DCTERMS + "description", lang),
            "themes": [_ref(t, names) for t in _iris(props, SAM + "theme")],
            "source": _source(props, names, lang),
            "initiatives": [initiative_json(i) for i in inits],
            "commitments": [c for c in commitments if c["initiative"] is None and c["area"] and c["area"]["id"] == a_iri],
        })
    return {
        **summary,
        "parties": sorted((_ref(p, names) for p in _iris(meta, SAM + "party")), key=lambda r: r["label"]),
        "description": _text(meta, DCTERMS + "description", lang),
        "revision": _text(meta, SAM + "revision", lang),
        "follow_up_frequency": _text(meta, SAM + "followUpFrequency", lang),
        "followed_up_by": [_ref(f, names) for f in sorted(followers)],
        "source": _source(meta, names, lang),
        "completeness": completeness(store, lang, iri).get(iri, {"score": None, "commitments": 0}),
        "areas": area_items,
    }


# -- commitments -----------------------------------------------------------------------------------

def _commitments(store: Store, lang: str, bindings: dict | None = None) -> list[dict]:
    """Commitments (of agreement ?a when bound), in document order."""
    pattern = "?x a sam:Commitment ; sam:inAgreement ?a ." if bindings else "?x a sam:Commitment ."
    found = _properties(store, pattern, bindings)
    responsible = defaultdict(list)
    query = sparql_prefixes() + ("SELECT ?c ?o WHERE { ?o sam:responsibleFor ?c . ?c a sam:Commitment ; sam:inAgreement ?a }"
                                 if bindings else "SELECT ?c ?o WHERE { ?o sam:responsibleFor ?c . ?c a sam:Commitment }")
    for row in store.select(query, bindings):
        responsible[row["c"].value].append(row["o"].value)
    inherited = _inherited_themes(store, bindings)
    names = labels(store, _referenced(found) | {o for os in responsible.values() for o in os}, lang)
    items = []
    for c_iri, props in found.items():
        initiative = _iris(props, SAM + "initiative")
        area = _iris(props, SAM + "focusArea")
        agreement = _iris(props, SAM + "inAgreement")
        own_themes = _iris(props, SAM + "theme")
        item = {
            "id": c_iri,
            "label": names[c_iri],
            "agreement": _ref(agreement[0], names) if agreement else None,
            "area": _ref(area[0], names) if area else None,
            "initiative": _ref(initiative[0], names) if initiative else None,
            "parties": [_ref(p, names) for p in _iris(props, SAM + "committedBy")],
            "responsible": [_ref(o, names) for o in sorted(responsible[c_iri])],
            "timeframe": _text(props, SAM + "timeframe", lang),
            "measure": _text(props, SAM + "activityMeasure", lang),
            "follow_up": _text(props, SAM + "followUp", lang),
            "comment": _text(props, RDFS + "comment", lang),
            "themes": [_ref(t, names) for t in own_themes],
            "methods": [_ref(m, names) for m in _iris(props, SAM + "usesMethod")],
            "missing": [k for k, p in MISSING.items() if not props.get(p)],
            "source": _source(props, names, lang),
            "_themes": set(own_themes) | inherited.get(c_iri, set()),
            "_order": (agreement[0] if agreement else "", _first_line(props), c_iri),
        }
        items.append(item)
    items.sort(key=lambda c: c["_order"])
    for item in items:
        item.pop("_order")
    return [_public(i) for i in items]


def _public(item: dict) -> dict:
    item["all_themes"] = sorted(item.pop("_themes"))
    return item


def _inherited_themes(store: Store, bindings: dict | None) -> dict[str, set[str]]:
    """Themes a commitment has through its initiative or focus area."""
    where = "?c a sam:Commitment ; sam:inAgreement ?a ." if bindings else "?c a sam:Commitment ."
    rows = store.select(sparql_prefixes() + f"""SELECT ?c ?t WHERE {{ {where}
        {{ ?c sam:initiative/sam:theme ?t }} UNION {{ ?c sam:focusArea/sam:theme ?t }} }}""", bindings)
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        out[row["c"].value].add(row["t"].value)
    return out


def commitments(store: Store, lang: str = "sv", *, agreement: str | None = None, party: str | None = None,
                area: str | None = None, theme: str | None = None, missing: str | None = None) -> list[dict]:
    """Commitments, filtered by agreement, party (committed by), focus area, theme (own, initiative's or
    area's) and missing (measure, follow-up or timeframe). Filters are IRIs."""
    if missing is not None and missing not in MISSING:
        raise ValueError(f"missing must be one of {', '.join(MISSING)}, not {missing!r}")
    items = _commitments(store, lang, {"a": ox.NamedNode(agreement)} if agreement else None)
    if party:
        items = [c for c in items if party in {p["id"] for p in c["parties"]}]
    if area:
        items = [c for c in items if c["area"] and c["area"]["id"] == area]
    if theme:
        items = [c for c in items if theme in c["all_themes"]]
    if missing:
        items = [c for c in items if missing in c["missing"]]
    return items


# -- organisations, forums, themes -----------------------------------------------------------------

def _kinds(store: Store, iris: set[str], lang: str) -> dict[str, list[str]]:
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris))
    rows = store.select(f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {values} }} ?x a ?t }}")
    types = defaultdict(set)
    for row in rows:
        types[row["x"].value].add(row["t"].value)
    names = labels(store, {t for ts in types.values() for t in ts}, lang)
    return {i: sorted(names[t] for t in types[i]) for i in iris}


def _agreement_of(store: Store, iris: set[str]) -> dict[str, str]:
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in sorted(iris))
    rows = store.select(sparql_prefixes() + f"""SELECT ?x ?a WHERE {{ VALUES ?x {{ {values} }}
        {{ ?x sam:inAgreement ?a }} UNION {{ ?x a sam:Agreement BIND(?x AS ?a) }} }}""")
    return {row["x"].value: row["a"].value for row in rows}


def organisation(store: Store, iri: str, lang: str = "sv") -> dict:
    """What an organisation coordinates, leads, is responsible for, takes part in, supports and follows up,
    the forums it is a member of, the agreements it is party to and the commitments it has made."""
    node = {"o": ox.NamedNode(iri)}
    props = _properties(store, "", {"x": ox.NamedNode(iri)})[iri]
    roles = defaultdict(set)
    for row in store.select(sparql_prefixes() + """SELECT ?role ?x WHERE {
        VALUES ?role { sam:coordinates sam:leads sam:responsibleFor sam:participatesIn sam:supports sam:followsUp }
        ?o ?role ?x }""", node):
        roles[row["role"].value].add(row["x"].value)
    memberships = store.select(sparql_prefixes() + """SELECT ?forum ?desc ?behalf WHERE {
        ?m org:member ?o ; org:organization ?forum .
        OPTIONAL { ?m sam:memberDescription ?desc } OPTIONAL { ?m sam:onBehalfOf ?behalf } }""", node)
    units = [r["u"].value for r in store.select(sparql_prefixes() + "SELECT ?u WHERE { ?u org:unitOf ?o }", node)]
    party_to = [r["a"].value for r in store.select(sparql_prefixes() + "SELECT ?a WHERE { ?a sam:party ?o }", node)]
    forums = [r["f"].value for r in store.select(sparql_prefixes() + "SELECT ?f WHERE { ?f sam:forumOf ?o }", node)]
    committed = [c for c in _commitments(store, lang) if iri in {p["id"] for p in c["parties"]}]
    things = {x for xs in roles.values() for x in xs}
    agreement_of = _agreement_of(store, things)
    names = labels(store, things | set(agreement_of.values()) | set(units) | set(party_to) | set(forums)
                   | {r["forum"].value for r in memberships} | {r["behalf"].value for r in memberships if "behalf" in r}
                   | {iri} | set(_iris(props, ORG + "unitOf")), lang)
    kinds = _kinds(store, things | {iri}, lang)

    def thing(x: str) -> dict:
        a = agreement_of.get(x)
        return {"id": x, "label": names[x], "types": kinds.get(x, []), "agreement": _ref(a, names) if a and a != x else None}

    out = {"id": iri, "label": names[iri], "types": kinds.get(iri, []),
           "description": _text(props, DCTERMS + "description", lang),
           "part_of": [_ref(p, names) for p in _iris(props, ORG + "unitOf")],
           "units": sorted((_ref(u, names) for u in units), key=lambda r: r["label"])}
    for key, local in ROLES.items():
        out[key] = sorted((thing(x) for x in roles[SAM + local]), key=lambda r: (r["label"], r["id"]))
    out["member_of"] = sorted(({"forum": _ref(r["forum"].value, names),
                                "description": r["desc"].value if "desc" in r else None,
                                "on_behalf_of": _ref(r["behalf"].value, names) if "behalf" in r else None}
                               for r in memberships), key=lambda m: m["forum"]["label"])
    out["party_to"] = [_ref(a, names) for a in sorted(party_to)]
    out["forums"] = sorted((_ref(f, names) for f in forums), key=lambda r: r["label"])
    out["commitments"] = committed
    return out


def forum(store: Store, iri: str, lang: str = "sv") -> dict:
    """A forum: what it is, whose it is, how often it meets, who coordinates / leads / takes part, its members."""
    node = {"f": ox.NamedNode(iri)}
    props = _properties(store, "", {"x": ox.NamedNode(iri)})[iri]
    inbound = defaultdict(set)
    for row in store.select(sparql_prefixes() + """SELECT ?role ?who WHERE {
        VALUES ?role { sam:coordinates sam:leads sam:responsibleFor sam:participatesIn sam:supports sam:followsUp }
        ?who ?role ?f }""", node):
        inbound[row["role"].value].add(row["who"].value)
    outbound = defaultdict(set)
    for row in store.select(sparql_prefixes() + """SELECT ?role ?x WHERE {
        VALUES ?role { sam:leads sam:participatesIn sam:followsUp sam:supports } ?f ?role ?x }""", node):
        outbound[row["role"].value].add(row["x"].value)
    memberships = store.select(sparql_prefixes() + """SELECT ?member ?desc ?behalf WHERE {
        ?m org:organization ?f ; org:member ?member .
        OPTIONAL { ?m sam:memberDescription ?desc } OPTIONAL { ?m sam:onBehalfOf ?behalf } }""", node)
    everyone = ({x for xs in inbound.values() for x in xs} | {x for xs in outbound.values() for x in xs}
                | {r["member"].value for r in memberships} | {r["behalf"].value for r in memberships if "behalf" in r})
    names = labels(store, everyone | _referenced({iri: props}), lang)
    kinds = _kinds(store, {iri}, lang)

    def people(role: str) -> list[dict]:
        return sorted((_ref(x, names) for x in inbound[SAM + role]), key=lambda r: r["label"])

    return {
        "id": iri, "label": names[iri], "types": kinds.get(iri, []),
        "alt_labels": sorted(o.value for o in props.get(SKOS + "altLabel", []) if isinstance(o, ox.Literal)),
        "description": _text(props, DCTERMS + "description", lang),
        "forum_of": [_ref(o, names) for o in _iris(props, SAM + "forumOf")],
        "meeting_frequency": _text(props, SAM + "meetingFrequency", lang),
        "methods": [_ref(m, names) for m in _iris(props, SAM + "usesMethod")],
        "coordinated_by": people("coordinates"),
        "led_by": people("leads"),
        "responsible": people("responsibleFor"),
        "participants": people("participatesIn"),
        "supported_by": people("supports"),
        "members": sorted(({"member": _ref(r["member"].value, names),
                            "description": r["desc"].value if "desc" in r else None,
                            "on_behalf_of": _ref(r["behalf"].value, names) if "behalf" in r else None}
                           for r in memberships), key=lambda m: m["member"]["label"]),
        "leads": sorted((_ref(x, names) for x in outbound[SAM + "leads"]), key=lambda r: r["label"]),
        "participates_in": sorted((_ref(x, names) for x in outbound[SAM + "participatesIn"]), key=lambda r: r["label"]),
        "follows_up": sorted((_ref(x, names) for x in outbound[SAM + "followsUp"]), key=lambda r: r["label"]),
        "source": _source(props, names, lang),
    }


def themes(store: Store, lang: str = "sv") -> list[dict]:
    """The national themes, each with how many focus areas, initiatives and commitments use it, and in which agreements."""
    found = _properties(store, "?x a sam:Theme .")
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
                      "definition": _text(props, SKOS + "definition", lang),
                      "areas": len(entry["areas"]), "initiatives": len(entry["initiatives"]),
                      "commitments": len(entry["commitments"]),
                      "agreements": [_ref(a, names) for a in sorted(entry["agreements"])]})
    return sorted(items, key=lambda t: t["label"])


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """What the graph says about an IRI: its description (with blank nodes) and the triples pointing at it."""
    node = {"x": ox.NamedNode(iri)}
    triples = store.construct("DESCRIBE ?x WHERE { }", node)
    triples += store.construct("CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }", node)
    return list(dict.fromkeys(triples))


__all__ = ["agreement_list", "agreement_detail", "commitments", "completeness", "describe", "forget", "forum",
           "organisation", "themes", "MISSING", "RDF_TYPE"]
