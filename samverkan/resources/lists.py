"""The lists a reader browses: organisations (with kind and municipality), forums (with who coordinates and who takes
part), police areas (with the municipalities they sign with), working methods (with where they are used).
Each runs a fixed number of queries, whatever the size of the graph; cached per store state."""

from __future__ import annotations

from collections import defaultdict

from ..labels import labels
from ..namespaces import sparql_prefixes
from ..store import Store
from .cache import cached
from .common import ref

_ORGANISATIONS = sparql_prefixes() + """
SELECT ?x ?type ?municipality WHERE {
  { ?x a/rdfs:subClassOf* org:Organization } UNION { ?x a/rdfs:subClassOf* org:OrganizationalUnit }
  UNION { ?x a/rdfs:subClassOf* sam:Party }
  FILTER NOT EXISTS { ?x a/rdfs:subClassOf* sam:Forum }
  FILTER(isIRI(?x))
  OPTIONAL { ?x a ?type . FILTER(STRSTARTS(STR(?type), STR(sam:))) }
  OPTIONAL { ?x (org:subOrganizationOf|org:unitOf)* ?municipality . ?municipality a sam:Municipality }
}"""

_FORUMS = sparql_prefixes() + """
SELECT ?x ?type ?municipality ?role ?who WHERE {
  ?x a/rdfs:subClassOf* sam:Forum . FILTER(isIRI(?x))
  OPTIONAL { ?x a ?type . ?type rdfs:subClassOf* sam:Forum }
  OPTIONAL { ?x sam:forumOf/(org:subOrganizationOf|org:unitOf)* ?municipality . ?municipality a sam:Municipality }
  OPTIONAL {
    { ?who sam:coordinates ?x BIND("coordinator" AS ?role) } UNION { ?who sam:leads ?x BIND("coordinator" AS ?role) }
    UNION { ?who sam:participatesIn ?x BIND("participant" AS ?role) }
    UNION { ?m org:organization ?x ; org:member ?who BIND("participant" AS ?role) }
  }
}"""

_POLICE_AREAS = sparql_prefixes() + """
SELECT ?x ?agreement ?municipality WHERE {
  ?x a/rdfs:subClassOf* sam:PoliceArea . FILTER(isIRI(?x))
  OPTIONAL { ?agreement sam:party ?x , ?municipality . ?municipality a sam:Municipality }
}"""

_METHODS = sparql_prefixes() + """
SELECT ?x ?user ?agreement WHERE {
  ?x a/rdfs:subClassOf* sam:WorkingMethod . FILTER(isIRI(?x))
  OPTIONAL { ?user sam:usesMethod ?x . OPTIONAL { ?user sam:inAgreement ?agreement } }
}"""


def organisations(store: Store, lang: str = "sv") -> list[dict]:
    """Every organisation and party (not forums): {id, label, kind: {id, label}, municipality: {id, label}}."""
    return cached(store, ("organisation-list", lang), lambda: _organisations(store, lang))


def _organisations(store: Store, lang: str) -> list[dict]:
    kinds: dict[str, set[str]] = defaultdict(set)
    home: dict[str, str] = {}
    for row in store.select(_ORGANISATIONS):
        x = row["x"].value
        kinds[x]
        if row.get("type") is not None:
            kinds[x].add(row["type"].value)
        if row.get("municipality") is not None:
            home.setdefault(x, row["municipality"].value)
    names = labels(store, set(kinds) | set(home.values()) | {t for ts in kinds.values() for t in ts}, lang)
    out = []
    for x, types in kinds.items():
        specific = sorted(types - {"http://www.w3.org/ns/org#Organization", "http://www.w3.org/ns/org#FormalOrganization"}) \
            or sorted(types)
        out.append({"id": x, "label": names[x], "kind": ref(specific[0], names) if specific else None,
                    "municipality": ref(home.get(x), names)})
    return sorted(out, key=lambda o: (o["label"].casefold(), o["id"]))


def forums(store: Store, lang: str = "sv") -> list[dict]:
    """Every forum: {id, label, kind, municipality, coordinators: [...], participants: [...]}."""
    return cached(store, ("forum-list", lang), lambda: _forums(store, lang))


def _forums(store: Store, lang: str) -> list[dict]:
    found: dict[str, dict] = {}
    for row in store.select(_FORUMS):
        entry = found.setdefault(row["x"].value, {"types": set(), "municipality": None, "coordinator": set(),
                                                  "participant": set()})
        if row.get("type") is not None:
            entry["types"].add(row["type"].value)
        if row.get("municipality") is not None and entry["municipality"] is None:
            entry["municipality"] = row["municipality"].value
        if row.get("who") is not None:
            entry[row["role"].value].add(row["who"].value)
    iris = set(found)
    for e in found.values():
        iris |= e["types"] | e["coordinator"] | e["participant"] | ({e["municipality"]} - {None})
    names = labels(store, iris, lang)
    forum_class = "https://w3id.org/samverkan/ontology#Forum"
    out = []
    for x, e in found.items():
        specific = sorted(e["types"] - {forum_class}) or sorted(e["types"])
        by_label = lambda iris: sorted((ref(i, names) for i in iris), key=lambda r: r["label"])  # noqa: E731
        out.append({"id": x, "label": names[x], "kind": ref(specific[0], names) if specific else None,
                    "municipality": ref(e["municipality"], names), "coordinators": by_label(e["coordinator"]),
                    "participants": by_label(e["participant"] - e["coordinator"])})
    return sorted(out, key=lambda f: (f["label"].casefold(), f["id"]))


def police_areas(store: Store, lang: str = "sv") -> list[dict]:
    """Every police area with the municipalities it has agreements with and those agreements."""
    return cached(store, ("police-area-list", lang), lambda: _police_areas(store, lang))


def _police_areas(store: Store, lang: str) -> list[dict]:
    found: dict[str, dict[str, set]] = defaultdict(lambda: {"agreements": set(), "municipalities": set()})
    for row in store.select(_POLICE_AREAS):
        entry = found[row["x"].value]
        if row.get("agreement") is not None:
            entry["agreements"].add(row["agreement"].value)
            entry["municipalities"].add(row["municipality"].value)
    names = labels(store, set(found) | {i for e in found.values() for s in e.values() for i in s}, lang)
    return sorted(({"id": x, "label": names[x],
                    "municipalities": sorted((ref(i, names) for i in e["municipalities"]), key=lambda r: r["label"]),
                    "agreements": sorted((ref(i, names) for i in e["agreements"]), key=lambda r: r["label"])}
                   for x, e in found.items()), key=lambda p: (p["label"].casefold(), p["id"]))


def methods(store: Store, lang: str = "sv") -> list[dict]:
    """Every working method with how many things use it and in which agreements."""
    return cached(store, ("method-list", lang), lambda: _methods(store, lang))


def _methods(store: Store, lang: str) -> list[dict]:
    found: dict[str, dict[str, set]] = defaultdict(lambda: {"users": set(), "agreements": set()})
    for row in store.select(_METHODS):
        entry = found[row["x"].value]
        if row.get("user") is not None:
            entry["users"].add(row["user"].value)
        if row.get("agreement") is not None:
            entry["agreements"].add(row["agreement"].value)
    names = labels(store, set(found) | {a for e in found.values() for a in e["agreements"]}, lang)
    return sorted(({"id": x, "label": names[x], "uses": len(e["users"]),
                    "agreements": sorted((ref(a, names) for a in e["agreements"]), key=lambda r: r["label"])}
                   for x, e in found.items()), key=lambda m: (m["label"].casefold(), m["id"]))
