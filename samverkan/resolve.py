"""Turn what a user types (an IRI, a slug, or an exact label) into the IRI of one thing in the graph."""

from __future__ import annotations

import pyoxigraph as ox

from .errors import Ambiguous, NotFound
from .namespaces import ID, ORG, SAM, sparql_prefixes
from .store import Store

#: kind of thing → the classes whose (sub)class instances count as that kind
KINDS: dict[str, tuple[str, ...]] = {
    "agreement": (SAM + "Agreement",),
    "actor": (ORG + "Organization", ORG + "FormalOrganization", ORG + "OrganizationalUnit", ORG + "OrganizationalCollaboration"),
    "organisation": (ORG + "Organization", ORG + "FormalOrganization", ORG + "OrganizationalUnit"),
    "party": (SAM + "Party",),
    "municipality": (SAM + "Municipality",),
    "police_area": (SAM + "PoliceArea",),
    "forum": (SAM + "Forum",),
    "area": (SAM + "FocusArea",),
    "theme": (SAM + "Theme",),
    "method": (SAM + "WorkingMethod",),
    "initiative": (SAM + "Initiative",),
    "commitment": (SAM + "Commitment",),
    "goal": (SAM + "Goal",),
    "document": (SAM + "SourceDocument",),
    "description": (SAM + "OrganisationDescription",),
    "any": (),
}

_CANDIDATES = sparql_prefixes() + """
SELECT DISTINCT ?x ?label WHERE {
  ?x a ?class .
  ?class rdfs:subClassOf* ?root .
  OPTIONAL { ?x rdfs:label|skos:altLabel|skos:prefLabel ?label }
}"""

_EXISTS = "SELECT ?x WHERE { ?x ?p ?o } LIMIT 1"

_ORGS = ("org/", "org/polisen/")
#: where a slug of each kind lives below the id base when it names a top-level thing (docs/authoring.md):
#: a lookup there is one index read, where matching the slug against every candidate reads them all
_FOLDERS: dict[str, tuple[str, ...]] = {
    "agreement": ("agreement/",), "theme": ("theme/",), "method": ("method/",), "description": ("description/",),
    "document": ("document/",), "actor": _ORGS, "organisation": _ORGS, "party": _ORGS, "municipality": _ORGS,
    "police_area": _ORGS,
}

_IS_A = sparql_prefixes() + "SELECT ?x WHERE { ?x a ?class . ?class rdfs:subClassOf* ?root } LIMIT 1"


def resolve(store: Store, value: str, kind: str = "any") -> str:
    """The IRI that `value` names: a full IRI, a path below the id base (org/boras-stad),
    a slug (boras-2015, tekniska-namnden), or an exact label in any language (case-insensitive).
    A slug naming a top-level thing of the kind (agreement/boras-2015, org/boras-stad) is taken as it;
    any other slug must end exactly one candidate's IRI.

    Raises NotFound (with close candidates) or Ambiguous (with all matches).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    text = value.strip()
    if not text:
        raise NotFound(kind.replace("_", " "), value)
    iri = text if text.startswith(("http://", "https://")) else ID + text
    if _is_a(store, iri, kind):
        return iri
    if "/" not in text and ":" not in text:
        found = [ID + folder + text for folder in _FOLDERS.get(kind, ()) if _is_a(store, ID + folder + text, kind)]
        if len(found) == 1:
            return found[0]
    candidates = _candidates(store, kind)

    if text.startswith(("http://", "https://")):
        if text in candidates or (kind == "any" and store.select(_EXISTS, {"x": ox.NamedNode(text)}).rows):
            return text
        raise NotFound(kind.replace("_", " "), value, _close(text, candidates))

    if ID + text in candidates:
        return ID + text
    by_path = sorted(i for i in candidates if i.endswith("/" + text))
    if len(by_path) == 1:
        return by_path[0]
    folded = text.casefold()
    by_label = sorted(i for i, names in candidates.items() if folded in {n.casefold() for n in names})
    matches = by_path or by_label
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise Ambiguous(kind.replace("_", " "), value, [_show(i, candidates) for i in matches])
    raise NotFound(kind.replace("_", " "), value, _close(text, candidates))


def _is_a(store: Store, iri: str, kind: str) -> bool:
    """Whether `iri` is a thing of `kind`: one index lookup, where listing every candidate reads them all."""
    try:
        node = ox.NamedNode(iri)
    except ValueError:
        return False
    if not KINDS[kind]:
        return bool(store.select(_EXISTS, {"x": node}).rows)
    return any(store.select(_IS_A, {"x": node, "root": ox.NamedNode(root)}).rows for root in KINDS[kind])


def _candidates(store: Store, kind: str) -> dict[str, set[str]]:
    roots = KINDS[kind]
    query = _CANDIDATES if roots else sparql_prefixes() + """
SELECT DISTINCT ?x ?label WHERE { ?x rdfs:label|skos:altLabel|skos:prefLabel ?label }"""
    found: dict[str, set[str]] = {}
    for root in roots or (None,):
        rows = store.select(query, {"root": ox.NamedNode(root)} if root else None)
        for row in rows:
            if not isinstance(row["x"], ox.NamedNode):
                continue
            names = found.setdefault(row["x"].value, set())
            if "label" in row:
                names.add(row["label"].value)
    return found


def _show(iri: str, candidates: dict[str, set[str]]) -> str:
    names = sorted(candidates.get(iri, ()))
    short = iri[len(ID):] if iri.startswith(ID) else iri
    return f"{short} ({names[0]})" if names else short


def _close(text: str, candidates: dict[str, set[str]]) -> list[str]:
    folded = text.casefold().rstrip("/").rsplit("/", 1)[-1]
    close = [i for i, names in candidates.items()
             if folded in i.casefold() or any(folded in n.casefold() for n in names)]
    return [_show(i, candidates) for i in sorted(close)[:10]]
