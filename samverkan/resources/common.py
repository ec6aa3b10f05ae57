"""Small helpers the resource modules share: reading a thing's properties in a few queries, picking a text in
the reader's language, building {id, label} references, and telling a thing's types and a party's side."""

from __future__ import annotations

import re
from collections import defaultdict

import pyoxigraph as ox

from ..labels import pick
from ..namespaces import PROV, SAM, sparql_prefixes
from ..store import Store

POLICE_TYPES = (SAM + "PoliceArea", SAM + "PoliceAuthority", SAM + "PoliceUnit")
#: the type named first when a thing has several (the most telling one)
TYPE_ORDER = [SAM + c for c in ("Agreement", "Commitment", "Initiative", "FocusArea", "Council", "SteeringGroup",
                                "CollaborationGroup", "Network", "Forum", "Municipality", "PoliceArea",
                                "PoliceAuthority", "PoliceUnit", "Committee", "Administration", "MunicipalCompany",
                                "Company", "Agency", "Theme", "WorkingMethod", "SourceDocument")]
#: a thing's outgoing properties: {predicate IRI: [object terms]}
Props = dict[str, list]


def sparql_values(iris) -> str:
    """The IRIs, sorted and without repeats, as the body of a SPARQL VALUES block."""
    return " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris)))


def properties(store: Store, pattern: str, bindings: dict | None = None) -> dict[str, Props]:
    """Every outgoing property of each ?x matched by `pattern`: {iri: {predicate: [terms]}}."""
    rows = store.select(sparql_prefixes() + f"SELECT ?x ?p ?o WHERE {{ {pattern} ?x ?p ?o }}", bindings)
    found: dict[str, Props] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        if isinstance(row["x"], ox.NamedNode):
            found[row["x"].value][row["p"].value].append(row["o"])
    return found


def properties_of(store: Store, iris) -> dict[str, Props]:
    """Every outgoing property of each of these IRIs (a few hundred per query, each found by its subject)."""
    found: dict[str, Props] = defaultdict(lambda: defaultdict(list))
    wanted = sorted(set(iris))
    for start in range(0, len(wanted), 500):
        chunk = sparql_values(wanted[start:start + 500])
        rows = store.select(f"SELECT ?x ?p ?o WHERE {{ VALUES ?x {{ {chunk} }} ?x ?p ?o }}")
        for row in rows:
            found[row["x"].value][row["p"].value].append(row["o"])
    return found


def is_iri(value: str) -> bool:
    """Whether `value` is an absolute IRI a store can be asked about (not, say, one with a space in it)."""
    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def properties_of_one(store: Store, iri: str) -> Props:
    """Every outgoing property of one IRI."""
    return properties(store, "", {"x": ox.NamedNode(iri)}).get(iri, {})


def text_of(props: Props, predicate: str, lang: str) -> str | None:
    """The predicate's literal in `lang` (labels.pick), or None."""
    return pick([o for o in props.get(predicate, []) if isinstance(o, ox.Literal)], lang)


def iris_of(props: Props, predicate: str) -> list[str]:
    """The predicate's IRI values, sorted."""
    return sorted({o.value for o in props.get(predicate, []) if isinstance(o, ox.NamedNode)})


def first_line(props: Props) -> int:
    """The first source line a thing is stated on (for document order); things with none come last."""
    match = re.search(r"\d+", text_of(props, SAM + "sourceLines", "sv") or "")
    return int(match.group()) if match else 10**9


def ref(iri: str | None, names: dict[str, str]) -> dict | None:
    """A reference {id, label} (the IRI when it has no label), or None for None."""
    return None if iri is None else {"id": iri, "label": names.get(iri, iri)}


def sorted_refs(iris, names: dict[str, str]) -> list[dict]:
    """References sorted by label (then IRI)."""
    return sorted((ref(i, names) for i in set(iris)), key=lambda r: (r["label"], r["id"]))


def source_of(props: Props, names: dict[str, str], lang: str) -> dict:
    """Where a thing is stated: {document (a reference), location, lines}."""
    documents = iris_of(props, PROV + "wasDerivedFrom")
    return {"document": ref(documents[0], names) if documents else None,
            "location": text_of(props, SAM + "sourceLocation", lang),
            "lines": text_of(props, SAM + "sourceLines", lang)}


def referenced(*props_maps: dict[str, Props]) -> set[str]:
    """Every IRI these properties are about or point at (to look up their labels in one go)."""
    out = set()
    for props_map in props_maps:
        out.update(props_map)
        for props in props_map.values():
            out.update(o.value for values in props.values() for o in values if isinstance(o, ox.NamedNode))
    return out


def types_of(store: Store, iris) -> dict[str, list[str]]:
    """The rdf:types each IRI states directly, the most telling first (TYPE_ORDER)."""
    if not iris:
        return {}
    rows = store.select(f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {sparql_values(iris)} }} ?x a ?t FILTER(isIRI(?t)) }}")
    found: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        found[row["x"].value].add(row["t"].value)
    rank = {t: n for n, t in enumerate(TYPE_ORDER)}
    return {i: sorted(ts, key=lambda t: (rank.get(t, len(rank)), t)) for i, ts in found.items()}


def police_among(store: Store, iris) -> set[str]:
    """Which of these organisations are part of the police (by their type or its superclasses)."""
    if not iris:
        return set()
    police = " ".join(f"<{t}>" for t in POLICE_TYPES)
    rows = store.select(sparql_prefixes() + f"""SELECT DISTINCT ?x WHERE {{ VALUES ?x {{ {sparql_values(iris)} }}
        VALUES ?t {{ {police} }} ?x a/rdfs:subClassOf* ?t }}""")
    return {row["x"].value for row in rows}


def party_ref(iri: str, names: dict[str, str], police: set[str]) -> dict:
    """A party reference with its side of an agreement: "police" or "municipality"."""
    return {**ref(iri, names), "side": "police" if iri in police else "municipality"}
