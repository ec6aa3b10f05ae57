"""The signatures at the end of an agreement: place and date, names and posts."""

from __future__ import annotations

import re

from . import patterns as P
from .model import Signature
from .parties import Who
from .structure import is_rule, noise

_COLUMN_GAP = re.compile(r"\s{3,}|\t")
_NOT_POST = re.compile(r"\d{3}|[|·©@]|https?:|www\.")  # footers, phone numbers, addresses
_NAME_POST = re.compile(r"^(?P<name>[A-ZÅÄÖ][a-zåäöéü]+(?:[- ][A-ZÅÄÖ][a-zåäöéü]+){1,3})\s*,\s*(?P<post>[^,\d]{3,80})$")
_FOR_PARTY = re.compile(r"^(?:för|on behalf of)\s+\S", re.I)


def _columns(raw: str) -> list[str]:
    """A line of side-by-side signature blocks split into its columns ("Maria Holm      Johan Berg")."""
    return [P.strip_markup(c) for c in _COLUMN_GAP.split(raw.strip()) if c.strip()]


def find_signatures(lines: list[tuple[int, str]], who: Who, directory_labels: set[str]
                    ) -> tuple[list[Signature], str | None, str | None, list[int]]:
    """Place and date lines at the end, and the names and posts below them (also in side-by-side columns)."""
    sigs: list[Signature] = []
    signed_on = signed_at = None
    where: list[int] = []
    texts = [(n, P.strip_markup(t)) for n, t in lines]
    noisy = noise(lines)

    def is_name(text: str) -> bool:
        return bool(P.PERSON.match(text)) and P.fold(text) not in directory_labels \
            and not re.search(r"\b(stad|kommun|polis)", text, re.I)

    def sign(name: str, post_lines: list[tuple[int, str]], n2: int) -> None:
        post = " ".join(t for _, t in post_lines) or None
        party = (who.police if P.POLICE_WORD.search(post) else who.muni) if post else None
        if not any(s.name == name for s in sigs):
            sigs.append(Signature(name, post, party, [n2] + [x for x, _ in post_lines]))
        where.extend([n2] + [x for x, _ in post_lines])

    for idx, (n, t) in enumerate(texts):
        cols = _columns(lines[idx][1])
        m = P.PLACE_DATE.match(cols[0]) if cols else None
        if not m or ("\t" in lines[idx][1] and len(cols) < 2):
            continue
        if signed_on is None:
            signed_on, signed_at = P.parse_date(m.group("date")), m.group("place")
        where.append(n)
        j = idx + 1
        while j < len(texts) and j <= idx + 16:
            n2, t2 = texts[j]
            if P.PLACE_DATE.match(t2) or not t2 or is_rule(t2) or _FOR_PARTY.match(t2):
                j += 1
                continue
            cols = _columns(lines[j][1])
            if len(cols) >= 2 and all(is_name(c) for c in cols):  # side by side
                posts: list[list[tuple[int, str]]] = [[] for _ in cols]
                k = j + 1
                while k < len(lines) and len(posts[0]) < 3:
                    row = _columns(lines[k][1])
                    if len(row) != len(cols) or any(is_name(c) for c in row):
                        break
                    for col, cell in zip(posts, row):
                        col.append((lines[k][0], cell))
                    k += 1
                for name, post_lines in zip(cols, posts):
                    sign(P.PERSON.match(name).group("name"), post_lines, n2)
                j = k
                continue
            one_line = _NAME_POST.match(t2)
            if one_line and is_name(one_line.group("name")):  # "Karin Holm, kommunstyrelsens ordförande"
                sign(one_line.group("name"), [(n2, one_line.group("post"))], n2)
                j += 1
                continue
            if is_name(t2):
                post_lines, k = [], j + 1
                while k < len(texts) and texts[k][1] and not P.PERSON.match(texts[k][1]) \
                        and not P.PLACE_DATE.match(texts[k][1]) and not is_rule(texts[k][1]) \
                        and not _FOR_PARTY.match(texts[k][1]) and not _NOT_POST.search(texts[k][1]) \
                        and texts[k][0] not in noisy and len(post_lines) < 3:
                    post_lines.append(texts[k])
                    k += 1
                sign(P.PERSON.match(t2).group("name"), post_lines, n2)
                j = k
                continue
            break
    return sigs, signed_on, signed_at, where



_NAMED = re.compile(r"(?P<name>[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?\s+[A-ZÅÄÖ][a-zåäöéü]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?)")
_POST_WORDS = re.compile(r"(\w*chef\w*|kommunalråd\w*|ordförande|kommundirektör|kommunpolis|kommunchef|polismästare|"
                         r"säkerhetssamordnare|samordnare)", re.I)


def named_signatories(bls, who: Who, directory_labels: set[str]) -> tuple[list[Signature], list[int]]:
    """Signatories a text names without a signature block: in a sentence ("Löftet har undertecknats av
    lokalpolisområdeschef Eva Lindkvist och kommunalråd Per Olsson") or as a name over a post at the very end
    ("Karin Åberg" / "Chef lokalpolisområde Älvstaden")."""
    sigs: list[Signature] = []
    where: list[int] = []
    for b in bls:
        if not P.SIGNING.search(b.text):
            continue
        for s in P.sentences(b.text):
            m = P.SIGNED_BY.search(s)
            rest = m.group("rest") if m else s
            last_post = None
            for n in _NAMED.finditer(rest):
                name = n.group("name")
                if P.fold(name) in directory_labels or re.search(r"\b(kommun|stad|polis)", name, re.I):
                    continue
                before = rest[max(0, n.start() - 40):n.start()]
                after = rest[n.end():n.end() + 60]
                post_m = list(_POST_WORDS.finditer(before))
                post = post_m[-1].group(0) if post_m else None
                if not post and (a := re.match(r"\s*(?:\([^)]*\))?\s*,\s*(?P<p>[^,.]{3,50})", after)) and _POST_WORDS.search(a.group("p")):
                    post = a.group("p").strip()
                if not post and last_post and re.search(r"(?:\([^)]*\)\s*)?\s+och\s+$", before):
                    post = last_post  # "kommunalråden Sara Lund (Vallby) och Olle Nyberg"
                if not post:
                    continue
                last_post = post
                party = who.police if P.POLICE_WORD.search(post) else who.muni
                if not any(x.name == name for x in sigs):
                    sigs.append(Signature(name, post, party, list(b.lines)))
                    where += b.lines
    if sigs:
        return sigs, where
    body = [b for b in bls if b.kind in ("para", "heading") and not P.WEB_NOISE.match(b.text)]
    for i, b in enumerate(body[-4:-1] if len(body) >= 2 else []):
        j = body.index(b)
        name_text, post_text = (b.text.split(" ", 2) + [""])[:2], None
        m = P.PERSON.match(b.text) or re.match(r"^(?P<name>[A-ZÅÄÖ][a-zåäöéü]+ [A-ZÅÄÖ][a-zåäöéü]+) (?P<post>[A-ZÅÄÖ].{3,60})$",
                                                b.text)
        if not m or P.fold(m.group("name")) in directory_labels:
            continue
        post_text = m.groupdict().get("post") or (body[j + 1].text if j + 1 < len(body) else None)
        if post_text and _POST_WORDS.search(post_text) and len(post_text) <= 80:
            party = who.police if P.POLICE_WORD.search(post_text) else who.muni
            sigs.append(Signature(m.group("name"), post_text, party, list(b.lines)))
            where += b.lines
    return sigs, where
