"""The things of one kind a reader can pick from (police areas, actors, agreements …): for pick lists."""

from __future__ import annotations

import pyoxigraph as ox

from ..labels import labels
from ..namespaces import sparql_prefixes
from ..resolve import KINDS
from ..store import Store
from .cache import cached

_OF_KIND = sparql_prefixes() + """
SELECT DISTINCT ?x WHERE { ?x a ?class . ?class rdfs:subClassOf* ?root . FILTER(isIRI(?x)) }"""


def choices(store: Store, kind: str, lang: str = "sv") -> list[dict]:
    """Every thing of `kind` (a samverkan.resolve kind) as {id, label}, by label; a label that several
    things share is followed by the last part of each one's identifier, so every choice reads differently."""
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    return cached(store, ("choices", kind, lang), lambda: _choices(store, kind, lang))


def _choices(store: Store, kind: str, lang: str) -> list[dict]:
    iris: set[str] = set()
    for root in KINDS[kind]:
        iris.update(r["x"].value for r in store.select(_OF_KIND, {"root": ox.NamedNode(root)}))
    names = labels(store, iris, lang)
    seen: dict[str, int] = {}
    for name in names.values():
        seen[name] = seen.get(name, 0) + 1
    out = [{"id": iri, "label": name if seen[name] == 1 else f"{name} ({iri.rstrip('/').rsplit('/', 2)[-2]})"}
           for iri, name in names.items()]
    return sorted(out, key=lambda c: (c["label"].casefold(), c["id"]))
