"""The wording Swedish collaboration agreements use, as small regexes and helpers (one job each)."""

from __future__ import annotations

import re
import unicodedata

MONTHS = {m: i for i, m in enumerate(["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                                      "september", "oktober", "november", "december"], 1)}
YEAR = r"(?:19|20)\d\d"

# --- Column names of an åtagandeplan (shared by the table and text importers) ----------------------
#: field → header words (normalised: lower case, å/ä/ö kept, spaces single)
COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("område", "omrade", "samverkansområde", "fokusområde", "prioriterat område", "area", "focus area"),
    "initiative": ("insats/mål", "insats", "insatser", "insats / mål", "mål/insats", "aktivitet", "åtgärd",
                   "åtgärder", "initiative", "activity", "mål", "goal"),
    "municipality": ("kommunens åtagande", "kommunens åtaganden", "kommunen", "kommun", "stadens åtagande",
                     "kommunens ansvar", "municipality", "municipality's commitment", "municipal commitment"),
    "police": ("polisens åtagande", "polisens åtaganden", "polisen", "polis", "polisens ansvar", "police",
               "police commitment", "police's commitment"),
    "joint": ("gemensamt åtagande", "gemensamma åtaganden", "gemensamt", "åtagande", "åtaganden",
              "joint commitment", "commitment"),
    "timeframe": ("tidsplan", "tidplan", "tidsram", "tid", "när", "period", "timeframe", "schedule", "when"),
    "measure": ("aktivitetsmått", "mått", "indikator", "indikatorer", "resultatmått", "activity measure",
                "measure", "indicator"),
    "follow_up": ("uppföljning", "uppföljs", "follow-up", "follow up", "followup"),
    "responsible": ("ansvarig", "ansvar", "ansvarig enhet", "ansvariga", "responsible", "owner"),
}


def norm_header(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[*_:]", "", text)).strip().casefold()


def column_field(header: str) -> str | None:
    """The field a column header names (case, spacing, Swedish or English), or None."""
    h = norm_header(header)
    if not h:
        return None
    for field, names in COLUMNS.items():
        if h in names:
            return field
    for field, names in COLUMNS.items():  # "Kommunens åtagande 2024" and the like
        if any(len(n) > 4 and h.startswith(n) for n in names):
            return field
    return None


# --- Words and similarity ----------------------------------------------------------------------------

def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> set[str]:
    """Normalised word set: case and diacritics folded, punctuation dropped."""
    return set(re.findall(r"[a-z0-9]+", fold(text)))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the two texts' word sets (1.0 = same words)."""
    ta, tb = tokens(a), tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


# --- Lines ------------------------------------------------------------------------------------------

BULLET = re.compile(r"^\s*(?:[-*•·–▪◦●]|\d{1,2}[.)]|[a-z][.)])\s+(?P<text>\S.*)$")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
NUMBERED_HEADING = re.compile(r"^\s*(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<text>[A-ZÅÄÖ].{2,100})$")
PAGE_NOISE = re.compile(r"^\s*(?:sida\s+\d+(\s*(av|/)\s*\d+)?|page\s+\d+(\s+of\s+\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+)\s*$",
                        re.I)
RULE = re.compile(r"^\s*(?:[-=_*]{3,}|(?:-{2,}\s*\t\s*)+-*)\s*$")


def strip_markup(text: str) -> str:
    """Markdown emphasis and stray HTML tags out, entities decoded, spaces single."""
    text = re.sub(r"<[^>]{1,200}>", " ", text)
    text = text.replace("&nbsp;", " ").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
    text = re.sub(r"(\*\*|__|\*(?=\S)|(?<=\S)\*)", "", text)
    return re.sub(r"[ \u00a0]+", " ", text).strip()


def join_broken(a: str, b: str) -> str:
    """Join two pieces of one text broken across lines or cells, undoing end-of-line hyphenation."""
    a, b = a.rstrip(), b.lstrip()
    if not a:
        return b
    if not b:
        return a
    if re.search(r"[a-zåäö]{2}-$", a) and re.match(r"[a-zåäö]", b) and not re.match(r"(och|eller|samt)\b", b):
        return a[:-1] + b
    return a + " " + b


def sentences(text: str) -> list[str]:
    """Split prose into sentences (not on abbreviations like t.ex., bl.a., c:a)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[\"'”]?[A-ZÅÄÖ])", text.strip())
    out: list[str] = []
    for p in parts:
        if out and re.search(r"\b(t\.ex|bl\.a|m\.m|s\.k|ca|dvs|jfr|resp|el)\.$", out[-1], re.I):
            out[-1] += " " + p
        elif p.strip():
            out.append(p.strip())
    return out


# --- Parties --------------------------------------------------------------------------------------

POLICE_WORD = re.compile(r"\b(polis\w*|lokalpolis\w*|närpolis\w*|områdespolis\w*|lpo)\b", re.I)
MUNICIPAL_WORD = re.compile(r"\b(kommun\w*|stad|staden|stadens|förvaltning\w*|nämnd\w*|kontor\w*|"
                            r"socialtjänst\w*|skola\w*|räddningstjänst\w*|bostads\w*)\b", re.I)
BOTH_WORD = re.compile(r"^(parterna|båda parter(na)?|vi|gemensamt|tillsammans|samtliga parter)$", re.I)
#: a party named as the subject of a sentence (not "Polisverksamheten" or "Polisens arbete")
POLICE_PARTY = re.compile(r"^(?:den\s+)?(?:lokala\s+)?(polisen|polis|polismyndigheten|lokalpolisområdet|närpolisen|områdespolisen|"
                          r"(lokalpolisområde|närpolisområde|polisområde|lpo)\s+[A-ZÅÄÖ][\w/\- ]*|polisen\s+i\s+[A-ZÅÄÖ]\w*)$", re.I)
MUNICIPAL_PARTY = re.compile(r"^(?:(?i:kommunen|staden|socialtjänsten|räddningstjänsten|skolan)|[A-ZÅÄÖ][\wåäö\-]*\s+(?:kommun|[Ss]tad)|"
                             r"[A-ZÅÄÖ][\wåäö\-]*(?:förvaltning|nämnd|kontor)\w*(?:\s+[A-ZÅÄÖ]\w*)?|"
                             r"[A-ZÅÄÖ][\wåäö\-]*\s+bostads\s+AB)$")
META_WORD = re.compile(r"^(respektive|vardera|varje|den andra)\s+part", re.I)

COMMIT_VERB = r"(?:förbinder\s+sig\s+att|åtar\s+sig\s+att|ska\s+gemensamt|ska|skall|lovar\s+att|kommer\s+att|ansvarar\s+för\s+att)"
#: "Marks kommun förbinder sig att:" / "Polisen ska:" / "Polisen och kommunen åtar sig att:" (list follows)
LIST_INTRO = re.compile(rf"^(?P<who>[^.:;]{{2,80}}?)\s+(?:gemensamt\s+)?{COMMIT_VERB}(?:\s+gemensamt)?\s*:?\s*$", re.I)
#: "Polisen ska genomföra trafikkontroller." (a commitment in one sentence)
INLINE = re.compile(rf"^(?P<who>[^.:;,]{{2,60}}?)\s+(?:gemensamt\s+)?{COMMIT_VERB}\s+(?:gemensamt\s+)?(?P<what>\S.+)$", re.I)
ANSVAR = re.compile(r"\bAnsvar(?:ig|iga)?\s*:\s*(?P<who>[^.;\n]+?)(?=\s+[A-ZÅÄÖ][a-zåäö]+\s+[a-zåäö]|[.;\n]|$)")

#: "Fritids- och folkhälsoförvaltningen har samordningsansvar." — a unit made responsible, not a commitment
RESPONSIBILITY = re.compile(
    r"(\b(ansvarar|ansvariga?\s+(är|för)|har\s+(\w+\s+)?\w*ansvar\w*|bär\s+(\w+\s+)?ansvar|är\s+ansvarig|"
    r"är\s+(en\s+)?(samordnande|stödjande|sammankallande|ansvarig)\s+funktion)\b)", re.I)
TRAILING_RESPONSIBLE = re.compile(r",\s*(?P<unit>[A-ZÅÄÖ][\w\-– ]{2,60}?)\s+(ansvarar|har\s+\w*ansvar\w*)\s*\.?\s*$")


def is_party_subject(who: str) -> bool:
    """Does `who` name a party (or both), rather than an arbitrary noun phrase?"""
    w = who.strip().strip("*").strip()
    if META_WORD.match(w) or len(w.split()) > 8:
        return False
    parts = [p for p in re.split(r"\s*(?:,|\boch\b|\bsamt\b|&)\s*", re.sub(r"^(både|såväl)\s+", "", w, flags=re.I)) if p]
    return bool(parts) and all(BOTH_WORD.match(p) or POLICE_PARTY.match(p) or MUNICIPAL_PARTY.match(p)
                               for p in parts)


def is_responsibility(sentence: str) -> bool:
    """A sentence that names who is responsible (a unit), rather than saying what is done."""
    s = sentence.strip()
    if not RESPONSIBILITY.search(s):
        return False
    subject = re.split(RESPONSIBILITY, s, maxsplit=1)[0].strip()
    if re.fullmatch(r"(polisen|kommunen|staden|parterna)", subject, re.I):
        return False  # "Polisen ansvarar för övervakning av trafikregler." is the party's own commitment
    trailing = TRAILING_RESPONSIBLE.search(s)
    return not (trailing and not RESPONSIBILITY.search(s[:trailing.start()]))


# --- Period, dates, places ------------------------------------------------------------------------

PERIOD = re.compile(rf"(?<!\d)(?P<a>{YEAR})\s*(?:[-–—]|till|t\.o\.m\.?)\s*(?P<b>{YEAR}|\d\d)(?!\d)")
SLASH_PERIOD = re.compile(rf"(?<!\d)(?P<a>{YEAR})/(?P<b>\d\d)(?!\d)")
UNTIL_FURTHER = re.compile(r"\bgäller\s+(?:\w+\s+){0,3}tills\s+vidare\b|\btills\s+vidare\b", re.I)
VALID = re.compile(r"\bgäller\b", re.I)
DATE_ISO = re.compile(rf"(?P<y>{YEAR})-(?P<m>\d\d)-(?P<d>\d\d)")
DATE_LONG = re.compile(rf"(?:den\s+)?(?P<d>\d{{1,2}})\s+(?P<mon>{'|'.join(MONTHS)})\s+(?P<y>{YEAR})", re.I)
PLACE_DATE = re.compile(rf"^(?P<place>[A-ZÅÄÖ][\w\-]+(?:\s[A-ZÅÄÖ][\w\-]+)?)\s*,?\s+(?:den\s+)?"
                        rf"(?P<date>{YEAR}-\d\d-\d\d|\d{{1,2}}\s+(?i:{'|'.join(MONTHS)})\s+{YEAR})\s*$")
PERSON = re.compile(r"^(?P<name>[A-ZÅÄÖ][a-zåäöéü]+(?:[- ][A-ZÅÄÖ][a-zåäöéü]+){1,3})\s*$")


def parse_date(text: str) -> str | None:
    """An ISO date from "2022-05-18" or "den 14 december 2015"."""
    m = DATE_ISO.search(text)
    if m:
        return m.group(0)
    m = DATE_LONG.search(text)
    if m:
        return f"{m.group('y')}-{MONTHS[m.group('mon').lower()]:02d}-{int(m.group('d')):02d}"
    return None


def parse_period(text: str) -> tuple[str, str] | None:
    """(start, end) years from "2022–2024", "2018/19" or "2010 till 2011"."""
    m = PERIOD.search(text) or SLASH_PERIOD.search(text)
    if not m:
        return None
    a, b = m.group("a"), m.group("b")
    if len(b) == 2:
        b = a[:2] + b
    if not (0 <= int(b) - int(a) <= 10):
        return None
    return a, b


AGREEMENT_WORDS = re.compile(r"(samverkansöverenskommelse|överenskommelse|samverkansavtal|medborgarlöfte|"
                             r"åtagandeplan|handlingsplan|åtgärdsplan|förbinder sig|åtar sig|lovar att)", re.I)
