"""Labels in the reader's language (sv by default), falling back to the other language."""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from .namespaces import DCTERMS, RDFS, SKOS
from .store import Store

LANGUAGES = ("sv", "en")


def _rank(literal: ox.Literal, lang: str) -> int:
    tag = (literal.language or "").lower()
    if tag == lang:
        return 0
    if tag in LANGUAGES:
        return 1
    if not tag:
        return 2
    return 3


def labels(store: Store, iris: Iterable[str], lang: str = "sv") -> dict[str, str]:
    """rdfs:label, skos:prefLabel or dcterms:title of each IRI in `lang`, else in the other language, else the IRI's last part."""
    wanted = sorted({i for i in iris if i})
    if not wanted:
        return {}
    best: dict[str, tuple[int, str]] = {}
    # rdfs:label first, the other two only for what has none in `lang`: one index lookup per IRI instead of three
    for predicates, iris in ((f"<{RDFS}label>", wanted), (f"<{SKOS}prefLabel>|<{DCTERMS}title>", None)):
        iris = iris if iris is not None else [i for i in wanted if best.get(i, (1,))[0] > 0]
        for start in range(0, len(iris), 1000):
            values = " ".join(str(ox.NamedNode(i)) for i in iris[start:start + 1000])
            for row in store.select(f"SELECT ?s ?label WHERE {{ VALUES ?s {{ {values} }} ?s {predicates} ?label }}"):
                literal = row["label"]
                if not isinstance(literal, ox.Literal):
                    continue
                rank = (_rank(literal, lang), literal.value)
                iri = row["s"].value
                if iri not in best or rank < best[iri]:
                    best[iri] = rank
    return {i: best[i][1] if i in best else fallback_label(i) for i in wanted}


def fallback_label(iri: str) -> str:
    """A readable stand-in when a thing has no label: the last part of its IRI."""
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def pick(literals: Iterable[ox.Literal], lang: str = "sv") -> str | None:
    """The best literal of several for `lang`."""
    ranked = sorted(((_rank(lit, lang), lit.value) for lit in literals), key=lambda r: r)
    return ranked[0][1] if ranked else None
