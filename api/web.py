"""What the HTML pages share: the template environment, the reader's language, the words, links to pages."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from samverkan.labels import LANGUAGES, labels, pick
from samverkan.namespaces import (
    DCTERMS,
    ID,
    ORG,
    PROV,
    RDF_TYPE,
    RDFS,
    SAM,
    SKOS,
    sparql_prefixes,
)
from samverkan.store import Store

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"

WORDS: dict[str, dict[str, str]] = {
    "site": {"sv": "Samverkan", "en": "Samverkan"},
    "tagline": {"sv": "Vem gör vad i det lokala brottsförebyggande arbetet",
                "en": "Who does what in local crime prevention"},
    "agreements": {"sv": "Överenskommelser", "en": "Agreements"},
    "agreement": {"sv": "Överenskommelse", "en": "Agreement"},
    "validation": {"sv": "Validering", "en": "Validation"},
    "network": {"sv": "Nätverk", "en": "Network"},
    "queries": {"sv": "Frågor", "en": "Queries"},
    "search": {"sv": "Sök", "en": "Search"},
    "search_placeholder": {"sv": "Organisation, forum eller åtagande", "en": "Organisation, forum or commitment"},
    "search_results": {"sv": "Sökresultat", "en": "Search results"},
    "no_results": {"sv": "Inga träffar.", "en": "No matches."},
    "municipality": {"sv": "Kommun", "en": "Municipality"},
    "police": {"sv": "Polis", "en": "Police"},
    "police_area": {"sv": "Polisområde", "en": "Police area"},
    "parties": {"sv": "Parter", "en": "Parties"},
    "period": {"sv": "Period", "en": "Period"},
    "until_further_notice": {"sv": "tills vidare", "en": "until further notice"},
    "signed": {"sv": "Undertecknad", "en": "Signed"},
    "completeness": {"sv": "Fullständighet", "en": "Completeness"},
    "no_commitments": {"sv": "inga åtaganden", "en": "no commitments"},
    "commitments": {"sv": "Åtaganden", "en": "Commitments"},
    "commitment_plan": {"sv": "Åtagandeplan", "en": "Commitment plan"},
    "area": {"sv": "Samverkansområde", "en": "Focus area"},
    "areas": {"sv": "Samverkansområden", "en": "Focus areas"},
    "initiative": {"sv": "Insats", "en": "Initiative"},
    "no_initiative": {"sv": "(ingen insats angiven)", "en": "(no initiative given)"},
    "municipality_commitment": {"sv": "Kommunens åtagande", "en": "Municipality's commitment"},
    "police_commitment": {"sv": "Polisens åtagande", "en": "Police's commitment"},
    "joint": {"sv": "gemensamt", "en": "joint"},
    "responsible": {"sv": "Ansvar", "en": "Responsible"},
    "timeframe": {"sv": "Tidsram", "en": "Timeframe"},
    "measure": {"sv": "Aktivitetsmått", "en": "Activity measure"},
    "follow_up": {"sv": "Uppföljning", "en": "Follow-up"},
    "missing": {"sv": "saknas", "en": "missing"},
    "missing_for": {"sv": "saknas för {n} av {total}", "en": "missing for {n} of {total}"},
    "none_listed": {"sv": "—", "en": "—"},
    "source": {"sv": "Källa", "en": "Source"},
    "lines": {"sv": "rad", "en": "lines"},
    "themes": {"sv": "Teman", "en": "Themes"},
    "methods": {"sv": "Arbetsmetoder", "en": "Working methods"},
    "followed_up_by": {"sv": "Följs upp av", "en": "Followed up by"},
    "follow_up_frequency": {"sv": "Uppföljningsintervall", "en": "Follow-up frequency"},
    "reported_to": {"sv": "Rapporteras till", "en": "Reported to"},
    "revision": {"sv": "Revidering", "en": "Revision"},
    "signatures": {"sv": "Underskrifter", "en": "Signatures"},
    "validation_summary": {"sv": "Valideringssammanfattning", "en": "Validation summary"},
    "full_report": {"sv": "Hela valideringsrapporten", "en": "Full validation report"},
    "conforms": {"sv": "Uppfyller reglerna", "en": "Conforms"},
    "does_not_conform": {"sv": "Uppfyller inte reglerna", "en": "Does not conform"},
    "not_available": {"sv": "Inte tillgängligt i den här installationen: {what}.",
                      "en": "Not available in this installation: {what}."},
    "organisation": {"sv": "Organisation", "en": "Organisation"},
    "part_of": {"sv": "Del av", "en": "Part of"},
    "units": {"sv": "Enheter", "en": "Units"},
    "administration_of": {"sv": "Förvaltning åt", "en": "Administration for"},
    "party_in": {"sv": "Part i", "en": "Party to"},
    "coordinates": {"sv": "Samordnar", "en": "Coordinates"},
    "leads": {"sv": "Leder", "en": "Leads"},
    "responsible_for": {"sv": "Ansvarar för", "en": "Is responsible for"},
    "participates_in": {"sv": "Deltar i", "en": "Takes part in"},
    "supports": {"sv": "Stödjer", "en": "Supports"},
    "follows_up": {"sv": "Följer upp", "en": "Follows up"},
    "member_of": {"sv": "Medlem i", "en": "Member of"},
    "committed_to": {"sv": "Har åtagit sig", "en": "Has committed to"},
    "nothing_recorded": {"sv": "Inget registrerat i grafen.", "en": "Nothing recorded in the graph."},
    "forum": {"sv": "Forum", "en": "Forum"},
    "forums": {"sv": "Forum", "en": "Forums"},
    "forum_of": {"sv": "Forum för", "en": "Forum of"},
    "meeting_frequency": {"sv": "Mötesrytm", "en": "Meeting rhythm"},
    "members": {"sv": "Medlemmar", "en": "Members"},
    "coordinator": {"sv": "Samordnare", "en": "Coordinator"},
    "led_by": {"sv": "Leds av", "en": "Led by"},
    "responsible_org": {"sv": "Ansvarig", "en": "Responsible"},
    "participants": {"sv": "Deltagare", "en": "Participants"},
    "supported_by": {"sv": "Stöds av", "en": "Supported by"},
    "on_behalf_of": {"sv": "för", "en": "on behalf of"},
    "in_agreement": {"sv": "enligt", "en": "according to"},
    "type": {"sv": "Typ", "en": "Type"},
    "statements": {"sv": "Uppgifter", "en": "Statements"},
    "referenced_by": {"sv": "Hänvisas till av", "en": "Referenced by"},
    "property": {"sv": "Egenskap", "en": "Property"},
    "value": {"sv": "Värde", "en": "Value"},
    "not_found": {"sv": "Hittades inte", "en": "Not found"},
    "ambiguous": {"sv": "Flertydigt", "en": "Ambiguous"},
    "choose_agreement": {"sv": "Överenskommelse", "en": "Agreement"},
    "all_agreements": {"sv": "Alla överenskommelser", "en": "All agreements"},
    "show": {"sv": "Visa", "en": "Show"},
    "view": {"sv": "Vy", "en": "View"},
    "network_intro": {"sv": "Vem samordnar, leder, ansvarar för och deltar i vad. Dra och zooma i bilden.",
                      "en": "Who coordinates, leads, is responsible for and takes part in what. Drag and zoom the picture."},
    "open_full": {"sv": "Öppna i eget fönster", "en": "Open in its own window"},
    "named_queries": {"sv": "Färdiga frågor", "en": "Named queries"},
    "own_sparql": {"sv": "Egen SPARQL-fråga", "en": "Your own SPARQL query"},
    "run": {"sv": "Kör", "en": "Run"},
    "download_csv": {"sv": "Ladda ner CSV", "en": "Download CSV"},
    "results": {"sv": "Resultat", "en": "Results"},
    "rows": {"sv": "rader", "en": "rows"},
    "optional": {"sv": "valfri", "en": "optional"},
    "query_error": {"sv": "Frågan kunde inte köras", "en": "The query could not be run"},
    "ask_answer": {"sv": "Svar", "en": "Answer"},
    "yes": {"sv": "ja", "en": "yes"},
    "no": {"sv": "nej", "en": "no"},
    "kind_organisation": {"sv": "Organisationer", "en": "Organisations"},
    "kind_forum": {"sv": "Forum", "en": "Forums"},
    "kind_commitment": {"sv": "Åtaganden", "en": "Commitments"},
    "kind_agreement": {"sv": "Överenskommelser", "en": "Agreements"},
    "language": {"sv": "In English", "en": "På svenska"},
    "home_intro": {"sv": "Samverkansöverenskommelser mellan kommuner och Polismyndigheten: vilka områden, insatser och åtaganden de innehåller, och vem som samordnar, ansvarar och deltar.",
                   "en": "Collaboration agreements between municipalities and the Swedish Police Authority: their focus areas, initiatives and commitments, and who coordinates, is responsible and takes part."},
    "score_help": {"sv": "Andel av åtagandenas tidsram, aktivitetsmått och uppföljning som dokumentet anger.",
                   "en": "Share of the commitments' timeframe, activity measure and follow-up that the document gives."},
    "findings": {"sv": "Anmärkningar", "en": "Findings"},
    "severity_violation": {"sv": "Fel", "en": "Violations"},
    "severity_warning": {"sv": "Varningar", "en": "Warnings"},
    "severity_info": {"sv": "Information", "en": "Info"},
    "nojs_network": {"sv": "Nätverksvyn behöver JavaScript.", "en": "The network view needs JavaScript."},
}


def get_lang(request: Request) -> str:
    """The reader's language: ?lang=en or ?lang=sv, Swedish by default."""
    lang = (request.query_params.get("lang") or "sv").lower()
    return lang if lang in LANGUAGES else "sv"


def translate(key: str, lang: str, **values) -> str:
    """The word for `key` in `lang` (the key itself when unknown), with {placeholders} filled in."""
    entry = WORDS.get(key)
    text = entry.get(lang, entry["sv"]) if entry else key
    return text.format(**values) if values else text


def page_url(path: str, lang: str, **params) -> str:
    """A link to one of our pages that keeps the reader's language (None-valued params are left out)."""
    query = {k: v for k, v in params.items() if v not in (None, "")}
    if lang != "sv":
        query["lang"] = lang
    return path + ("?" + urlencode(query) if query else "")


def thing_url(iri: str, lang: str) -> str:
    """The page for a thing in the graph, chosen from its IRI's pattern (docs/authoring.md); else /view."""
    if iri.startswith(ID):
        rest = iri[len(ID):]
        kind, _, tail = rest.partition("/")
        if kind == "org" and tail:
            return page_url(f"/organisations/{tail}", lang)
        if kind == "forum" and tail:
            return page_url(f"/forums/{tail}", lang)
        if kind == "agreement" and tail:
            slug, _, inner = tail.partition("/")
            base = page_url(f"/agreements/{slug}", lang)
            return base + ("#" + anchor(iri) if inner else "")
    return page_url("/view", lang, iri=iri)


def anchor(iri: str) -> str:
    """The HTML id of a part of an agreement page (area/unga → area-unga)."""
    rest = iri.removeprefix(ID)
    parts = rest.split("/")
    return "-".join(parts[2:]) if len(parts) > 2 else parts[-1]


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = lambda x: f"{round(100 * x)} %"
    return env


ENV = _env()


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """Render a page template with the language helpers every page uses."""
    lang = get_lang(request)
    other = "en" if lang == "sv" else "sv"
    params = dict(request.query_params)
    params.pop("lang", None)
    if other != "sv":
        params["lang"] = other
    switch = request.url.path + ("?" + urlencode(params) if params else "")

    def t(key: str, **values) -> str:
        return translate(key, lang, **values)

    def url(path: str, **params) -> str:
        return page_url(path, lang, **params)

    def link(iri: str) -> str:
        return thing_url(iri, lang)

    html = ENV.get_template(template).render(
        request=request, lang=lang, t=t, url=url, link=link, anchor=anchor,
        switch_url=switch, current=request.url.path, **context,
    )
    return HTMLResponse(html, status_code=status_code)


def trusted_html(fragment: str) -> Markup:
    """Mark HTML produced by the library's own renderers (which escape their data) as safe to embed."""
    return Markup(fragment)


# --- Reading the graph for the pages ---------------------------------------------------------------
# Small SPARQL helpers until samverkan.resources offers the same; they return plain dicts for templates.


POLICE_TYPES = {SAM + "PoliceArea", SAM + "PoliceAuthority", SAM + "PoliceUnit"}
ROLES = ["coordinates", "leads", "responsibleFor", "participatesIn", "supports", "followsUp"]
ROLE_WORDS = {"coordinates": "coordinates", "leads": "leads", "responsibleFor": "responsible_for",
              "participatesIn": "participates_in", "supports": "supports", "followsUp": "follows_up"}
INVERSE_ROLE_WORDS = {"coordinates": "coordinator", "leads": "led_by", "responsibleFor": "responsible_org",
                      "participatesIn": "participants", "supports": "supported_by", "followsUp": "followed_up_by"}


@dataclass
class Node:
    """A thing in the graph with its statements (predicate IRI → objects) and its label."""

    iri: str
    props: dict[str, list] = field(default_factory=lambda: defaultdict(list))
    label: str = ""

    def all(self, pred: str) -> list:
        return self.props.get(pred, [])

    def iris(self, pred: str) -> list[str]:
        return [o.value for o in self.all(pred) if isinstance(o, ox.NamedNode)]

    def text(self, pred: str, lang: str) -> str | None:
        return pick([o for o in self.all(pred) if isinstance(o, ox.Literal)], lang)

    def texts(self, pred: str) -> list[str]:
        return [o.value for o in self.all(pred) if isinstance(o, ox.Literal)]

    @property
    def types(self) -> list[str]:
        return self.iris(RDF_TYPE)

    def line_key(self) -> tuple[int, str]:
        """Sort key: where the thing is in its document (first source line), then label."""
        lines = self.texts(SAM + "sourceLines")
        match = re.search(r"\d+", lines[0]) if lines else None
        return (int(match.group()) if match else 10**9, self.label)


def nodes(store: Store, where: str, bindings: dict | None = None, lang: str = "sv") -> dict[str, Node]:
    """All statements about the things ?s that `where` (a SPARQL group pattern binding ?s) selects."""
    rows = store.select(sparql_prefixes() + f"SELECT ?s ?p ?o WHERE {{ {{ {where} }} ?s ?p ?o }}", bindings)
    found: dict[str, Node] = {}
    for row in rows:
        if not isinstance(row["s"], ox.NamedNode):
            continue
        node = found.setdefault(row["s"].value, Node(row["s"].value))
        node.props[row["p"].value].append(row["o"])
    names = labels(store, found, lang)
    for iri, node in found.items():
        node.label = node.text(RDFS + "label", lang) or names.get(iri, iri)
    return found


def one(store: Store, iri: str, lang: str) -> Node:
    """The statements about one IRI."""
    return nodes(store, "VALUES ?s { " + str(ox.NamedNode(iri)) + " }", None, lang).get(iri, Node(iri, label=iri))


def label_map(store: Store, iris, lang: str) -> dict[str, str]:
    """Labels of many IRIs in the reader's language."""
    return labels(store, [i for i in iris if i], lang)


def period_text(node: Node, lang: str) -> str:
    """2022–2024, 2015– (tills vidare), or an empty string."""
    start = (node.texts(SAM + "periodStart") or [""])[0]
    end = (node.texts(SAM + "periodEnd") or [""])[0]
    until = any(v in ("true", "1") for v in node.texts(SAM + "untilFurtherNotice"))
    text = f"{start}–{end}" if start and end else start or end
    if until:
        signed = (node.texts(SAM + "signedOn") or [""])[0][:4]
        text = (text or signed) + (" " if (text or signed) else "") + "(" + translate("until_further_notice", lang) + ")"
    return text


def completeness(store: Store, lang: str = "sv") -> dict[str, dict]:
    """Per agreement: the validator's completeness figures with the score as 0..1 (None: no commitments);
    our own count of timeframe/measure/follow-up when the validator is not installed."""
    try:
        from samverkan.validate import validate
    except ModuleNotFoundError:
        return own_completeness(store)
    return {a.id: scaled(a.completeness) for a in validate(store, lang=lang).agreements}


def scaled(figures: dict) -> dict:
    """The validator's figures with its percentage score turned into 0..1."""
    score = figures.get("score")
    return {**figures, "score": None if score is None else score / 100}


def score_help(lang: str) -> str:
    """How the completeness score is computed, in the reader's language."""
    try:
        from samverkan.validate import SCORE_FORMULA
    except ImportError:
        return translate("score_help", lang)
    return SCORE_FORMULA.get(lang) or SCORE_FORMULA["sv"]


def own_completeness(store: Store) -> dict[str, dict]:
    """Per agreement: how many commitments, and how many of their timeframe/measure/follow-up are given."""
    rows = store.select(sparql_prefixes() + """
SELECT ?a (COUNT(DISTINCT ?c) AS ?n) (COUNT(DISTINCT ?ct) AS ?t) (COUNT(DISTINCT ?cm) AS ?m) (COUNT(DISTINCT ?cf) AS ?f)
WHERE { ?c a sam:Commitment ; sam:inAgreement ?a .
  OPTIONAL { ?c sam:timeframe [] . BIND(?c AS ?ct) }
  OPTIONAL { ?c sam:activityMeasure [] . BIND(?c AS ?cm) }
  OPTIONAL { ?c sam:followUp [] . BIND(?c AS ?cf) } }
GROUP BY ?a""")
    out = {}
    for row in rows:
        n, t, m, f = (int(row[k].value) for k in ("n", "t", "m", "f"))
        out[row["a"].value] = {"commitments": n, "timeframe": t, "measure": m, "follow_up": f,
                               "score": (t + m + f) / (3 * n) if n else None}
    return out


def agreement_list(store: Store, lang: str, scores: dict[str, dict] | None = None) -> list[dict]:
    """Every agreement with its municipality, police party, period and completeness (`scores` when given,
    else computed), newest first."""
    found = nodes(store, "?s a sam:Agreement", lang=lang)
    parties = {p for n in found.values() for p in n.iris(SAM + "party")}
    party_types = _types(store, parties)
    names = label_map(store, parties, lang)
    scores = completeness(store, lang) if scores is None else scores
    out = []
    for iri, node in found.items():
        municipal = [p for p in node.iris(SAM + "party") if not (party_types.get(p, set()) & POLICE_TYPES)]
        police = [p for p in node.iris(SAM + "party") if party_types.get(p, set()) & POLICE_TYPES]
        out.append({
            "iri": iri, "label": node.label, "period": period_text(node, lang),
            "sort": (node.texts(SAM + "periodStart") or node.texts(SAM + "signedOn") or ["0"])[0],
            "municipality": [(p, names[p]) for p in municipal], "police": [(p, names[p]) for p in police],
            "completeness": scores.get(iri, {"commitments": 0, "score": None}),
        })
    return sorted(out, key=lambda a: (a["sort"], a["label"]), reverse=True)


def _types(store: Store, iris) -> dict[str, set[str]]:
    """rdf:type of each IRI, with the superclasses the ontology declares."""
    iris = [i for i in iris if i]
    if not iris:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in iris)
    rows = store.select(sparql_prefixes() + f"SELECT ?x ?t WHERE {{ VALUES ?x {{ {values} }} ?x a/rdfs:subClassOf* ?t }}")
    out: dict[str, set[str]] = defaultdict(set)
    for row in rows:
        out[row["x"].value].add(row["t"].value)
    return out


def agreement_page(store: Store, iri: str, lang: str) -> dict:
    """An agreement as an åtagandeplan: its facts, and areas → initiatives → commitments side by side."""
    agreement = one(store, iri, lang)
    parts = nodes(store, "?s sam:inAgreement ?a", {"a": ox.NamedNode(iri)}, lang)
    responsible = _incoming(store, parts, SAM + "responsibleFor")
    followers = [r["s"].value for r in store.select(
        sparql_prefixes() + "SELECT ?s WHERE { ?s sam:followsUp ?a }", {"a": ox.NamedNode(iri)})]
    mentioned = set(followers) | {o for n in [agreement, *parts.values()] for p in (
        SAM + "party", SAM + "committedBy", SAM + "theme", SAM + "usesMethod", SAM + "reportedTo",
        SAM + "signatory", SAM + "onBehalfOf", PROV + "wasDerivedFrom") for o in n.iris(p)}
    mentioned |= {o for orgs in responsible.values() for o in orgs}
    names = label_map(store, mentioned, lang)
    titles = _titles(store, [o for n in [agreement, *parts.values()] for o in n.iris(PROV + "wasDerivedFrom")], lang)
    party_types = _types(store, {p for n in parts.values() for p in n.iris(SAM + "committedBy")})

    def of_type(cls):
        return sorted((n for n in parts.values() if SAM + cls in n.types), key=Node.line_key)

    def commitment_view(c: Node) -> dict:
        sides = set()
        for p in c.iris(SAM + "committedBy"):
            sides.add("police" if party_types.get(p, set()) & POLICE_TYPES else "municipality")
        return {
            "iri": c.iri, "label": c.text(RDFS + "label", lang) or c.label, "sides": sides,
            "joint": len(sides) > 1, "parties": [(p, names.get(p, p)) for p in c.iris(SAM + "committedBy")],
            "responsible": [(r, names.get(r, r)) for r in responsible.get(c.iri, [])],
            "note": c.text(RDFS + "comment", lang),
            "timeframe": c.text(SAM + "timeframe", lang), "measure": c.text(SAM + "activityMeasure", lang),
            "follow_up": c.text(SAM + "followUp", lang), "source": source_of(c, titles),
        }

    commitments = [commitment_view(c) for c in of_type("Commitment")]
    by_initiative: dict[str | None, list] = defaultdict(list)
    by_area_loose: dict[str | None, list] = defaultdict(list)
    for c, node in zip(commitments, of_type("Commitment"), strict=True):
        initiative = (node.iris(SAM + "initiative") or [None])[0]
        if initiative:
            by_initiative[initiative].append(c)
        else:
            by_area_loose[(node.iris(SAM + "focusArea") or [None])[0]].append(c)

    def row(label, iri, items, node=None):
        return {"iri": iri, "label": label, "municipality": [c for c in items if "municipality" in c["sides"]],
                "police": [c for c in items if "police" in c["sides"]],
                "other": [c for c in items if not c["sides"]],
                "methods": [(m, names.get(m, m)) for m in (node.iris(SAM + "usesMethod") if node else [])],
                "timeframe": _column(items, "timeframe"), "measure": _column(items, "measure"),
                "follow_up": _column(items, "follow_up"), "source": source_of(node, titles) if node else None}

    areas = []
    area_nodes = of_type("FocusArea")
    for area in area_nodes + [None]:
        area_iri = area.iri if area else None
        rows = [row(i.label, i.iri, by_initiative.get(i.iri, []), i) for i in of_type("Initiative")
                if (i.iris(SAM + "focusArea") or [None])[0] == area_iri]
        if by_area_loose.get(area_iri):
            rows.append(row(None, None, by_area_loose[area_iri]))
        if area is None and not rows:
            continue
        areas.append({
            "iri": area_iri, "label": area.label if area else translate("no_initiative", lang),
            "description": area.text(DCTERMS + "description", lang) if area else None,
            "themes": [(th, names.get(th, th)) for th in (area.iris(SAM + "theme") if area else [])],
            "source": source_of(area, titles) if area else None, "rows": rows,
            "count": sum(len(r["municipality"]) + len(r["police"]) + len(r["other"]) - sum(
                1 for c in r["municipality"] if c["joint"]) for r in rows),
        })

    signatures = [{"who": names.get((s.iris(SAM + "signatory") or [""])[0], ""), "post": s.text(SAM + "post", lang),
                   "for": names.get((s.iris(SAM + "onBehalfOf") or [""])[0], "")} for s in of_type("Signature")]
    return {
        "iri": iri, "label": agreement.label, "description": agreement.text(DCTERMS + "description", lang),
        "comment": agreement.text(RDFS + "comment", lang),
        "parties": [(p, names.get(p, p)) for p in agreement.iris(SAM + "party")],
        "period": period_text(agreement, lang), "signed_on": (agreement.texts(SAM + "signedOn") or [None])[0],
        "signed_at": agreement.text(SAM + "signedAt", lang), "revision": agreement.text(SAM + "revision", lang),
        "follow_up_frequency": agreement.text(SAM + "followUpFrequency", lang),
        "followers": [(f, names.get(f, f)) for f in followers],
        "reported_to": [(r, names.get(r, r)) for r in agreement.iris(SAM + "reportedTo")],
        "source": source_of(agreement, titles), "signatures": signatures, "areas": areas,
        "completeness": own_completeness(store).get(iri, {"commitments": 0, "score": None}),
        "exists": bool(agreement.props),
    }


def _column(items: list[dict], key: str) -> dict:
    """One åtagandeplan column over a row's commitments: the distinct values given, and how many lack one."""
    values = []
    for c in items:
        if c[key] and c[key] not in values:
            values.append(c[key])
    return {"values": values, "missing": sum(1 for c in items if not c[key]), "total": len(items)}


def _incoming(store: Store, targets, pred: str) -> dict[str, list[str]]:
    if not targets:
        return {}
    values = " ".join(str(ox.NamedNode(i)) for i in targets)
    rows = store.select(f"SELECT ?s ?o WHERE {{ VALUES ?o {{ {values} }} ?s <{pred}> ?o }}")
    out: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        if isinstance(row["s"], ox.NamedNode):
            out[row["o"].value].append(row["s"].value)
    return {k: sorted(v) for k, v in out.items()}


def _titles(store: Store, docs, lang: str) -> dict[str, str]:
    docs = [d for d in set(docs) if d]
    if not docs:
        return {}
    found = nodes(store, "VALUES ?s { " + " ".join(str(ox.NamedNode(d)) for d in docs) + " }", lang=lang)
    return {d: (n.text(DCTERMS + "title", lang) or n.label) for d, n in found.items()}


def source_of(node: Node | None, titles: dict[str, str]) -> dict | None:
    """Where a statement comes from: the document, the section and the lines."""
    if node is None:
        return None
    docs = node.iris(PROV + "wasDerivedFrom")
    location = (node.texts(SAM + "sourceLocation") or [None])[0]
    lines = (node.texts(SAM + "sourceLines") or [None])[0]
    if not (docs or location or lines):
        return None
    return {"document": docs[0] if docs else None, "title": titles.get(docs[0]) if docs else None,
            "location": location, "lines": lines}


def roles_of(store: Store, iri: str, lang: str) -> dict:
    """What an organisation or forum does (outgoing roles) and who does what to it (incoming roles)."""
    role_values = " ".join(f"sam:{r}" for r in ROLES)
    # the context of a statement is the agreement or organisation description whose file (graph) states it
    rows = store.select(sparql_prefixes() + f"""
SELECT ?s ?p ?o ?ag WHERE {{
  VALUES ?p {{ {role_values} }}
  {{ GRAPH ?g {{ ?x ?p ?o }} BIND(?x AS ?s) }} UNION {{ GRAPH ?g {{ ?s ?p ?x }} BIND(?x AS ?o) }}
  OPTIONAL {{ VALUES ?ct {{ sam:Agreement sam:CitizenPromise sam:OrganisationDescription }} GRAPH ?g {{ ?ag a ?ct }} }}
}}""", {"x": ox.NamedNode(iri)})
    outgoing: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    incoming: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for row in rows:
        if not (isinstance(row["s"], ox.NamedNode) and isinstance(row["o"], ox.NamedNode)):
            continue
        role = row["p"].value[len(SAM):]
        if row["s"].value == iri:
            bucket = outgoing[role][row["o"].value]
        else:
            bucket = incoming[role][row["s"].value]
        if "ag" in row:
            bucket.add(row["ag"].value)
    everything = {i for d in (outgoing, incoming) for m in d.values() for i in m} | {
        a for d in (outgoing, incoming) for m in d.values() for s in m.values() for a in s}
    names = label_map(store, everything, lang)
    types = _types(store, {i for d in (outgoing, incoming) for m in d.values() for i in m})
    kind_names = label_map(store, {_main_type(t) for t in types.values()}, lang)

    def listing(d, words):
        out = []
        for role in ROLES:
            if role not in d:
                continue
            items = [{"iri": i, "label": names.get(i, i), "kind": kind_names.get(_main_type(types.get(i, set())), ""),
                      "agreements": sorted((a, names.get(a, a)) for a in ags if a != i)}
                     for i, ags in d[role].items()]
            out.append({"role": role, "word": words[role], "items": sorted(items, key=lambda x: x["label"])})
        return out

    return {"outgoing": listing(outgoing, ROLE_WORDS), "incoming": listing(incoming, INVERSE_ROLE_WORDS)}


_TYPE_ORDER = [SAM + c for c in ("Agreement", "Commitment", "Initiative", "FocusArea", "Council", "SteeringGroup",
                                 "CollaborationGroup", "Network", "Forum", "Municipality", "PoliceArea",
                                 "PoliceAuthority", "PoliceUnit", "Committee", "Administration", "MunicipalCompany",
                                 "Company", "Agency", "Theme", "WorkingMethod", "SourceDocument")]


def _main_type(types: set[str]) -> str:
    for t in _TYPE_ORDER:
        if t in types:
            return t
    return ""


def organisation_page(store: Store, iri: str, lang: str) -> dict:
    """An organisation across agreements: roles, memberships, commitments, units."""
    org = one(store, iri, lang)
    units = sorted(_incoming(store, [iri], ORG + "unitOf").get(iri, []) +
                   _incoming(store, [iri], ORG + "subOrganizationOf").get(iri, []))
    memberships = store.select(sparql_prefixes() + """
SELECT ?forum ?behalf ?desc WHERE { ?m org:member ?x ; org:organization ?forum .
  OPTIONAL { ?m sam:onBehalfOf ?behalf } OPTIONAL { ?m sam:memberDescription ?desc } }""", {"x": ox.NamedNode(iri)})
    commitments = nodes(store, "?s sam:committedBy ?x", {"x": ox.NamedNode(iri)}, lang)
    party_in = [r["a"].value for r in store.select(
        sparql_prefixes() + "SELECT ?a WHERE { ?a sam:party ?x }", {"x": ox.NamedNode(iri)})]
    parents = org.iris(ORG + "unitOf") + org.iris(ORG + "subOrganizationOf")
    mentioned = set(units) | set(party_in) | set(parents) | set(org.iris(SAM + "administrationOf")) | {
        r["forum"].value for r in memberships} | {a for c in commitments.values() for a in c.iris(SAM + "inAgreement")}
    mentioned |= {r["behalf"].value for r in memberships if "behalf" in r}
    mentioned |= {_main_type(t) for t in _types(store, [iri]).values()}
    names = label_map(store, mentioned, lang)
    by_agreement: dict[str, list] = defaultdict(list)
    for c in sorted(commitments.values(), key=Node.line_key):
        ag = (c.iris(SAM + "inAgreement") or [""])[0]
        by_agreement[ag].append({"iri": c.iri, "label": c.text(RDFS + "label", lang) or c.label,
                                 "timeframe": c.text(SAM + "timeframe", lang)})
    main = _main_type(_types(store, [iri]).get(iri, set()))
    return {
        "iri": iri, "label": org.label, "exists": bool(org.props), "kind": names.get(main, "") if main else "",
        "alt": [v for v in org.texts(SKOS + "altLabel")],
        "parents": [(p, names[p]) for p in parents],
        "administration_of": [(p, names[p]) for p in org.iris(SAM + "administrationOf")],
        "units": sorted(((u, names[u]) for u in units), key=lambda x: x[1]),
        "party_in": [(a, names[a]) for a in party_in],
        "memberships": [{"forum": (r["forum"].value, names[r["forum"].value]),
                         "behalf": (r["behalf"].value, names[r["behalf"].value]) if "behalf" in r else None,
                         "description": r["desc"].value if "desc" in r else None} for r in memberships],
        "commitments": [{"agreement": (a, names.get(a, a)), "items": items} for a, items in by_agreement.items()],
        "roles": roles_of(store, iri, lang),
    }


def forum_page(store: Store, iri: str, lang: str) -> dict:
    """A forum: what it is, its coordinator and members, how often it meets, what it takes part in."""
    forum = one(store, iri, lang)
    memberships = store.select(sparql_prefixes() + """
SELECT ?member ?behalf ?desc WHERE { ?m org:organization ?x .
  OPTIONAL { ?m org:member ?member } OPTIONAL { ?m sam:onBehalfOf ?behalf } OPTIONAL { ?m sam:memberDescription ?desc } }""",
                               {"x": ox.NamedNode(iri)})
    mentioned = {r[k].value for r in memberships for k in ("member", "behalf") if k in r}
    mentioned |= set(forum.iris(SAM + "forumOf")) | set(forum.iris(SAM + "usesMethod"))
    main = _main_type(_types(store, [iri]).get(iri, set()))
    mentioned.add(main)
    names = label_map(store, mentioned, lang)
    titles = _titles(store, forum.iris(PROV + "wasDerivedFrom"), lang)
    members = [{"member": (r["member"].value, names[r["member"].value]) if "member" in r else None,
                "behalf": (r["behalf"].value, names[r["behalf"].value]) if "behalf" in r else None,
                "description": r["desc"].value if "desc" in r else None} for r in memberships]
    return {
        "iri": iri, "label": forum.label, "exists": bool(forum.props), "kind": names.get(main, ""),
        "description": forum.text(DCTERMS + "description", lang), "comment": forum.text(RDFS + "comment", lang),
        "meeting_frequency": forum.text(SAM + "meetingFrequency", lang),
        "forum_of": [(o, names[o]) for o in forum.iris(SAM + "forumOf")],
        "methods": [(m, names[m]) for m in forum.iris(SAM + "usesMethod")],
        "members": sorted(members, key=lambda m: (m["member"] or ("", ""))[1]),
        "roles": roles_of(store, iri, lang), "source": source_of(forum, titles),
    }


SEARCH_KINDS = [("forum", SAM + "Forum"), ("commitment", SAM + "Commitment"), ("agreement", SAM + "Agreement"),
                ("organisation", ORG + "Organization"), ("organisation", ORG + "FormalOrganization"),
                ("organisation", ORG + "OrganizationalUnit")]


def search(store: Store, text: str, lang: str, limit: int = 200) -> dict[str, list[tuple[str, str]]]:
    """Organisations, forums, commitments and agreements whose label contains `text` (case-insensitive)."""
    text = text.strip()
    if not text:
        return {}
    rows = store.select(sparql_prefixes() + f"""
SELECT DISTINCT ?x ?root WHERE {{
  VALUES ?root {{ {" ".join(f"<{c}>" for _, c in SEARCH_KINDS)} }}
  ?x a/rdfs:subClassOf* ?root ; rdfs:label|skos:altLabel|skos:prefLabel ?l .
  FILTER(CONTAINS(LCASE(STR(?l)), LCASE(STR(?q))))
}} LIMIT {limit * 3}""", {"q": ox.Literal(text)})
    kind_of: dict[str, str] = {}
    order = [c for _, c in SEARCH_KINDS]
    for row in rows:
        if not isinstance(row["x"], ox.NamedNode):
            continue
        iri, root = row["x"].value, row["root"].value
        kind = {c: k for k, c in SEARCH_KINDS}[root]
        if iri not in kind_of or order.index(root) < order.index(
                next(c for k, c in SEARCH_KINDS if k == kind_of[iri])):
            kind_of[iri] = kind
    names = label_map(store, kind_of, lang)
    out: dict[str, list] = {}
    for kind in ("organisation", "forum", "commitment", "agreement"):
        items = sorted(((i, names[i]) for i, k in kind_of.items() if k == kind), key=lambda x: x[1])
        if items:
            out[kind] = items[:limit]
    return out


def resource_page(store: Store, iri: str, lang: str) -> dict:
    """Any thing: its statements and what refers to it (for themes, methods, documents, people)."""
    node = one(store, iri, lang)
    incoming = store.select("SELECT ?s ?p WHERE { ?s ?p ?x FILTER(isIRI(?s)) } LIMIT 500", {"x": ox.NamedNode(iri)})
    mentioned = {p for p in node.props} | {o.value for objs in node.props.values() for o in objs
                                           if isinstance(o, ox.NamedNode)}
    mentioned |= {r["s"].value for r in incoming} | {r["p"].value for r in incoming}
    names = label_map(store, mentioned, lang)
    statements = []
    for pred, objs in node.props.items():
        for o in objs:
            if isinstance(o, ox.NamedNode):
                statements.append((names.get(pred, pred), (o.value, names.get(o.value, o.value)), None))
            elif isinstance(o, ox.Literal):
                statements.append((names.get(pred, pred), None, o.value))
    refs = sorted({(names.get(r["p"].value, r["p"].value), r["s"].value, names.get(r["s"].value, r["s"].value))
                   for r in incoming})
    return {"iri": iri, "label": node.label, "exists": bool(node.props) or bool(refs),
            "statements": sorted(statements, key=lambda s: (s[0], str(s[1] or s[2]))), "refs": refs}


def view_target(store: Store, iri: str, lang: str) -> str | None:
    """The page that shows a thing, by its type: "" when it has no page of its own, None when unknown."""
    types = _types(store, [iri]).get(iri, set())
    if not types and not store.ask("ASK WHERE { { ?x ?p ?o } UNION { ?s ?p ?x } }", {"x": ox.NamedNode(iri)}):
        return None
    page = thing_url(iri, lang)
    kind = (iri[len(ID):].split("/", 1)[0]) if iri.startswith(ID) else ""
    fits = {"agreement": {SAM + "Agreement", SAM + "FocusArea", SAM + "Initiative", SAM + "Commitment",
                          SAM + "Goal", SAM + "Indicator", SAM + "Signature"},
            "org": {ORG + "Organization", ORG + "FormalOrganization", ORG + "OrganizationalUnit", SAM + "Party"},
            "forum": {SAM + "Forum"}}
    return page if kind in fits and types & fits[kind] else ""
