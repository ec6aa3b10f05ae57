"""The parties of an agreement, and who ("Polisen", "Parterna", "Marks kommun") a phrase in it means."""

from __future__ import annotations

import re
from collections import Counter

from . import patterns as P
from ..slug import slugify
from .model import Org
from .orgs import OrgDirectory, municipality_short
from .structure import Block

_MELLAN = re.compile(r"mellan\s+(?P<a>[^\n]+?)\s+(?:och|&)\s+(?P<b>[^\n]+?)"
                     r"(?=\s+(?:år|för|om|gällande|avseende|avser|ska|har|i\s+det)\b|\s*\(|\s+\d{4}|[.;:]|\n|$)", re.I)
_TRAFFAR = re.compile(r"^(?P<a>[A-ZÅÄÖ][^.\n]{1,80}?)\s+(?:och|&)\s+(?P<b>[^.\n]{2,80}?),?\s+"
                      r"(?:träffar|ingår|tecknar|avger)\s+(?:följande\s+)?(?:överenskommelse|avtal|medborgarlöfte)", re.I)
#: "lokalpolisområde Ekedal", "närpolisområde Fjällbys", "polisområde östra Fyrbodal", "LPO Uppsala/Knivsta"
_LPO_NAME = re.compile(r"\b((?:[Ll]okalpolisområde|[Nn]ärpolisområde|[Pp]olisområde|LPO)[ \t]+"
                       r"(?:(?:norra|södra|östra|västra|mellersta|centrala)[ \t]+)?[A-ZÅÄÖ][\wåäö\-]*"
                       r"(?:[ /][A-ZÅÄÖ][\wåäö\-]*)*)")


#: "Områdespolisen i Boden", "Polismyndigheten i Norrbotten", "Närpolisen i Eslöv"
_POLICE_IN = re.compile(r"\b((?:[Oo]mrådespolisen|[Nn]ärpolisen|[Ll]okalpolisen|[Pp]olismyndigheten|[Pp]olisen)[ \t]+i[ \t]+"
                        r"[A-ZÅÄÖ][\wåäö\-]*(?:[ \t]+län)?)")
#: "Bodens kommuns och Områdespolisen i Bodens gemensamma åtgärdsplan" (genitive names, either order)
_NAME = (r"(?:[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?s?\s+(?:kommun|[Ss]tad)s?|"
         r"(?:[Ll]okalpolisområde|[Nn]ärpolisområde|[Pp]olisområde|LPO)[ \t]+[A-ZÅÄÖ][\wåäö\-]*|"
         r"(?:[Oo]mrådespolisen|[Nn]ärpolisen|[Ll]okalpolisen|[Pp]olismyndigheten|[Pp]olisen)[ \t]+i[ \t]+[A-ZÅÄÖ][\wåäö\-]*)")
_GEMENSAM = re.compile(rf"(?P<a>{_NAME})\s+(?:och|&)\s+(?P<b>{_NAME})\s+gemensamma?\b")


def _muni_variant(name: str, text: str, directory: OrgDirectory) -> str:
    """"Boden kommun" → "Bodens kommun" when only the other spelling is known or more common in the text."""
    m = re.match(r"(\S+?)(s?)\s+(kommun|stad)s?$", name, re.I)
    if not m:
        return name
    written = f"{m.group(1)}{m.group(2)} {m.group(3)}"
    forms = [written] + [f for f in (f"{m.group(1)}s {m.group(3)}", f"{m.group(1)} {m.group(3)}") if f != written]
    known = [f for f in forms if directory.find(f)]
    if known:
        return known[0]
    return max(forms, key=lambda f: len(re.findall(rf"\b{re.escape(f)}s?\b", text)))  # ties: as written


def find_parties(bls: list[Block], directory: OrgDirectory) -> tuple[list[Org], list[int], str]:
    """The municipality and the police party, from "mellan X och Y" or "X och Y träffar följande överenskommelse"."""
    head = "\n".join(b.text for b in bls[:12])
    found: list[tuple[str, str, list[int], str]] = []
    m = _MELLAN.search(head)
    if m:
        found.append((m.group("a"), m.group("b"), [], "mellan X och Y"))
    for b in bls:
        for s in P.sentences(b.text)[:3]:
            t = _TRAFFAR.search(s)
            if t:
                found.append((t.group("a"), t.group("b"), b.lines, "X och Y träffar följande överenskommelse"))
    full = "\n".join(b.text for b in bls)
    for b in bls[:12]:
        for s in P.sentences(b.text):
            g = _GEMENSAM.search(s)
            if g:
                a2, b2 = (re.sub(r"s$", "", x) if re.search(r"(kommun|stad)s$", x) else _ungenitive(x, full)
                          for x in (g.group("a"), g.group("b")))
                found.append((a2, b2, b.lines, "“X:s och Y:s gemensamma …”"))
    for a, b, lines, how in found:
        b = re.split(r"\s+och\s+(?=[a-zåäö])(?!polis|kommun|stad|lokalpolis)", b, maxsplit=1)[0]  # "… Sörby och hur arbetet går"
        pa, pb = P.POLICE_WORD.search(a), P.POLICE_WORD.search(b)
        if bool(pa) == bool(pb) or not (re.search(r"[A-ZÅÄÖ]", a) and re.search(r"[A-ZÅÄÖ]", b)):
            continue  # "samarbetet mellan kommun och polis" names no party
        muni, police = (b, a) if pa else (a, b)
        muni = _muni_variant(muni, full, directory)
        return [directory.party(muni, police=False), directory.party(police, police=True)], lines, how
    # Fallback: the most named municipality and police area in the whole text.
    text = "\n".join(b.text for b in bls)
    munis = Counter(m.group(1) for m in P.MUNI_NAME.finditer(text))
    lpos = Counter(_ungenitive(m.group(1).strip(), text) for rx in (_LPO_NAME, _POLICE_IN) for m in rx.finditer(text))
    if not munis:
        # "Medborgarlöfte för Hedby, Ulvsjö och Norrby 2026" with "kommunen"/"kommunerna" in the text
        title = next((t for b in bls[:3] if (t := _TITLE_PLACE.search(b.text) or _DASH_TITLE.match(b.text))), None)
        police = _police_named(text)
        if title and re.search(r"\bkommun(en|erna)?\b", text, re.I) \
                and not re.search(rf"\bstadsdel(en)?\s+{re.escape(title.group('place'))}\b", text, re.I):
            return [directory.party(f"{title.group('place')} kommun", police=False),
                    directory.party(police, police=True)], [], "the title (“Medborgarlöfte för X”)"
        if police != "Polismyndigheten":
            return [directory.party(police, police=True)], [], "names in the text"
        return [], [], ""
    muni = munis.most_common(1)[0][0]
    police = _police_named(text)
    return [directory.party(muni, police=False), directory.party(police, police=True)], [], "names in the text"


_TITLE_PLACE = re.compile(r"(?:medborgarlöfte|samverkansöverenskommelse|handlingsplan|överenskommelse)\w*\s+(?:för|i)\s+"
                          r"(?P<place>[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\b", re.I)


#: "Granvik – medborgarlöften", "Lindå – medborgarlöfte 2026" (the police's pages name the place first)
_DASH_TITLE = re.compile(r"^\W*(?P<place>[A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?)\s*[–—-]\s*(?i:medborgarlöfte)")


def _police_named(text: str) -> str:
    """The police party most named in the text ("lokalpolisområde Ekedal", "Polisen i Boden"), else Polismyndigheten."""
    lpos = Counter(_ungenitive(m.group(1).strip(), text) for rx in (_LPO_NAME, _POLICE_IN) for m in rx.finditer(text))
    return lpos.most_common(1)[0][0] if lpos else "Polismyndigheten"


def _ungenitive(name: str, text: str) -> str:
    """"närpolisområde Fjällbys" → "närpolisområde Fjällby" when the text also names "Fjällby" on its own."""
    last = name.split()[-1]
    if last.endswith("s") and re.search(rf"\b{re.escape(last[:-1])}\b", text):
        return name[:-1]
    return name


#: parties other than the municipality and the police, as a text names them: "Räddningstjänsten Mellanbygd",
#: "bostadsbolaget Ekbackahem", "Ekbackahem", "Hemmet AB", "Region Västerbotten", "Regionen"
OTHER_PARTY = re.compile(r"\b(?:(?P<rescue>Räddningstjänsten(?:\s+[A-ZÅÄÖ][\wåäö\-]+)+)|"
                         r"(?:[Bb]ostadsbolaget|[Bb]ostadsföretaget|[Ff]astighetsbolaget)\s+(?P<housing>[A-ZÅÄÖ][\wåäö\-]+(?:\s+AB)?)|"
                         r"(?P<company>[A-ZÅÄÖ][\wåäö\-]*(?:hem|bostäder|fastigheter)(?:\s+AB)?)|"
                         r"(?P<region>Region(?:en|\s+[A-ZÅÄÖ][\wåäö\-]+)))\b")


def other_parties(text: str, directory: OrgDirectory) -> dict[str, Org]:
    """Folded short name → party, for the other parties a text names ("Räddningstjänsten Mellanbygd" is also
    "Räddningstjänsten" in it)."""
    out: dict[str, Org] = {}
    for m in OTHER_PARTY.finditer(text):
        name = next(g for g in m.groups() if g)
        known = directory.find(name) if len(name.split()) > 1 else None  # "Regionen" alone names no one in particular
        org = known or Org(f"org/{slugify(name)}", name, "other", declare=True)
        out.setdefault(P.fold(name), org)
        if m.group("rescue"):
            out.setdefault("raddningstjansten", org)
    return out


class Who:
    """Turns "Marks kommun", "Polisen", "Parterna", "Polisen och kommunen" into the parties meant."""

    def __init__(self, parties: list[Org], others: dict[str, Org] | None = None):
        self.parties = parties
        self.others = others or {}
        self.muni = next((p for p in parties if not p.is_police), None)
        self.police = next((p for p in parties if p.is_police), None)
        words = {P.fold(w) for p in parties for w in re.findall(r"\w+", p.label) if len(w) > 3}
        if self.muni:
            words.add(municipality_short(self.muni.label))
        self.muni_words = {w for w in words if not P.POLICE_WORD.search(w)}
        self.we: list[Org] = list(parties)  # who "vi" / "man" are: both parties unless the text says otherwise

    def __call__(self, who: str) -> tuple[list[Org], str | None]:
        """(parties, responsible unit or None); no parties when `who` is not a party."""
        w = P.strip_together(P.untypo(re.sub(r"^(både|såväl)\s+", "", P.strip_markup(who).strip(" :"), flags=re.I)))
        if P.META_WORD.match(w):
            return [], None
        parts = [p for p in re.split(r"\s+som\s+", w) for p in P.NAME_SPLIT.split(p) if p]
        found: list[Org] = []
        unit = None
        for part in parts:
            if P.BESIDE_WORD.match(part):
                continue  # "… och andra aktörer": named beside the parties, not a party
            if re.fullmatch(r"(vi|man)(\s+(gemensamt|tillsammans))?", part, re.I):
                found += self.we
            elif P.BOTH_WORD.match(part):
                found += self.parties
            elif P.fold(part) in self.others:
                found.append(self.others[P.fold(part)])
            elif P.POLICE_WORD.search(part) and self.police:
                found.append(self.police)
            elif self.muni and (re.search(r"\b(kommun\w*|stad\w*)\b", part, re.I)
                                or any(P.fold(x) in self.muni_words for x in re.findall(r"\w+", part))):
                found.append(self.muni)
            elif self.muni and P.MUNICIPAL_WORD.search(part):
                found.append(self.muni)
                unit = part
            else:
                return [], None
        unique = []
        for o in found:
            if o not in unique:
                unique.append(o)
        return unique, unit


    def is_subject(self, who: str) -> bool:
        """Does `who` name parties: the municipality, the police, both, or another party the text names?"""
        if P.is_party_subject(who):
            return True
        parts = [p for p in P.NAME_SPLIT.split(P.strip_markup(who).strip(" :")) if p]
        return bool(parts) and all(P.fold(p) in self.others or P.is_party_subject(p) for p in parts) \
            and any(P.fold(p) in self.others for p in parts)
