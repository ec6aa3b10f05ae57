"""Finding things and reading any thing: search by label, statements about an IRI, which page shows it, and
its RDF description."""

from __future__ import annotations

import pyoxigraph as ox

from ..labels import labels
from ..namespaces import ID, ORG, SAM, sparql_prefixes
from ..store import Store
from .common import is_iri, properties_of_one, ref, referenced, sorted_refs

SEARCH_KINDS = {"organisation": (ORG + "Organization", ORG + "FormalOrganization", ORG + "OrganizationalUnit"),
                "forum": (SAM + "Forum",), "commitment": (SAM + "Commitment",), "agreement": (SAM + "Agreement",)}
_SEARCH_PRECEDENCE = ("forum", "commitment", "agreement", "organisation")


def search(store: Store, text: str, lang: str = "sv", limit: int = 200) -> dict[str, list[dict]]:
    """Organisations, forums, commitments and agreements whose label contains `text` (case-insensitive):
    {kind: [{id, label, agreement, municipality}]} with the kinds that matched, in that order, each sorted by
    label; agreement and municipality ({id, label} or None) say where a hit belongs."""
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
    context = _search_context(store, kind_of)
    names = labels(store, set(kind_of) | {i for c in context.values() for i in c.values()}, lang)
    out = {}
    for kind in SEARCH_KINDS:
        items = sorted_refs([i for i, k in kind_of.items() if k == kind], names)[:limit]
        for item in items:
            where = context.get(item["id"], {})
            item["agreement"] = ref(where.get("agreement"), names)
            item["municipality"] = ref(where.get("municipality"), names)
        if items:
            out[kind] = items
    return out


_CONTEXT = sparql_prefixes() + """
SELECT ?x ?agreement ?municipality WHERE {
  VALUES ?x { %s }
  OPTIONAL { ?x sam:inAgreement ?agreement }
  OPTIONAL { ?x (sam:forumOf|sam:party)/(org:subOrganizationOf|org:unitOf)* ?m1 . ?m1 a sam:Municipality }
  OPTIONAL { ?x (org:subOrganizationOf|org:unitOf)+ ?m2 . ?m2 a sam:Municipality }
  OPTIONAL { ?x sam:inAgreement/sam:party ?m3 . ?m3 a sam:Municipality }
  BIND(COALESCE(?m1, ?m2, ?m3) AS ?municipality)
}"""


def _search_context(store: Store, iris) -> dict[str, dict[str, str]]:
    """For each hit the agreement it belongs to and its municipality (where the graph says)."""
    out: dict[str, dict[str, str]] = {}
    iris = sorted(iris)
    for start in range(0, len(iris), 500):
        values = " ".join(str(ox.NamedNode(i)) for i in iris[start:start + 500])
        for row in store.select(_CONTEXT % values):
            entry = out.setdefault(row["x"].value, {})
            for key in ("agreement", "municipality"):
                if row.get(key) is not None and key not in entry:
                    entry[key] = row[key].value
    return out


def statements(store: Store, iri: str, lang: str = "sv", limit: int = 500) -> dict:
    """What the graph says about any thing and what refers to it (for themes, methods, documents, people):
    {id, label, exists, statements: [{property, value (a reference) or text, text_lang}],
    referenced_by: [{property, subject}]}.
    A value that is not an IRI is a thing the graph does not know (exists false)."""
    if not is_iri(iri):
        return {"id": iri, "label": iri, "exists": False, "statements": [], "referenced_by": []}
    props = properties_of_one(store, iri)
    incoming = store.select(f"SELECT ?s ?p WHERE {{ ?s ?p ?x FILTER(isIRI(?s)) }} LIMIT {limit}", {"x": ox.NamedNode(iri)})
    names = labels(store, {iri} | set(props) | referenced({iri: props})
                   | {r[k].value for r in incoming for k in ("s", "p")}, lang)
    said = []
    for pred, objects in props.items():
        for o in objects:
            if isinstance(o, (ox.NamedNode, ox.Literal)):
                said.append({"property": ref(pred, names),
                             "value": ref(o.value, names) if isinstance(o, ox.NamedNode) else None,
                             "text": o.value if isinstance(o, ox.Literal) else None,
                             "text_lang": o.language if isinstance(o, ox.Literal) else None})
    refs = {(r["p"].value, r["s"].value) for r in incoming}
    return {"id": iri, "label": names[iri], "exists": bool(props or refs),
            "statements": sorted(said, key=lambda s: (s["property"]["label"], (s["value"] or {}).get("label") or s["text"])),
            "referenced_by": sorted(({"property": ref(p, names), "subject": ref(s, names)} for p, s in refs),
                                    key=lambda r: (r["property"]["label"], r["subject"]["label"], r["subject"]["id"]))}


#: the kinds of thing that have a page of their own: the IRI's kind (docs/authoring.md) → the types it must have
PAGE_KINDS = {
    "agreement": {SAM + "Agreement", SAM + "FocusArea", SAM + "Initiative", SAM + "Commitment",
                  SAM + "Goal", SAM + "Indicator", SAM + "Signature"},
    "org": {ORG + "Organization", ORG + "FormalOrganization", ORG + "OrganizationalUnit", SAM + "Party"},
    "forum": {SAM + "Forum"},
    "theme": {SAM + "Theme"},
    "method": {SAM + "WorkingMethod"},
}


def page_kind(store: Store, iri: str) -> str | None:
    """Which page shows a thing: "agreement", "org" or "forum" when its IRI and its type agree; "" when the
    graph knows it but it has no page of its own (shown by `statements`); None when the graph does not know it
    (as for a value that is not an IRI at all)."""
    if not is_iri(iri):
        return None
    rows = store.select(sparql_prefixes() + "SELECT DISTINCT ?t WHERE { ?x a/rdfs:subClassOf* ?t }", {"x": ox.NamedNode(iri)})
    types = {row["t"].value for row in rows}
    if not types and not store.ask("ASK WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } }", {"x": ox.NamedNode(iri)}):
        return None
    kind = iri[len(ID):].split("/", 1)[0] if iri.startswith(ID) else ""
    return kind if types & PAGE_KINDS.get(kind, set()) else ""


def describe(store: Store, iri: str) -> list[ox.Triple]:
    """What the graph says about an IRI: its description (with blank nodes) and the triples pointing at it;
    nothing for a value that is not an IRI."""
    if not is_iri(iri):
        return []
    node = {"x": ox.NamedNode(iri)}
    triples = store.construct("DESCRIBE ?x WHERE { }", node)
    triples += store.construct("CONSTRUCT { ?s ?p ?x } WHERE { ?s ?p ?x }", node)
    return list(dict.fromkeys(triples))
