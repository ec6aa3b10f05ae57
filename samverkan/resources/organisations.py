"""Organisations and forums: what each coordinates, leads, is responsible for, takes part in, supports and
follows up (and who does so for it), with where each role is stated, their members and memberships."""

from __future__ import annotations

from collections import defaultdict

import pyoxigraph as ox

from ..labels import labels
from ..namespaces import DCTERMS, ORG, RDFS, SAM, SKOS, sparql_prefixes
from ..store import Store
from .commitment_list import commitment_rows
from .common import iris_of, properties_of_one, ref, referenced, sorted_refs, source_of, text_of, types_of

#: what a thing does (JSON key → sam: property), and the same roles seen from the thing they are about
ROLES = {"coordinates": "coordinates", "leads": "leads", "responsible_for": "responsibleFor",
         "participates_in": "participatesIn", "supports": "supports", "follows_up": "followsUp"}
INVERSE_ROLES = {"coordinates": "coordinated_by", "leads": "led_by", "responsible_for": "responsible",
                 "participates_in": "participants", "supports": "supported_by", "follows_up": "followed_up_by"}
#: the kinds of statement context: the agreement or description whose source file states a role
CONTEXT_TYPES = ("Agreement", "CitizenPromise", "OrganisationDescription")


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
                            "agreement": ref(e["agreement"], names),
                            "stated_in": sorted_refs(e["stated_in"], names)} for x, e in found.get(key, {}).items()),
                          key=lambda r: (r["label"], r["id"]))
    return out


def organisation(store: Store, iri: str, lang: str = "sv") -> dict:
    """An organisation across forums and agreements: what it coordinates, leads, is responsible for, takes
    part in, supports and follows up (and who does so for it), the forums it is a member of, the agreements
    it is party to, its units and the commitments it has made."""
    node = {"o": ox.NamedNode(iri)}
    props = properties_of_one(store, iri)
    found, mentioned = _roles(store, iri)
    memberships = store.select(sparql_prefixes() + """SELECT ?forum ?desc ?behalf WHERE {
        ?m org:member ?o ; org:organization ?forum .
        OPTIONAL { ?m sam:memberDescription ?desc } OPTIONAL { ?m sam:onBehalfOf ?behalf } }""", node)
    related = defaultdict(set)
    for row in store.select(sparql_prefixes() + """SELECT ?how ?x WHERE {
        { ?x org:unitOf|org:subOrganizationOf ?o BIND("units" AS ?how) } UNION { ?x sam:party ?o BIND("party_to" AS ?how) }
        UNION { ?x sam:forumOf ?o BIND("forums" AS ?how) } }""", node):
        related[row["how"].value].add(row["x"].value)
    committed = commitment_rows(store, lang, "?x a sam:Commitment ; sam:committedBy ?party .",
                                {"party": ox.NamedNode(iri)})
    types = types_of(store, mentioned | {iri})
    parents = iris_of(props, ORG + "unitOf") + iris_of(props, ORG + "subOrganizationOf")
    names = labels(store, mentioned | {iri} | set(parents) | set(iris_of(props, SAM + "administrationOf"))
                   | {x for xs in related.values() for x in xs} | {t for ts in types.values() for t in ts}
                   | {r[k].value for r in memberships for k in ("forum", "behalf") if k in r}, lang)
    return {
        "id": iri, "label": names[iri], "types": [names[t] for t in types.get(iri, [])],
        "alt_labels": sorted(o.value for o in props.get(SKOS + "altLabel", []) if isinstance(o, ox.Literal)),
        "description": text_of(props, DCTERMS + "description", lang),
        "part_of": [ref(p, names) for p in dict.fromkeys(parents)],
        "administration_of": sorted_refs(iris_of(props, SAM + "administrationOf"), names),
        "units": sorted_refs(related["units"], names),
        **_role_lists(found, names, types),
        "member_of": sorted(({"forum": ref(r["forum"].value, names),
                              "description": r["desc"].value if "desc" in r else None,
                              "on_behalf_of": ref(r["behalf"].value, names) if "behalf" in r else None}
                             for r in memberships), key=lambda m: (m["forum"]["label"], m["description"] or "")),
        "party_to": [ref(a, names) for a in sorted(related["party_to"])],
        "forums": sorted_refs(related["forums"], names),
        "commitments": committed,
    }


def forum(store: Store, iri: str, lang: str = "sv") -> dict:
    """A forum: what it is, whose it is, how often it meets, who coordinates / leads / takes part in it (and
    what it leads, takes part in and follows up), its members (a membership may name only a description)."""
    props = properties_of_one(store, iri)
    found, mentioned = _roles(store, iri)
    memberships = store.select(sparql_prefixes() + """SELECT ?member ?desc ?behalf WHERE {
        ?m org:organization ?f . OPTIONAL { ?m org:member ?member }
        OPTIONAL { ?m sam:memberDescription ?desc } OPTIONAL { ?m sam:onBehalfOf ?behalf } }""", {"f": ox.NamedNode(iri)})
    types = types_of(store, mentioned | {iri})
    names = labels(store, mentioned | referenced({iri: props}) | {t for ts in types.values() for t in ts}
                   | {r[k].value for r in memberships for k in ("member", "behalf") if k in r}, lang)
    members = [{"member": ref(r["member"].value, names) if "member" in r else None,
                "description": r["desc"].value if "desc" in r else None,
                "on_behalf_of": ref(r["behalf"].value, names) if "behalf" in r else None} for r in memberships]
    return {
        "id": iri, "label": names[iri], "types": [names[t] for t in types.get(iri, [])],
        "alt_labels": sorted(o.value for o in props.get(SKOS + "altLabel", []) if isinstance(o, ox.Literal)),
        "description": text_of(props, DCTERMS + "description", lang),
        "comment": text_of(props, RDFS + "comment", lang),
        "forum_of": [ref(o, names) for o in iris_of(props, SAM + "forumOf")],
        "meeting_frequency": text_of(props, SAM + "meetingFrequency", lang),
        "methods": sorted_refs(iris_of(props, SAM + "usesMethod"), names),
        **_role_lists(found, names, types),
        "members": sorted(members, key=lambda m: ((m["member"] or {}).get("label", ""), m["description"] or "")),
        "source": source_of(props, names, lang),
    }
