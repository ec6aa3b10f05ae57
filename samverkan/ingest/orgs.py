"""Name → organisation: reuse the IRIs of graph/organisations/ (or a store), else mint one to declare."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import ID, RDF_TYPE, RDFS, SAM, SKOS
from ..paths import graph_dir
from ..slug import slugify
from .model import Org

_KINDS = {SAM + "Municipality": "municipality", SAM + "PoliceArea": "police_area",
          SAM + "PoliceAuthority": "police"}
_LABELS = {RDFS + "label", SKOS + "altLabel", SKOS + "prefLabel"}
_POLICE = re.compile(r"\b(polis\w*|lokalpolis\w*|närpolis\w*|områdespolis\w*|LPO)\b", re.I)
_POLICE_UNIT = re.compile(r"\b(lokalpolisområde|närpolisområde|polisområde|områdespolisen i|lpo)\s+(.+)$", re.I)


def _norm(name: str) -> str:
    name = re.sub(r"\s*\([^)]*\)\s*", " ", name)
    return re.sub(r"\s+", " ", name).strip().casefold()


class OrgDirectory:
    """The organisations already known, looked up by label (case-insensitive)."""

    def __init__(self, entries: dict[str, tuple[set[str], str]]):
        self.entries = entries  # iri (relative) → (labels, kind)
        self.by_label: dict[str, list[str]] = {}
        for iri, (names, _kind) in entries.items():
            for n in names:
                self.by_label.setdefault(_norm(n), []).append(iri)

    @classmethod
    def load(cls, folder: Path | None = None, store=None) -> "OrgDirectory":
        """Read graph/organisations/*.ttl (and, when given, the organisations in a store)."""
        triples: list = []
        for path in sorted((folder or graph_dir() / "organisations").glob("*.ttl")):
            triples.extend(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE, base_iri=ID))
        if store is not None:
            rows = store.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o . FILTER(?p IN (<%s>, <%s>, <%s>)) }"
                                % (RDF_TYPE, RDFS + "label", SKOS + "altLabel"))
            triples.extend(ox.Triple(r["s"], r["p"], r["o"]) for r in rows if isinstance(r["s"], ox.NamedNode))
        entries: dict[str, tuple[set[str], str]] = {}
        for t in triples:
            if not isinstance(t.subject, ox.NamedNode) or not t.subject.value.startswith(ID + "org/"):
                continue
            iri = t.subject.value[len(ID):]
            names, kind = entries.get(iri, (set(), "unit"))
            if t.predicate.value in _LABELS:
                names.add(t.object.value)
            elif t.predicate.value == RDF_TYPE and t.object.value in _KINDS:
                kind = _KINDS[t.object.value]
            entries[iri] = (names, kind)
        return cls(entries)

    def find(self, name: str) -> Org | None:
        """The known organisation with this exact label, if exactly one."""
        iris = self.by_label.get(_norm(name), [])
        if len(set(iris)) != 1:
            return None
        iri = iris[0]
        labels, kind = self.entries[iri]
        label = next((n for n in sorted(labels) if _norm(n) == _norm(name)), name)
        return Org(iri, label, kind)

    def party(self, name: str, police: bool | None = None) -> Org:
        """The party named `name`: a known organisation, else a new one the draft declares."""
        name = re.sub(r"\s+", " ", name).strip(" ,.;:")
        is_police = bool(_POLICE.search(name)) if police is None else police
        parts = [p.strip() for p in re.split(r",|/| - | – ", name) if p.strip()]
        found = self.find(name)
        if found:
            return found
        # The most specific part first: "Polismyndigheten, lokalpolisområde Ekedal" is the local police area.
        candidates = sorted(reversed(parts), key=lambda c: not _POLICE_UNIT.search(c))
        for candidate in candidates:
            found = self.find(candidate)
            unit = _POLICE_UNIT.search(candidate)
            if unit and not found:
                found = self.find("Lokalpolisområde " + unit.group(2))
            if found and not (is_police and unit is None and any(_POLICE_UNIT.search(c) for c in parts)):
                return found
        if is_police:
            for candidate in reversed(parts or [name]):
                unit = _POLICE_UNIT.search(candidate)
                if unit:
                    where = unit.group(2).strip()
                    label = candidate[unit.start():].strip()
                    label = label[0].upper() + label[1:]
                    return Org(f"org/polisen/lpo-{slugify(where)}", label, "police_area", declare=True,
                               parent="org/polisen")
            return self.find("Polismyndigheten") or Org("org/polisen", "Polismyndigheten", "police", declare=True)
        label = name[0].upper() + name[1:] if name else name
        return Org(f"org/{slugify(label)}", label, "municipality", declare=True)


def municipality_short(label: str) -> str:
    """The place name in a municipality's name, for agreement slugs: "Marks kommun" → "mark"."""
    base = re.sub(r"\s+(kommun|stad|municipality)$", "", label.strip(), flags=re.I)
    if base != label.strip() and re.search(r"[bcdfghjklmnpqrtvwxz]s$", base, re.I):
        base = base[:-1]  # genitive: Marks kommun, Bodens kommun
    return slugify(base)
