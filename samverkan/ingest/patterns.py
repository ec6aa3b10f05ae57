"""The wording Swedish collaboration agreements use, as small regexes and helpers (one job each)."""

from __future__ import annotations

import html
import re
import unicodedata

MONTHS = {m: i for i, m in enumerate(["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                                      "september", "oktober", "november", "december"], 1)}
YEAR = r"(?:19|20)\d\d"

# --- Column names of an åtagandeplan (shared by the table and text importers) ----------------------
#: field → header words (normalised: lower case, å/ä/ö kept, spaces single)
COLUMNS: dict[str, tuple[str, ...]] = {
    "area": ("område", "omrade", "samverkansområde", "fokusområde", "prioriterat område", "tema", "problemområde",
             "area", "focus area", "focus", "theme"),
    "initiative": ("insats/mål", "insats", "insatser", "insats / mål", "mål/insats", "aktivitet", "aktiviteter",
                   "åtgärd", "åtgärder", "vad", "initiative", "activity", "action", "actions", "mål", "goal"),
    "municipality": ("kommunens åtagande", "kommunens åtaganden", "kommunen", "kommun", "stadens åtagande",
                     "stadens åtaganden", "kommunens ansvar", "stadens ansvar", "kommunens del", "stadens del",
                     "kommunen gör", "staden gör", "kommunens insats", "stadens insats", "staden",
                     "municipality", "municipality's commitment", "municipal commitment", "municipality will",
                     "city", "city's commitment", "municipal action"),
    "police": ("polisens åtagande", "polisens åtaganden", "polisen", "polis", "polisens ansvar", "polisens del",
               "polisen gör", "polisens insats", "police", "police commitment", "police's commitment", "police will",
               "police action"),
    "joint": ("gemensamt åtagande", "gemensamma åtaganden", "gemensamt", "gemensam insats", "tillsammans",
              "båda parter", "parterna", "åtagande", "åtaganden", "joint commitment", "joint", "joint action",
              "both", "commitment"),
    "timeframe": ("tidsplan", "tidplan", "tidsram", "tid", "när", "klart", "klart när", "tidpunkt", "datum",
                  "period", "timeframe", "schedule", "when", "deadline", "date"),
    "measure": ("aktivitetsmått", "mått", "indikator", "indikatorer", "resultatmått", "mätetal", "nyckeltal",
                "hur mäts", "activity measure", "measure", "indicator", "indicators", "kpi", "target"),
    "follow_up": ("uppföljning", "uppföljs", "hur följs det upp", "rapportering", "återrapportering",
                  "follow-up", "follow up", "followup", "reporting"),
    "responsible": ("ansvarig", "ansvar", "ansvarig enhet", "ansvarig förvaltning", "ansvariga", "samordnare",
                    "kontaktperson", "responsible", "owner", "lead"),
    # a column whose cells name the party: "Kommunen", "Polisen", "Båda", "Gemensamt"
    "party": ("ansvarig part", "ansvariga parter", "part", "parter", "vem", "vem gör", "vem gör vad", "vem ansvarar",
              "huvudansvarig", "huvudansvar", "ansvarig aktör", "aktör", "utförare", "utförs av", "party",
              "parties", "who", "responsible party"),
    # the commitment's text when a party column says whose it is
    "description": ("beskrivning", "innehåll", "åtgärdsbeskrivning", "beskrivning av insats", "detaljer",
                    "löfte", "löften", "vårt löfte", "våra löften", "medborgarlöfte", "description", "details", "promise"),
    "partner": ("samverkanspart", "samverkansparter", "samarbetspart", "samarbetsparter", "i samverkan med",
                "medverkande", "övriga aktörer", "partner", "partners"),
    "number": ("nr", "nummer", "#", "id", "löpnummer", "no", "no."),
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
    if len(h.split()) <= 4 and not re.search(r"ansvar|kontakt|responsib|owner", h):
        # a party named in the header decides: "Åtgärd (polisen)", "Vad gör staden?", "Kommunens åtagande 2024"
        police = re.search(r"\bpolis|\bpolice", h) is not None
        muni = re.search(r"\bkommun|\bstad|\bmunicipal|\bcity", h) is not None
        if police or muni:
            return "joint" if police and muni else "police" if police else "municipality"
    for field, names in COLUMNS.items():  # "Tidsplan 2024" and the like
        if any(len(n) > 4 and h.startswith(n) for n in names):
            return field
    return None


PARTY_FIELDS = ("municipality", "police", "joint")
#: cells of a party column that mean both parties
BOTH_VALUE = re.compile(r"^(båda|bägge|båda parter(na)?|bägge parter(na)?|gemensamt|gemensam|tillsammans|parterna|"
                        r"samtliga( parter)?|alla|both|joint|all)$", re.I)


#: municipal staff and services named as who does something ("Trygghetssamordnaren", "Kommunens fältassistenter")
MUNICIPAL_STAFF = re.compile(r"\b(\w*samordnar\w*|fältassistent\w*|fältgrupp\w*|fritidsgård\w*|fritidsledar\w*|"
                             r"skolor\w*|skolan|rektor\w*|socialsekreterar\w*|kommunstyrelse\w*|kommunens\s+\w+)\b", re.I)


def subject_party(text: str) -> str | None:
    """The one party a sentence's subject names ("Polisen patrullerar …" → police, "Kommunens fältassistenter
    finns …" → municipality); None for "Vi", "Tillsammans", both parties or no party."""
    m = re.match(r"^\s*(?P<s>[A-ZÅÄÖ][\wåäö\-]*s\s+[a-zåäö]+(?=\s)|"
                 r"[A-ZÅÄÖ][\wåäö\-]*(?:\s+[a-zåäö]*(?:förvaltning|nämnd)\w*)?)\s+(?P<v>\w+)", text)
    if not m or BOTH_VALUE.match(m.group("s")) or re.match(r"(vi|tillsammans|parterna)$", m.group("s"), re.I):
        return None
    subject = m.group("s")
    if POLICE_WORD.search(subject):
        return "police"
    if MUNICIPAL_PARTY.match(subject) or MUNICIPAL_STAFF.search(subject) or \
            re.fullmatch(r"(kommunen|staden|[A-ZÅÄÖ]\w*förvaltning\w*|socialtjänsten)", subject, re.I):
        return "municipality"
    return None


def party_value(cell: str) -> str | None:
    """The party a cell of a party column names: "Kommunen" → municipality, "Polisen" → police, "Båda",
    "Gemensamt" or "Socialförvaltningen och Polisen" → joint; None when it names neither."""
    text = strip_markup(cell).strip(" .:;")
    if not text:
        return None
    if BOTH_VALUE.match(text):
        return "joint"
    kinds = set()
    for part in re.split(r"\s*(?:,|/|\+|(?<!-)(?<!-\s)\boch\b|\bsamt\b|&|\band\b)\s*", text):
        if not part:
            continue
        if BOTH_VALUE.match(part):
            kinds |= {"municipality", "police"}
        elif re.search(r"\bpolis|\bpolice|\blpo\b", part, re.I) or POLICE_WORD.search(part):
            kinds.add("police")
        elif MUNICIPAL_WORD.search(part) or MUNICIPAL_STAFF.search(part) or \
                re.search(r"\b(municipality|city|council)\b", part, re.I):
            kinds.add("municipality")
    if len(kinds) == 2:
        return "joint"
    return kinds.pop() if kinds else None


def table_layout(fields: list[str | None]) -> tuple[str | None, str | None] | None:
    """How a commitment table says whose each commitment is: (text field, party-value field).

    (None, None): one column per party ("Kommunens åtagande", "Polisens åtagande", "Gemensamt").
    ("joint"|"description"|"initiative", "party"|"responsible"): one text column, and a column whose cells name
    the party ("Ansvarig part: Kommunen / Polisen / Båda"). None: not a commitment table."""
    own = any(f in ("municipality", "police") for f in fields)
    value = "party" if "party" in fields else "responsible" if "responsible" in fields else None
    if value and not own:
        text = next((f for f in ("joint", "description", "initiative") if f in fields), None)
        if text:
            return text, value
    if any(f in PARTY_FIELDS for f in fields):
        return None, None
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

#: list markers: dashes and bullets (also Wingdings bullets from PDFs, mapped to • when read), "1." "1)" "a)" "a.",
#: and "o" — the sub-bullet Word writes as a plain letter — only before a capital
BULLET = re.compile(r"^\s*(?:[-*•·–—▪◦●■□➢►✓✔]|\(?\d{1,2}[.)]|\(?[a-zåäö][.)]|o(?=\s+[A-ZÅÄÖ]))\s+(?P<text>\S.*)$")
MD_HEADING = re.compile(r"^\s*#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
NUMBERED_HEADING = re.compile(r"^\s*(?P<num>\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<text>[A-ZÅÄÖ].{2,100})$")
PAGE_NOISE = re.compile(r"^\s*(?:sida\s+\d+(\s*(av|/)\s*\d+)?|page\s+\d+(\s+of\s+\d+)?|-?\s*\d{1,3}\s*-?|\d+\s*/\s*\d+)\s*$",
                        re.I)
RULE = re.compile(r"^\s*(?:[-=_*]{3,}|(?:-{2,}\s*\t\s*)+-*)\s*$")


def strip_markup(text: str) -> str:
    """Markdown emphasis and stray HTML tags out, entities decoded, spaces single."""
    text = re.sub(r"</?[A-Za-z][^>]{0,200}>", " ", text)
    text = html.unescape(text)
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

#: police words, compounds included ("kommunpolisen", "områdespolis", "Lokalpolisområde")
POLICE_WORD = re.compile(r"\b(\w*polis\w*|lpo)\b", re.I)
#: municipal bodies, compounds included ("Socialförvaltningen", "Kultur- och fritidsnämnden")
MUNICIPAL_WORD = re.compile(r"\b(\w*(?:kommun|förvaltning|nämnd|kontor|socialtjänst|räddningstjänst)\w*|stad|staden|"
                            r"stadens|skola\w*|bostads\w*)\b", re.I)
#: "Bodens kommun", "Borås Stad", "Marks kommuns"
MUNI_NAME = re.compile(r"\b([A-ZÅÄÖ][a-zåäö]+(?:-[A-ZÅÄÖ][a-zåäö]+)?s?\s+(?:kommun|[Ss]tad))s?\b")
#: split a list of names on "," "och" "samt" "&" — but not "Kultur- och fritidsförvaltningen"
NAME_SPLIT = re.compile(r"\s*(?:,|(?<!-)(?<!-\s)\boch\b|\bsamt\b|&)\s*")
BOTH_WORD = re.compile(r"^(parterna|båda parter(na)?|vi|man|vi\s+(gemensamt|tillsammans)|gemensamt|tillsammans|"
                       r"samtliga parter|polis\s+och\s+kommun)$", re.I)
#: others named beside the parties, who commit nothing of their own: "Polisen, kommunen och andra aktörer ska …"
BESIDE_WORD = re.compile(r"^(andra|övriga|fler)\s+(aktörer|samverkansparter|parter|organisationer)|civilsamhället|"
                         r"invånarna|föreningar(na)?$", re.I)
#: "… om att polisen ska genomföra X och att kommunen ska erbjuda Y": promises inside a sentence
_EMB_PARTY = r"(?:polisen|kommunen|staden|parterna|lokalpolisområdet|[A-ZÅÄÖ][\wåäö\-]+\s+(?:kommun|stad))"
EMBEDDED = re.compile(rf"\batt\s+(?P<who>{_EMB_PARTY}(?:\s*(?:,|\boch\b)\s*(?:{_EMB_PARTY}|(?:andra|övriga)\s+aktörer"
                      r"(?:\s+i\s+samhället)?))*)"
                      r"\s+(?:ska|skall|kommer\s+att|lovar\s+att)\s+(?P<what>.+?)(?=,?\s+(?:och|samt)\s+att\s+|[.;]?\s*$)", re.I)
#: a party named as the subject of a sentence (not "Polisverksamheten" or "Polisens arbete")
POLICE_PARTY = re.compile(r"^(?:den\s+)?(?:lokala\s+)?(polisen|polis|polismyndigheten|lokalpolisområdet|närpolisen|områdespolisen|"
                          r"(lokalpolisområde|närpolisområde|polisområde|lpo)\s+[A-ZÅÄÖ][\w/\- ]*|polisen\s+i\s+[A-ZÅÄÖ]\w*)$", re.I)
MUNICIPAL_PARTY = re.compile(r"^(?:(?i:kommunen|kommunerna|kommun|staden|socialtjänsten|socialtjänst|räddningstjänsten|skolan)|[A-ZÅÄÖ][\wåäö\-]*\s+(?:kommun|[Ss]tad)|"
                             r"[A-ZÅÄÖ][\wåäö\-]*(?:förvaltning|nämnd|kontor)\w*(?:\s+[A-ZÅÄÖ]\w*)?|"
                             r"[A-ZÅÄÖ][\wåäö\-]*\s+bostads\s+AB)$")
META_WORD = re.compile(r"^(respektive|vardera|varje|den andra)\s+part", re.I)

#: the verbs that introduce commitments; "at" for the common typo of "att", "åtager" the older form
_ATT = r"(?:till\s+)?at{1,2}"
COMMIT_VERB = (rf"(?:(?:förbinder|åtar|åtager|förpliktar)\s+(?:sig|oss)\s+(?:(?:även|också|gemensamt)\s+)?{_ATT}|"
               rf"tar\s+på\s+sig\s+{_ATT}|ska\s+gemensamt|ska|skall|lovar(?:\s+{_ATT}){{0,2}}|"
               rf"kommer\s+(?:(?:under|i|från|efter|före|att)\s+[\wåäö]+(?:\s+\d{{4}})?\s+|(?:också|även|dessutom|därför)\s+)?{_ATT}|"
               rf"ansvarar\s+(?:(?:gemensamt|också|även)\s+)?för\s+{_ATT}|har\s+i\s+uppdrag\s+{_ATT})(?:\s+(?:även|också|dessutom|därför))?")
#: "Marks kommun förbinder sig att:" / "Polisen ska:" / "Polisen och kommunen åtar sig att:" (list follows)
LIST_INTRO = re.compile(rf"^(?P<who>[^.:;]{{2,80}}?)\s+(?:gemensamt\s+)?{COMMIT_VERB}(?:\s+gemensamt)?\s*:?\s*$", re.I)
#: "Polisen ska genomföra trafikkontroller." (a commitment in one sentence)
INLINE = re.compile(rf"^(?P<who>[^.:;,]{{2,60}}?(?:,\s*[^.:;,]{{2,40}}?)*)\s+(?:gemensamt\s+)?{COMMIT_VERB}\s+(?:gemensamt\s+)?(?P<what>\S.+)$", re.I)
#: one responsible unit: "Polis", "Socialförvaltningen", "Barn- och utbildningsförvaltningen", "Tekniska förvaltningen",
#: "Områdespolisen i Boden", "kommunen"
_UNIT = (r"(?:[A-ZÅÄÖ][\wåäö/]*|kommunen|polisen|staden|parterna|(?:[a-zåäö]+a\s+)?[a-zåäö]*(?:förvaltning|nämnd|tjänst|kontor)\w*)"
         r"(?:-\s*(?:och|eller)\s+[\wåäö]+)?"
         r"(?:\s+[a-zåäö]*(?:förvaltning|nämnd|kontor|enhet|avdelning|råd|polis|styrelse|tjänst)\w*)?"
         r"(?:\s+i\s+[A-ZÅÄÖ][\wåäö]+)?")
_UNIT_NEXT = (r"(?:[A-ZÅÄÖ][\wåäö/]*|[a-zåäö]*(?:förvaltning|nämnd|kontor|polis|kommun|stad|tjänst)\w*)"
              r"(?:-\s*(?:och|eller)\s+[\wåäö]+)?"
              r"(?:\s+[a-zåäö]*(?:förvaltning|nämnd|kontor|enhet|avdelning|råd|polis|styrelse|tjänst)\w*)?"
              r"(?:\s+i\s+[A-ZÅÄÖ][\wåäö]+)?")
#: "Ansvar: Kommunledningsförvaltningen och Polis" — a list of units, ending where the list does (PDF text runs the
#: next heading straight on: "Ansvar: Kommunledningsförvaltningen Krogtillsyn Krogkontroll är …")
ANSVAR = re.compile(rf"\bAnsvar(?:ig|iga)?\s*:\s*(?P<who>{_UNIT}(?:\s*(?:,|\boch\b|\bsamt\b|&)\s*{_UNIT_NEXT})*)")

#: "Fritids- och folkhälsoförvaltningen har samordningsansvar." — a unit made responsible, not a commitment
RESPONSIBILITY = re.compile(
    r"(\b(ansvarar|ansvariga?\s+(är|för)|har\s+(\w+\s+)?\w*ansvar\w*|bär\s+(\w+\s+)?ansvar|är\s+ansvarig|"
    r"är\s+(en\s+)?(samordnande|stödjande|sammankallande|ansvarig)\s+funktion)\b)", re.I)
TRAILING_RESPONSIBLE = re.compile(r",\s*(?P<unit>[A-ZÅÄÖ][\w\-– ]{2,60}?)\s+(ansvarar|har\s+\w*ansvar\w*)\s*\.?\s*$")


def untypo(text: str) -> str:
    """A letter typed three times is meant twice ("Kommmunen" → "Kommunen")."""
    return re.sub(r"([a-zåäö])\1{2,}", r"\1\1", text, flags=re.I)


def strip_together(who: str) -> str:
    """"Kommunen och polisen gemensamt" → "Kommunen och polisen": an adverb after the subject is not part of it."""
    return re.sub(r"(?:\s+(?:gemensamt|tillsammans|också|även|dessutom))+$", "", who, flags=re.I)


def is_party_subject(who: str) -> bool:
    """Does `who` name a party (or both), rather than an arbitrary noun phrase?"""
    w = strip_together(untypo(who.strip().strip("*").strip()))
    if META_WORD.match(w) or len(w.split()) > 8:
        return False
    parts = [p for p in NAME_SPLIT.split(re.sub(r"^(både|såväl)\s+", "", w, flags=re.I)) if p]
    named = [p for p in parts if not BESIDE_WORD.match(p)]
    return bool(named) and all(BOTH_WORD.match(p) or POLICE_PARTY.match(p) or MUNICIPAL_PARTY.match(p)
                               for p in named)


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

_MONTH = "|".join(MONTHS)
_SEASON = r"(?:(?:hösten|våren|sommaren|vintern|början\s+av|slutet\s+av|utgången\s+av)\s+)?"
PERIOD = re.compile(rf"(?<!\d)(?P<a>{YEAR})\s*(?:[-–—]|till(?:\s+och\s+med)?|t\.o\.m\.?)\s*{_SEASON}(?P<b>{YEAR}|\d\d)(?!\d)"
                    rf"(?!\s*(?:{_MONTH}))", re.I)
_DATE = rf"(?:{YEAR}-\d\d-\d\d|\d{{1,2}}\s+(?:{_MONTH})\s+{YEAR})"
#: "1 juli 2025 – 30 juni 2027", "2024-07-01—2026-06-30", "1 januari - 31 december 2025"
DATE_RANGE = re.compile(rf"(?P<a>{_DATE}|\d{{1,2}}\s+(?:{_MONTH}))\s*(?:[-–—]|till)\s*(?P<b>{_DATE})", re.I)
#: "januari–juni 2026", "mars till december 2025"
MONTH_RANGE = re.compile(rf"\b(?:{_MONTH})\s*(?:[-–—]|till)\s*(?:{_MONTH})\s+(?P<y>{YEAR})\b", re.I)
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
    d = DATE_RANGE.search(text)
    if d:
        years = re.findall(YEAR, d.group(0))
        a, b = (years[0], years[-1]) if len(years) > 1 else (years[0], years[0])
        return (a, b) if 0 <= int(b) - int(a) <= 10 else None
    m = MONTH_RANGE.search(text)
    if m:
        return m.group("y"), m.group("y")
    m = PERIOD.search(text) or SLASH_PERIOD.search(text)
    if not m:
        return None
    a, b = m.group("a"), m.group("b")
    if len(b) == 2:
        b = a[:2] + b
    if not (0 <= int(b) - int(a) <= 10):
        return None
    return a, b


_LONE_YEAR = rf"(?P<y>{YEAR})(?![\d/]|\s*[-–—]\s*\d|-\d|\s+(?:till|t\.o\.m))"
#: a one-year period in a sentence: "gäller under 2025", "för år 2025", "under året 2025", "löftet för 2025"
ONE_YEAR = re.compile(rf"(?<![\d\-/])(?:\bgäller\s+(?!från)(?:\w+\s+){{0,2}}?(?:(?:under|för|hela)\s+)?(?:hela\s+)?"
                      rf"(?:år(?:et)?\s+)?|\b(?:för|under)\s+(?:hela\s+)?år(?:et)?\s+|"
                      rf"\b(?:medborgarlöfte\w*|löfte\w*|handlingsplan\w*|åtgärdsplan\w*|åtagandeplan\w*|"
                      rf"överenskommelse\w*)\s+(?:för\s+)?(?:år\s+)?){_LONE_YEAR}", re.I)
#: a title naming its one year: "Medborgarlöfte 2025", "Medborgarlöfte för Tallsjö 2025"
TITLE_YEAR = re.compile(rf"(?<![\d\-/]){_LONE_YEAR}")


def parse_year(text: str, title: bool = False) -> tuple[str, str] | None:
    """A one-year period (start = end) from "gäller under 2025" / "för år 2025", or — when `title` — the single
    year in a title that names an agreement genre ("Medborgarlöfte 2025"); dates like 2025-03-01 do not count."""
    if title:
        years = {m.group("y") for m in TITLE_YEAR.finditer(text)} if AGREEMENT_WORDS.search(text) else set()
        return (years.pop(),) * 2 if len(years) == 1 else None
    m = ONE_YEAR.search(text)
    return (m.group("y"), m.group("y")) if m else None


AGREEMENT_WORDS = re.compile(r"(samverkansöverenskommelse|överenskommelse|samverkansavtal|medborgarlöfte|"
                             r"åtagandeplan|handlingsplan|åtgärdsplan|förbinder sig|åtar sig|lovar att)", re.I)


#: a heading that names whose commitments follow: "Kommunens åtaganden", "Polisens åtagande:",
#: "Gemensamma åtaganden", "Ekedals kommuns ansvar", "Åtaganden för polisen", "Polisen lovar:", "Kommunen:"
OWNER_HEADING = re.compile(
    r"^(?:(?P<joint>(?:parternas\s+)?gemensamma?)\s+(?:åtaganden?|ansvar|löften?|insatser)|"
    r"(?P<gen>.{2,60}?)s\s+(?:gemensamma\s+)?(?:åtaganden?|ansvar|löften?|del|insatser)|"
    r"(?:åtaganden?|löften?|ansvar)\s+(?:för|från)\s+(?P<for>.{2,60}?)|"
    r"det\s+här\s+(?:gör|lovar)\s+(?P<does>.{2,60}?)|vad\s+(?:gör|lovar|ska)\s+(?P<asks>.{2,60}?)(?:\s+göra)?\s*\?|"
    r"(?P<plain>kommunen|polisen|staden|parterna|polismyndigheten|lokalpolisområdet|[A-ZÅÄÖ][\wåäö\-]+\s+(?:kommun|stad))"
    r"(?:\s+(?:lovar|gör))?\s*:)\s*:?\s*$", re.I)


def owner_heading(text: str) -> str | None:
    """The party a heading like "Kommunens åtaganden" names ("Kommunen"), "parterna" for joint ones, else None."""
    m = OWNER_HEADING.match(strip_markup(text).strip())
    if not m:
        return None
    if m.group("joint"):
        return "parterna"
    if m.group("gen"):
        g = m.group("gen")
        return g[:-1] if g.endswith(":") else g  # "LPO:s" → "LPO"
    return m.group("for") or m.group("does") or m.group("asks") or m.group("plain")


#: a heading that says it names an area: "Fokusområde 2: Trafik", "Område 1 – Unga", "Insatsområde: Krogar"
AREA_PREFIX = re.compile(r"^(?:prioriterat\s+|valt\s+)?(?:fokus|samverkans|insats|prioriterings)?område\s*\d*\s*[:.–—-]\s*"
                         r"(?=\S)|^tema\s*\d*\s*[:.–—-]\s*(?=\S)", re.I)


#: a list intro with the verb before its subject: "För att minska inbrotten lovar polisen och kommunen:",
#: "Under tiden 1 januari – 31 december 2025 lovar polisen att:", "För att minska problemen lovar vi:"
INVERTED_INTRO = re.compile(rf"^(?P<pre>[A-ZÅÄÖ].{{2,160}}?)\s+(?:lovar|ska|skall|kommer|åtar\s+sig|förbinder\s+sig)\s+"
                            rf"(?P<who>[^:;]{{2,80}}?)(?:\s+(?:även|också|gemensamt|tillsammans))?(?:\s+{_ATT})?\s*[:;]?\s*$",
                            re.I)
#: a list intro that names no doer: the items do ("För att nå målet kommer;" then "kommunen att …")
OPEN_INTRO = re.compile(rf"^.{{0,160}}\b(?:lovar|ska|skall|kommer|åtar\s+sig|förbinder\s+sig)(?:\s+{_ATT})?\s*[:;]\s*$", re.I)
#: a doer tag after an item: "… (Polisen)", "… (Bredviks kommun).", "… – Polisen"
DOER_TAG = re.compile(r"\s*(?:\((?P<who>[^()]{2,50})\)|[–—]\s*(?P<who2>[A-ZÅÄÖ][\wåäö]+(?:\s+\w+)?))\s*[.;]?\s*$")
#: "Polisen att genomföra …", "kommunen att installera …" (the item names its doer before "att")
DOER_ATT = re.compile(r"^(?P<who>[^,.;:()]{2,60}?)\s+at{1,2}\s+(?P<what>\S.+)$", re.I)
#: "Polisen kontrollerar krogarna …": a party subject and a verb in the present tense
PRESENT = re.compile(r"^(?P<who>[^,.;:()]{2,50}?)\s+(?P<verb>(?!(?:har|är|finns|ger|kan|vill|bör|får|anser|ser(?!\s+(?:till|över))|upplever|menar|"
                     r"känner|tycker|berättar|behöver|saknar|brukar|hoppas|önskar|använder|använd|kommer|innebär)\b)(?:[a-zåäö]{2,}(?:ar|er|ir|ör|år)|tar|gör|går|ser\s+(?:till|över)))\s+(?P<what>\S.+)$",
                     re.I)
#: "tillsammans med polisen", "i samverkan med kommunen": a party joined to a commitment
WITH_PARTY = re.compile(r"^(?:tillsammans|i\s+samverkan|i\s+samarbete|gemensamt)\s+med\s+(?P<who>polisen|kommunen|staden|"
                        r"lokalpolisområdet|[A-ZÅÄÖ][\wåäö\-]+\s+(?:kommun|stad))\b", re.I)
#: a number or a frequency in a commitment's text: its activity measure
MEASURE = re.compile(r"\b(?:(?:minst|högst|cirka|ca|över|fler\s+än|upp\s+till)\s+)?(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|"
                     r"tolv|femton|tjugo)\s+(?:[\wåäö\-]+\s+){0,3}?(?:gång(?:er)?|kvällar?|dagar?|timmar|veckor?|insatser|"
                     r"kontroller|besök|tillfällen|träffar|informationsträffar|trygghetsvandringar|aktiviteter|per|i\s+(?:veckan|månaden)|"
                     r"om\s+året)(?:\s+(?:i|per|om)\s+(?:veckan|vecka|månaden|månad|året|år|termin|terminen|kvartal))?\b|"
                     r"\b(?:varje|var(?:annan|tredje)?|en\s+gång\s+(?:i|per))\s+(?:vecka|veckan|månad|månaden|år|året|termin|terminen|"
                     r"kväll|fredag|lördag|söndag|helg|kvartal|tertial|dag)\w*\b|"
                     r"\b(?:dagligen|veckovis|månadsvis|kvartalsvis|tertialvis|årligen|löpande)\b" +
                     r"|\b(?:minst|högst|cirka|ca|fler\s+än|upp\s+till)\s+(?:\d+|en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|"
                     r"tolv|femton|tjugo)\s+[\wåäö\-]{3,}", re.I)
#: when a commitment is to be done: "under 2025", "före november", "under våren", "inom en vecka", "senast i juni"
TIMEFRAME = re.compile(rf"\b(?:under|före|senast|till|från\s+och\s+med|inom|efter)\s+(?:i\s+)?(?:(?:hela\s+)?{YEAR}|"
                       rf"(?:{_MONTH})(?:\s+{YEAR})?|(?:hösten|våren|sommaren|vintern|sommarlovet|sportlovet|skolstarten|"
                       rf"terminen|året|säsongen|sportlovsveckorna)(?:\s+(?:i\s+)?(?:{_MONTH}|{YEAR}))?|"
                       rf"(?:en|ett|två|tre|\d+)\s+(?:dag|dagar|vecka|veckor|månad|månader|timmar))\b", re.I)
#: a follow-up section heading: "Uppföljning", "Så följer vi upp", "Utvärdering", "Uppföljning och redovisning"
FOLLOW_UP_HEADING = re.compile(r"^\W*(?:uppföljning\w*|så\s+följer\s+vi\s+upp\w*|så\s+följs\s+\w+\s+upp|utvärdering\w*|"
                               r"återrapportering|redovisning)\b[^.]{0,40}$", re.I)
#: a sentence about following up: "Arbetet följs upp tertialvis", "Uppföljning sker i styrgruppen", "Vi följer upp …"
FOLLOW_UP_SENTENCE = re.compile(r"\b(?:följ\w*\s+upp|följs\s+upp|uppföljning(?:en)?\s+(?:sker|görs|genomförs)|"
                                r"utvärdering(?:en)?\s+(?:sker|görs)|redovisa[sr]?\b|utvärderas|återrapporter\w*|"
                                r"berätta\w*\s+(?:\w+\s+){0,5}?(?:vad|hur)\s+(?:vi|det|arbetet)\s+(?:har\s+)?(?:gjort|gått))", re.I)
#: how often: "tertialvis", "två gånger per år", "i mars och oktober varje år", "varje år"
FREQUENCY = re.compile(r"\b(?:dagligen|veckovis|månadsvis|kvartalsvis|tertialvis|halvårsvis|årligen|"
                       r"(?:en|två|tre|fyra)\s+gånger?\s+(?:per|om|i)\s+(?:år|året|termin|terminen|månad|månaden)|"
                       r"varje\s+(?:år|termin|kvartal|tertial|månad|halvår)|"
                       r"i\s+(?:{m})(?:,\s*(?:{m}))*\s+och\s+(?:{m})(?:\s+varje\s+år)?)\b".format(m="|".join(MONTHS)), re.I)
#: forums named in passing: "i det lokala brottsförebyggande rådet", "i trygghetsrådet", "i styrgruppen"
FORUM = re.compile(r"\b(?:det\s+)?(?:lokala\s+)?(?:brottsförebyggande\s+rådet|[a-zåäö]*(?:råd|rådet)\b(?<!\bråd)|"
                   r"trygghetsrådet|trafikrådet|styrgrupp(?:en)?|ledningsgrupp(?:en)?|samverkansgrupp(?:en)?(?:\s+för\s+[a-zåäö]+"
                   r"(?:\s+och\s+[a-zåäö]+)?)?|arbetsgrupp(?:en)?)\b", re.I)

#: web-page furniture that is never part of an agreement: cookie banners, navigation, share links, page footers
WEB_NOISE = re.compile(r"^\W*(?:vi\s+använder\s+(?:kakor|cookies)|.{0,80}\b(?:kakor|cookies)\b|hoppa\s+till|till\s+startsidan|"
                       r"dela\s+sidan|senast\s+uppdaterad|sidansvarig|sidans\s+innehåll|till\s+toppen|hade\s+du\s+nytta|"
                       r"bild\s*:|foto\s*:|publicerad\s|uppdaterad\s|skriv\s+ut\b|lyssna\b|kontaktuppgifter|"
                       r"annat\s+innehåll|hitta\s+på\s+sidan|tack\s+för)", re.I)


# --- Issue 15, third round: list scope, inverted promises, several promises on one page ----------------------

#: a promise with the verb before its subject, inside prose: "… kommer man tillsammans att öka närvaron",
#: "Där lovar polisen att …", "dessutom kommer kommunens ordningsvakter att vara synliga"
_INV_PARTY = (r"(?:man|vi|polisen|kommunen|staden|parterna|kommunerna|polis|kommun|[A-ZÅÄÖ][\wåäö\-]+\s+(?:kommun|stad)|"
              r"kommunens\s+[a-zåäö]+|polisens\s+[a-zåäö]+)")
INVERTED_SENT = re.compile(rf"^(?P<pre>.{{0,220}}?)(?<![\wåäö])(?P<verb>kommer|ska|skall|lovar)\s+"
                           rf"(?P<who>{_INV_PARTY}(?:\s*(?:,|\boch\b)\s*{_INV_PARTY})*)"
                           r"(?:\s+(?:tillsammans|gemensamt|också|även|dessutom))*\s+(?P<att>at{1,2}\s+)?(?P<what>[a-zåäö]\S*.*)$")
#: a lead-in that points back to the promise before it: "Detta ska göras genom att:", "Bland annat:", "Löftena:"
BACK_LEAD_IN = re.compile(r"^\W*(?:detta|det|så|bland\s+annat|löftena?|medborgarlöftet\s+ska\s+genomföras)\b|"
                          r"(?:genom\s+att|följande(?:\s+\w+)?)\s*:\s*$", re.I)
#: two promises in one sentence: "Polisen kommer att patrullera … och dessutom kommer X att …"
CLAUSE_SPLIT = re.compile(r",?\s+(?:och|samt)\s+(?:dessutom|även|också)\s+(?=(?:kommer|ska|skall|lovar)\s)", re.I)
#: an aim, not a commitment: "arbeta för att minska …", "arbeta förebyggande … för att göra miljön tryggare"
AIM = re.compile(r"^(?:tillsammans\s+)?arbeta\s+(?:\w+\s+){0,6}?för\s+att\s+(?:\w+\s+)?(?:öka|minska|förbättra|stärka|skapa|"
                 r"göra|motverka|förebygga|få|nå)\b", re.I)
#: a heading over a list of promises: "Medborgarlöfte 2027", "Våra medborgarlöften 2026", "Löftena", "Det här ska vi göra"
PROMISE_HEADING = re.compile(r"^\W*(?:(?:våra|årets|nya)\s+)?(?:medborgarlöften?|löften[a]?|löftet|åtaganden[a]?|"
                             r"insatser(?:na)?|aktiviteter(?:na)?)(?:\s+(?:för\s+)?(?:år\s+)?[\d–\-\s]{4,11})?\s*:?\s*$|"
                             r"^\W*det\s+här\s+(?:ska|kommer)\s+vi\s+(?:att\s+)?göra\s*:?\s*$", re.I)
#: the later sentences of an item that comment on it: "Detta ska ske …", "Målet är …"
COMMENT_SENTENCE = re.compile(r"^(?:detta|det|målet|syftet|strävan|tanken|insatsen|arbetet)\s+(?:ska|är|kommer|görs|sker)\b",
                              re.I)
#: "… , och arbetet följs sedan upp …": a follow-up clause run on to a commitment
FOLLOW_UP_TAIL = re.compile(r",?\s+och\s+(?:arbetet|det|löftet|resultatet|detta)\s+(?:\w+\s+){0,2}?(?:följs|ska\s+följas|"
                            r"kommer\s+att\s+följas|utvärderas|redovisas)\b.*$", re.I)
#: the police speak for themselves: "polisens medborgarlöfte", "de områden som polisen ska arbeta med", "Lokalpolisområde X
#: har lyssnat"
POLICE_VOICE = re.compile(r"\bpolisens\s+(?:medborgar)?löfte|\bsom\s+polisen\s+ska\s+arbeta|"
                          r"\b(?:lokalpolisområde\s+[A-ZÅÄÖ]\w*|polisen)\s+har\s+lyssnat", re.I)
#: both parties named as doers together somewhere in the text
JOINT_WORDS = re.compile(r"\b(?:polis(?:en)?\s+och\s+(?:kommun|stad)\w*|(?:kommun|stad)\w*\s+och\s+polis(?:en)?\b)", re.I)
#: signatories named in a sentence: "Löftet har undertecknats av lokalpolisområdeschef Eva Lindkvist och …"
#: a paragraph about the signing: its sentences name the signatories ("Vid undertecknandet medverkade …",
#: "Kommunstyrelsens ordförande A, … presenterar nu medborgarlöftet")
SIGNING = re.compile(r"\b(?:underteckn\w*|skrevs\s+under|skrev\s+under|skrivits\s+under|presenterar\s+(?:nu\s+)?"
                     r"(?:medborgar)?löfte\w*)", re.I)
#: a passive promise: "Under året ska också satsningar … göras", "… ska ett möte ordnas"
PASSIVE = re.compile(r"\b(?:ska|skall|kommer\s+att)\s+(?:\S+\s+){0,14}?(?:göras|genomföras|ordnas|anordnas|erbjudas|ske|hållas|"
                     r"ges|sättas\s+in|tas\s+fram|läggas|startas|införas)\b", re.I)
SIGNED_BY = re.compile(r"\b(?:undertecknat\w*|undertecknade\w*|skrevs\s+under|skrivits\s+under|signerat\w*)\b.{0,60}?\bav\s+(?P<rest>.+)$",
                       re.I)
