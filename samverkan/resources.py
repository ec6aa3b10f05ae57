"""The graph as resources for the JSON API and the web pages: agreements (with their areas → initiatives →
commitments), organisations, forums, themes, a filterable commitment list, search, and any thing's statements.

One function per question; the API serialises its dicts as JSON and the pages render the same dicts, so both
show the same facts. Labels are in `lang`. Each function runs a fixed, small number of SPARQL queries (never
one per item). Validation reports are cached per store state (see `validation`)."""

from __future__ import annotations

import re
import threading
import weakref
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import NotFound, SamverkanError
from .labels import labels, pick
from .namespaces import (
    BUILD_GRAPH,
    DCTERMS,
    ID,
    ORG,
    PROV,
    RDF_TYPE,
    RDFS,
    SAM,
    SKOS,
    sparql_prefixes,
)
from .resolve import resolve
from .stats import agreement_stats
from .store import Store
from .validate import AgreementReport, ValidationReport, load_shapes, validate_agreement
from .validate.data import agreement_iris, ontology_triples

MISSING = {"measure": SAM + "activityMeasure", "follow-up": SAM + "followUp", "timeframe": SAM + "timeframe"}
#: what a thing does (JSON key → sam: property), and the same roles seen from the thing they are about
ROLES = {"coordinates": "coordinates", "leads": "leads", "responsible_for": "responsibleFor",
         "participates_in": "participatesIn", "supports": "supports", "follows_up": "followsUp"}
INVERSE_ROLES = {"coordinates": "coordinated_by", "leads": "led_by", "responsible_for": "responsible",
                 "participates_in": "participants", "supports": "supported_by", "follows_up": "followed_up_by"}
POLICE_TYPES = (SAM + "PoliceArea", SAM + "PoliceAuthority", SAM + "PoliceUnit")
#: the type named first when a thing has several (the most telling one)
TYPE_ORDER = [SAM + c for c in ("Agreement", "Commitment", "Initiative", "FocusArea", "Council", "SteeringGroup",
                                "CollaborationGroup", "Network", "Forum", "Municipality", "PoliceArea",
                                "PoliceAuthority", "PoliceUnit", "Committee", "Administration", "MunicipalCompany",
                                "Company", "Agency", "Theme", "WorkingMethod", "SourceDocument")]
#: the kinds of statement context: the agreement or description whose source file states a role
CONTEXT_TYPES = ("Agreement", "CitizenPromise", "OrganisationDescription")

Props = dict[str, list]


def _values(iris) -> str:
    return " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris)))


def _properties(store: Store, pattern: str, bindings: dict | None = None) -> dict[str, Props]:
    """Every outgoing property of each ?x matched by `pattern`: {iri: {predicate: [terms]}}."""
    rows = store.select(sparql_prefixes() + f"SELECT ?x ?p ?o WHERE {{ {pattern} ?x ?p ?o }}", bindings)
    found: dict[str, Props] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if isinstance(row["x"], ox.NamedNode):
            found[row["x"].value][row["p"].value].append(row["o"])
    return found


def _properties_of(store: Store, iris) -> dict[str, Props]:
    """Every outgoing property of each of these IRIs (a few hundred per query, each found by its subject)."""
    found: dict[str, Props] = defaultdict(lambda: defaultdict(list))
    wanted = sorted(set(iris))
    for start in range(0, len(wanted), 500):
        rows = store.select(f"SELECT ?x ?p ?o WHERE {{ VALUES ?x {{ {_values(wanted[start:start + 500])} }} ?x ?p ?o }}")
        for row in rows:
            found[row["x"].value][row["p"].value].append(row["o"])
    return found


def _one(store: Store, iri: str) -> Props:
    return _properties(store, "", {"x": ox.NamedNode(iri)}).get(iri, {})


def _text(props: Props, predicate: str, lang: str) -> str | None:
    return pick([o for o in props.get(predicate, []) if isinstance(o, ox.Literal)], lang)


def _iris(props: Props, predicate: str) -> list[str]:
    return sorted({o.value for o in props.get(predicate, []) if isinstance(o, ox.NamedNode)})


def _first_line(props: Props) -> int:
    match = re.search(r"\d+", _text(props, SAM + "sourceLines", "sv") or "")
    return int(match.group()) if match else 10**9


def _ref(iri: str | None, names: dict[str, str]) -> dict | None:
    return None if iri is None else {"id": iri, "label": names.get(iri, iri)}


def _refs(iris, names: dict[str, str]) -> list[dict]:
    """References sorted by label (then IRI)."""
    return sorted((_ref(i, names) for i in set(iris)), key=lambda r: (r["label"], r["id"]))


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


def _types(store: Store, iris) -> dict[str, list[str]]:
    """The rdf:types each IRI states directly, the most telling first (TYPE_ORDER)."""
    if not iris:
        return {}
    rows = store.select(f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {_values(iris)} }} ?x a ?t FILTER(isIRI(?t)) }}")
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        found[row["x"].value].add(row["t"].value)
    rank = {t: n for n, t in enumerate(TYPE_ORDER)}
    return {i: sorted(ts, key=lambda t: (rank.get(t, len(rank)), t)) for i, ts in found.items()}


def _police(store: Store, iris) -> set[str]:
    """Which of these organisations are part of the police (by their type or its superclasses)."""
    if not iris:
        return set()
    police = " ".join(f"<{t}>" for t in POLICE_TYPES)
    rows = store.select(sparql_prefixes() + f"""SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {_values(iris)} }}
        VALUES ?t {{ {police} }} ?x a/rdfs:subClassOf* ?t }}""")
    return {row["x"].value for row in rows}


def _party(iri: str, names: dict[str, str], police: set[str]) -> dict:
    """A party reference with its side of an agreement: "police" or "municipality"."""
    return {**_ref(iri, names), "side": "police" if iri in police else "municipality"}


# -- caches per store state -----------------------------------------------------------------------

@dataclass
class _StoreCache:
    """One store's validated agreements and finished results, valid while the store's state is `state`
    and no write has happened since (`generation`, bumped by forget())."""

    state: str | None = None
    generation: int = 0
    agreements: list[str] | None = None
    reports: dict[str, AgreementReport] = field(default_factory=dict)
    results: OrderedDict = field(default_factory=OrderedDict)
    frozen: bool = False
    computing: dict = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


_CACHE: weakref.WeakKeyDictionary[Store, _StoreCache] = weakref.WeakKeyDictionary()
_CACHE_LOCK = threading.Lock()
#: most finished results (pages, JSON, resolved ids) kept per store; the least recently used go first
MAX_RESULTS = 512


def _store_cache(store: Store) -> _StoreCache:
    with _CACHE_LOCK:
        return _CACHE.setdefault(store, _StoreCache())


def forget(store: Store) -> None:
    """Drop the cached validation reports and results of a store. Call it after writing to the store other
    than by `samverkan build` (which records new content hashes); the SPARQL endpoint does after each update."""
    cache = _store_cache(store)
    with cache.lock:
        cache.generation += 1
        cache.agreements = None
        cache.reports = {}
        cache.results.clear()


_STATE = (f"SELECT (SHA1(GROUP_CONCAT(CONCAT(STR(?g), \" \", STR(?h)); separator=\"|\")) AS ?digest) "
          f"(COUNT(*) AS ?n) WHERE {{ GRAPH <{BUILD_GRAPH}> {{ ?g <{SAM}contentHash> ?h }} }}")


def store_state(store: Store) -> str:
    """What the store's content is, cheaply: a digest of the content hash of each source file that `build`
    recorded (graph https://w3id.org/samverkan/id/build). Changes whenever a build changes a graph."""
    rows = store.select(_STATE).rows
    row = rows[0] if rows else {}
    return f"{row['n'].value if 'n' in row else 0}:{row['digest'].value if 'digest' in row else ''}"


def freeze(store: Store) -> None:
    """Declare that only this process writes to `store` (e.g. the server's in-memory copy), and always
    followed by forget(): cached answers are then served without asking the store for its state each time."""
    cache = _store_cache(store)
    with cache.lock:
        cache.frozen = True


def _current(store: Store) -> tuple[_StoreCache, str, int]:
    """The store's cache, emptied if the store changed since; with the state and generation now."""
    cache = _store_cache(store)
    with cache.lock:
        if cache.frozen and cache.state is not None:
            return cache, cache.state, cache.generation
    state = store_state(store)
    with cache.lock:
        if cache.state != state:
            cache.state, cache.agreements, cache.reports = state, None, {}
            cache.results.clear()
        return cache, state, cache.generation


def cached(store: Store, key: tuple, compute, keep=None):
    """compute() once per store state and key, then the same object from the cache (callers must not change
    it). Concurrent callers of a cold key wait for the one computing it instead of computing it again.
    `keep(value)` false: the value is returned but not kept (e.g. too large)."""
    cache, state, generation = _current(store)
    with cache.lock:
        if key in cache.results:
            cache.results.move_to_end(key)
            return cache.results[key]
        key_lock = cache.computing.setdefault(key, threading.Lock())
    with key_lock:
        with cache.lock:
            if key in cache.results and cache.state == state and cache.generation == generation:
                return cache.results[key]
        try:
            value = compute()
        finally:
            with cache.lock:
                cache.computing.pop(key, None)
        with cache.lock:
            if cache.state == state and cache.generation == generation and (keep is None or keep(value)):
                cache.results[key] = value
                while len(cache.results) > MAX_RESULTS:
                    cache.results.popitem(last=False)
    return value


def resolved(store: Store, value: str, kind: str = "any") -> str:
    """samverkan.resolve.resolve, remembered per store state (NotFound and Ambiguous are not remembered)."""
    return cached(store, ("resolve", value, kind), lambda: resolve(store, value, kind))


def validation(store: Store, agreement: str | None = None, lang: str = "sv") -> ValidationReport:
    """samverkan.validate.validate(store, agreement, lang) with the default shapes, each agreement validated
    once per store state (store_state, and forget() after writes) and then served from a per-store cache.
    Raises NotFound for an IRI that is not an agreement with its own graph."""
    cache, state, generation = _current(store)
    with cache.lock:
        known, reports = cache.agreements, dict(cache.reports)
    if known is None:
        known = agreement_iris(store)
    if agreement is not None and agreement not in known:
        raise NotFound("agreement", agreement, [a for a in known if agreement.rsplit("/", 1)[-1] in a])
    targets = known if agreement is None else [agreement]
    missing = [a for a in targets if a not in reports]
    if missing:
        shapes, ontology = load_shapes(), ontology_triples(store)
        for iri in missing:
            reports[iri] = validate_agreement(store, iri, shapes, ontology)
    with cache.lock:
        if cache.generation == generation and cache.state == state:
            cache.agreements = known
            cache.reports.update({a: reports[a] for a in missing})
    return ValidationReport([reports[a] for a in targets], lang)


def completeness(store: Store, lang: str = "sv", agreement: str | None = None) -> dict[str, dict]:
    """The validator's completeness figures per agreement IRI: {"score": 0–100, or None when the agreement
    has no commitments, "commitments": n, "with_…": n}. Only agreements with their own graph are validated."""
    try:
        report = validation(store, agreement, lang)
    except NotFound:
        return {}
    return {entry.id: dict(entry.completeness) for entry in report.agreements}


def _no_figures() -> dict:
    return {"score": None, "commitments": 0}


# -- agreements ------------------------------------------------------------------------------------

def agreement_list(store: Store, lang: str = "sv") -> list[dict]:
    """Every agreement: id, slug, label, parties (each with its side: municipality or police), period,
    signed, counts, source and completeness (the validator's, 0–100), sorted by id."""
    base = agreement_stats(store, lang)["agreements"]
    parties = defaultdict(list)
    for row in store.select(sparql_prefixes() + "SELECT ?a ?p WHERE { ?a sam:party ?p }"):
        parties[row["a"].value].append(row["p"].value)
    everyone = {p for ps in parties.values() for p in ps}
    names = labels(store, everyone, lang)
    police = _police(store, everyone)
    scores = completeness(store, lang)
    items = []
    for entry in base:
        iri = entry["id"]
        items.append({**entry,
                      "parties": sorted((_party(p, names, police) for p in set(parties[iri])),
                                        key=lambda r: (r["side"] == "police", r["label"])),
                      "completeness": scores.get(iri, _no_figures())})
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
    parts = _properties_of(store, [iri, *(r["x"].value for r in members if isinstance(r["x"], ox.NamedNode))])
    meta = parts.pop(iri, {})
    commitments = _commitments(store, lang, "?x a sam:Commitment ; sam:inAgreement ?a .", node,
                               {x: p for x, p in parts.items() if SAM + "Commitment" in _iris(p, RDF_TYPE)})
    followers = [r["f"].value for r in store.select(sparql_prefixes() + "SELECT ?f WHERE { ?f sam:followsUp ?a }", node)]
    names = labels(store, _referenced({iri: meta}, parts) | set(followers), lang)
    police = _police(store, _iris(meta, SAM + "party"))

    def of_type(cls: str) -> list[str]:
        return sorted((x for x, p in parts.items() if SAM + cls in _iris(p, RDF_TYPE)),
                      key=lambda x: (_first_line(parts[x]), names[x], x))

    areas, initiatives = of_type("FocusArea"), of_type("Initiative")
    by_initiative, loose = defaultdict(list), defaultdict(list)
    for c in commitments:
        if c["initiative"] and c["initiative"]["id"] in parts:
            by_initiative[c["initiative"]["id"]].append(c)
        else:
            loose[c["area"]["id"] if c["area"] and c["area"]["id"] in areas else None].append(c)

    def initiative_json(i_iri: str) -> dict:
        props = parts[i_iri]
        return {"id": i_iri, "label": names[i_iri], "themes": _refs(_iris(props, SAM + "theme"), names),
                "methods": _refs(_iris(props, SAM + "usesMethod"), names),
                "source": _source(props, names, lang), "commitments": by_initiative[i_iri]}

    def area_of(i_iri: str) -> str | None:
        return next((a for a in _iris(parts[i_iri], SAM + "focusArea") if a in areas), None)

    area_items = []
    for a_iri in [*areas, None]:
        props = parts.get(a_iri, {}) if a_iri else {}
        inits = [initiative_json(i) for i in initiatives if area_of(i) == a_iri]
        if a_iri is None and not (inits or loose[None]):
            continue
        area_items.append({
            "id": a_iri, "label": names[a_iri] if a_iri else None,
            "description": _text(props, DCTERMS + "description", lang),
            "themes": _refs(_iris(props, SAM + "theme"), names),
            "source": _source(props, names, lang) if a_iri else None,
            "initiatives": inits, "commitments": loose[a_iri],
        })
    signatures = [{"id": s, "signatory": _ref(next(iter(_iris(parts[s], SAM + "signatory")), None), names),
                   "post": _text(parts[s], SAM + "post", lang),
                   "on_behalf_of": _ref(next(iter(_iris(parts[s], SAM + "onBehalfOf")), None), names),
                   "signed_on": _text(parts[s], SAM + "signedOn", lang), "signed_at": _text(parts[s], SAM + "signedAt", lang)}
                  for s in of_type("Signature")]
    return {
        **summary,
        "parties": sorted((_party(p, names, police) for p in _iris(meta, SAM + "party")),
                          key=lambda r: (r["side"] == "police", r["label"])),
        "description": _text(meta, DCTERMS + "description", lang),
        "comment": _text(meta, RDFS + "comment", lang),
        "revision": _text(meta, SAM + "revision", lang),
        "signed_at": _text(meta, SAM + "signedAt", lang),
        "follow_up_frequency": _text(meta, SAM + "followUpFrequency", lang),
        "followed_up_by": _refs(followers, names),
        "reported_to": _refs(_iris(meta, SAM + "reportedTo"), names),
        "source": _source(meta, names, lang),
        "signatures": signatures,
        **_validation_summary(store, iri, lang),
        "areas": area_items,
    }


def _validation_summary(store: Store, iri: str, lang: str) -> dict:
    """{"completeness": figures, "validation": {"conforms", "counts"} or {"error"} or None}."""
    try:
        entry = validation(store, iri, lang).agreements[0]
    except NotFound:
        return {"completeness": _no_figures(), "validation": None}
    except SamverkanError as exc:
        return {"completeness": _no_figures(), "validation": {"error": str(exc)}}
    return {"completeness": dict(entry.completeness), "validation": {"conforms": entry.conforms, "counts": entry.counts()}}


# -- commitments -----------------------------------------------------------------------------------

def _commitments(store: Store, lang: str, where: str = "?x a sam:Commitment .", bindings: dict | None = None,
                 found: dict[str, Props] | None = None) -> list[dict]:
    """The commitments ?x that the pattern `where` selects, in document order (a few queries in all; the
    pattern's other variables must not be ?p, ?o, ?who or ?t, which these queries use). `found`: their
    properties when the caller has them already."""
    found = _properties(store, where, bindings) if found is None else found
    prefixes = sparql_prefixes()
    responsible = defaultdict(list)
    for row in store.select(prefixes + f"SELECT ?x ?who WHERE {{ {where} ?who sam:responsibleFor ?x }}", bindings):
        responsible[row["x"].value].append(row["who"].value)
    inherited: dict[str, set[str]] = defaultdict(set)
    for row in store.select(prefixes + f"""SELECT ?x ?t WHERE {{ {where}
            {{ ?x sam:initiative/sam:theme ?t }} UNION {{ ?x sam:focusArea/sam:theme ?t }} }}""", bindings):
        inherited[row["x"].value].add(row["t"].value)
    parties = {p for props in found.values() for p in _iris(props, SAM + "committedBy")}
    police = _police(store, parties)
    names = labels(store, _referenced(found) | {o for os in responsible.values() for o in os}, lang)
    items = []
    for c_iri, props in found.items():
        initiative = _iris(props, SAM + "initiative")
        area = _iris(props, SAM + "focusArea")
        agreement = _iris(props, SAM + "inAgreement")
        own_themes = _iris(props, SAM + "theme")
        committed = [_party(p, names, police) for p in _iris(props, SAM + "committedBy")]
        items.append({
            "id": c_iri,
            "label": names[c_iri],
            "agreement": _ref(agreement[0], names) if agreement else None,
            "area": _ref(area[0], names) if area else None,
            "initiative": _ref(initiative[0], names) if initiative else None,
            "parties": committed,
            "sides": sorted({p["side"] for p in committed}),
            "responsible": _refs(responsible[c_iri], names),
            "timeframe": _text(props, SAM + "timeframe", lang),
            "measure": _text(props, SAM + "activityMeasure", lang),
            "follow_up": _text(props, SAM + "followUp", lang),
            "comment": _text(props, RDFS + "comment", lang),
            "themes": [_ref(t, names) for t in own_themes],
            "methods": [_ref(m, names) for m in _iris(props, SAM + "usesMethod")],
            "missing": [k for k, p in MISSING.items() if not props.get(p)],
            "source": _source(props, names, lang),
            "all_themes": sorted(set(own_themes) | inherited[c_iri]),
            "_order": (agreement[0] if agreement else "", _first_line(props), names[c_iri], c_iri),
        })
    items.sort(key=lambda c: c.pop("_order"))
    return items


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
    items = _commitments(store, lang, where, bindings or None)
    if area:
        items = [c for c in items if c["area"] and c["area"]["id"] == area]
    if theme:
        items = [c for c in items if theme in c["all_themes"]]
    if missing:
        items = [c for c in items if missing in c["missing"]]
    return items


# -- organisations and forums ----------------------------------------------------------------------

def _roles(store: Store, iri: str) -> tuple[dict, set[str]]:
    """What `iri` does and what others do to it, with where each statement comes from:
    ({(direction, role key): {other: {"stated_in": set, "agreement": str|None}}}, every IRI mentioned)."""
    roles = " ".join(f"sam:{r}" for r in ROLES.values())
    contexts = " ".join(f"sam:{c}" for c in CONTEXT_TYPES)
    # the context of a statement is the agreement or organisation description whose file (graph) states it
    rows = store.select(sparql_prefixes() + f"""
SELECT ?p ?other ?out ?ctx ?in WHERE {{
  VALUES ?p {{ {roles} }}
  {{ GRAPH ?g {{ ?x ?p ?other }} BIND(true AS ?out) }} UNION {{ GRAPH ?g {{ ?other ?p ?x }} BIND(false AS ?out) }}
  FILTER(isIRI(?other))
  OPTIONAL {{ VALUES ?ct {{ {contexts} }} GRAPH ?g {{ ?ctx a ?ct }} }}
  OPTIONAL {{ ?other sam:inAgreement ?in }}
}}""", {"x": ox.NamedNode(iri)})
    key_of = {SAM + local: key for key, local in ROLES.items()}
    found: dict = defaultdict(dict)
    mentioned = set()
    for row in rows:
        outgoing = row["out"].value == "true"
        key = key_of[row["p"].value] if outgoing else INVERSE_ROLES[key_of[row["p"].value]]
        other = row["other"].value
        entry = found[key].setdefault(other, {"stated_in": set(), "agreement": None})
        if "ctx" in row and row["ctx"].value not in (other, iri):
            entry["stated_in"].add(row["ctx"].value)
        if "in" in row:
            entry["agreement"] = row["in"].value
        mentioned |= {other, *entry["stated_in"], *([entry["agreement"]] if entry["agreement"] else [])}
    return found, mentioned


def _role_lists(found: dict, names: dict[str, str], types: dict[str, list[str]]) -> dict[str, list[dict]]:
    """Every role key (outgoing and inverse) → the things, each {id, label, types, agreement, stated_in}."""
    out = {}
    for key in [*ROLES, *INVERSE_ROLES.values()]:
        out[key] = sorted(({"id": x, "label": names.get(x, x), "types": [names.get(t, t) for t in types.get(x, [])],
                            "agreement": _ref(e["agreement"], names),
                            "stated_in": _refs(e["stated_in"], names)} for x, e in found.get(key, {}).items()),
                          key=lambda r: (r["label"], r["id"]))
    return out


def organisation(store: Store, iri: str, lang: str = "sv") -> dict:
    """An organisation across forums and agreements: what it coordinates, leads, is responsible for, takes
    part in, supports and follows up (and who does so for it), the forums it is a member of, the agreements
    it is party to, its units and the commitments it has made."""
    node = {"o": ox.NamedNode(iri)}
    props = _one(store, iri)
    found, mentioned = _roles(store, iri)
    memberships = store.select(sparql_prefixes() + """SELECT ?forum ?desc ?behalf WHERE {
        ?m org:member ?o ; org:organization ?forum .
        OPTIONAL { ?m sam:memberDescription ?desc } OPTIONAL { ?m sam:onBehalfOf ?behalf } }""", node)
    related = defaultdict(set)
    for row in store.select(sparql_prefixes() + """SELECT ?how ?x WHERE {
        { ?x org:unitOf|org:subOrganizationOf ?o BIND("units" AS ?how) } UNION { ?x sam:party ?o BIND("party_to" AS ?how) }
        UNION { ?x sam:forumOf ?o BIND("forums" AS ?how) } }""", node):
        related[row["how"].value].add(row["x"].value)
    committed = _commitments(store, lang, "?x a sam:Commitment ; sam:committedBy ?party .", {"party": ox.NamedNode(iri)})
    types = _types(store, mentioned | {iri})
    parents = _iris(props, ORG + "unitOf") + _iris(props, ORG + "subOrganizationOf")
    names = labels(store, mentioned | {iri} | set(parents) | set(_iris(props, SAM + "administrationOf"))
                   | {x for xs in related.values() for x in xs} | {t for ts in types.values() for t in ts}
                   | {r[k].value for r in memberships for k in ("forum", "behalf") if k in r}, lang)
    return {
        "id": iri, "label": names[iri], "types": [names[t] for t in types.get(iri, [])],
        "alt_labels": sorted(o.value for o in props.get(SKOS + "altLabel", []) if isinstance(o, ox.Literal)),
        "description": _text(props, DCTERMS + "description", lang),
        "part_of": [_ref(p, names) for p in dict.fromkeys(parents)],
        "administration_of": _refs(_iris(props, SAM + "administrationOf"), names),
        "units": _refs(related["units"], names),
        **_role_lists(found, names, types),
        "member_of": sorted(({"forum": _ref(r["forum"].value, names),
                              "description": r["desc"].value if "desc" in r else None,
                              "on_behalf_of": _ref(r["behalf"].value, names) if "behalf" in r else None}
                             for r in memberships), key=lambda m: (m["forum"]["label"], m["description"] or "")),
        "party_to": [_ref(a, names) for a in sorted(related["party_to"])],
        "forums": _refs(related["forums"], names),
        "commitments": committed,
    }


def forum(store: Store, iri: str, lang: str = "sv") -> dict:
    """A forum: what it is, whose it is, how often it meets, who coordinates / leads / takes part in it (and
    what it leads, takes part in and follows up), its members (a membership may name only a description)."""
    props = _one(store, iri)
    found, mentioned = _roles(store, iri)
    memberships = store.select(sparql_prefixes() + """SELECT ?member ?desc ?behalf WHERE {
        ?m org:organization ?f . OPTIONAL { ?m org:member ?member }
        OPTIONAL { ?m sam:memberDescription ?desc } OPTIONAL { ?m sam:onBehalfOf ?behalf } }""", {"f": ox.NamedNode(iri)})
    types = _types(store, mentioned | {iri})
    names = labels(store, mentioned | _referenced({iri: props}) | {t for ts in types.values() for t in ts}
                   | {r[k].value for r in memberships for k in ("member", "behalf") if k in r}, lang)
    members = [{"member": _ref(r["member"].value, names) if "member" in r else None,
                "description": r["desc"].value if "desc" in r else None,
                "on_behalf_of": _ref(r["behalf"].value, names) if "behalf" in r else None} for r in memberships]
    return {
        "id": iri, "label": names[iri], "types": [names[t] for t in types.get(iri, [])],
        "alt_labels": sorted(o.value for o in props.get(SKOS + "altLabel", []) if isinstance(o, ox.Literal)),
        "description": _text(props, DCTERMS + "description", lang),
        "comment": _text(props, RDFS + "comment", lang),
        "forum_of": [_ref(o, names) for o in _iris(props, SAM + "forumOf")],
        "meeting_frequency": _text(props, SAM + "meetingFrequency", lang),
        "methods": _refs(_iris(props, SAM + "usesMethod"), names),
        **_role_lists(found, names, types),
        "members": sorted(members, key=lambda m: ((m["member"] or {}).get("label", ""), m["description"] or "")),
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


# -- search and any thing --------------------------------------------------------------------------

SEARCH_KINDS = {"organisation": (ORG + "Organization", ORG + "FormalOrganization", ORG + "OrganizationalUnit"),
                "forum": (SAM + "Forum",), "commitment": (SAM + "Commitment",), "agreement": (SAM + "Agreement",)}
_SEARCH_PRECEDENCE = ("forum", "commitment", "agreement", "organisation")


def search(store: Store, text: str, lang: str = "sv", limit: int = 200) -> dict[str, list[dict]]:
    """Organisations, forums, commitments and agreements whose label contains `text` (case-insensitive):
    {kind: [{id, label}]} with the kinds that matched, in that order, each sorted by label."""
    text = text.strip()
    if not text:
        return {}
    roots = " ".join(f"<{c}>" for classes in SEARCH_KINDS.values() for c in classes)
    rows = store.select(sparql_prefixes() + f"""
SELECT DISTINCT ?x ?root WHERE {{
  VALUES ?root {{ {roots} }}
  ?x a/rdfs:subClassOf* ?root ; rdfs:label|skos:altLabel|skos:prefLabel ?l .
  FILTER(isIRI(?x) && CONTAINS(LCASE(STR(?l)), LCASE(STR(?q))))
}} LIMIT {limit * 3}""", {"q": ox.Literal(text)})
    kind_of_root = {c: kind for kind, classes in SEARCH_KINDS.items() for c in classes}
    kind_of: dict[str, str] = {}
    for row in rows:
        kind = kind_of_root[row["root"].value]
        current = kind_of.get(row["x"].value)
        if current is None or _SEARCH_PRECEDENCE.index(kind) < _SEARCH_PRECEDENCE.index(current):
            kind_of[row["x"].value] = kind
    names = labels(store, kind_of, lang)
    out = {}
    for kind in SEARCH_KINDS:
        items = _refs([i for i, k in kind_of.items() if k == kind], names)
        if items:
            out[kind] = items[:limit]
    return out


def statements(store: Store, iri: str, lang: str = "sv", limit: int = 500) -> dict:
    """What the graph says about any thing and what refers to it (for themes, methods, documents, people):
    {id, label, exists, statements: [{property, value (a reference) or text}], referenced_by: [{property, subject}]}."""
    props = _one(store, iri)
    incoming = store.select(f"SELECT ?s ?p WHERE {{ ?s ?p ?x FILTER(isIRI(?s)) }} LIMIT {limit}", {"x": ox.NamedNode(iri)})
    names = labels(store, {iri} | set(props) | _referenced({iri: props})
                   | {r[k].value for r in incoming for k in ("s", "p")}, lang)
    said = []
    for pred, objects in props.items():
        for o in objects:
            if isinstance(o, (ox.NamedNode, ox.Literal)):
                said.append({"property": _ref(pred, names),
                             "value": _ref(o.value, names) if isinstance(o, ox.NamedNode) else None,
                             "text": o.value if isinstance(o, ox.Literal) else None})
    refs = {(r["p"].value, r["s"].value) for r in incoming}
    return {"id": iri, "label": names[iri], "exists": bool(props or refs),
            "statements": sorted(said, key=lambda s: (s["property"]["label"], (s["value"] or {}).get("label") or s["text"])),
            "referenced_by": sorted(({"property": _ref(p, names), "subject": _ref(s, names)} for p, s in refs),
                                    key=lambda r: (r["property"]["label"], r["subject"]["label"], r["subject"]["id"]))}


#: the kinds of thing that have a page of their own: the IRI's kind (docs/authoring.md) → the types it must have
PAGE_KINDS = {
    "agreement": {SAM + "Agreement", SAM + "FocusArea", SAM + "Initiative", SAM + "Commitment",
                  SAM + "Goal", SAM + "Indicator", SAM + "Signature"},
    "org": {ORG + "Organization", ORG + "FormalOrganization", ORG + "OrganizationalUnit", SAM + "Party"},
    "forum": {SAM + "Forum"},
}


def page_kind(store: Store, iri: str) -> str | None:
    """Which page shows a thing: "agreement", "org" or "forum" when its IRI and its type agree; "" when the
    graph knows it but it has no page of its own (shown by `statements`); None when the graph does not know it."""
    rows = store.select(sparql_prefixes() + "SELECT DISTINCT ?t WHERE { ?x a/rdfs:subClassOf* ?t }", {"x": ox.NamedNode(iri)})
    types = {row["t"].value for row in rows}
    if not types and not store.ask("ASK WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } }", {"x": ox.NamedNode(iri)}):
        return None
    kind = iri[len(ID):].split("/", 1)[0] if iri.startswith(ID) else ""
    return kind if types & PAGE_KINDS.get(kind, set()) else ""


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """What the graph says about an IRI: its description (with blank nodes) and the triples pointing at it."""
    node = {"x": ox.NamedNode(iri)}
    triples = store.construct("DESCRIBE ?x WHERE { }", node)
    triples += store.construct("CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }", node)
    return list(dict.fromkeys(triples))


__all__ = [
    "INVERSE_ROLES",
    "MISSING",
    "ROLES",
    "agreement_detail",
    "agreement_list",
    "cached",
    "commitments",
    "completeness",
    "describe",
    "forget",
    "forum",
    "freeze",
    "organisation",
    "page_kind",
    "resolved",
    "search",
    "statements",
    "store_state",
    "themes",
    "validation",
]
