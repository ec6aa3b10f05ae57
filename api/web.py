"""What the HTML pages share: the template environment, the reader's language, the words, links to pages.
Presentation only: the pages get their data from samverkan.resources, as the JSON API does."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from samverkan.labels import LANGUAGES
from samverkan.namespaces import ID
from samverkan.resources import INVERSE_ROLES, ROLES
from samverkan.validate import SCORE_FORMULA

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
    "planned_follow_up": {"sv": "planerad uppföljning", "en": "planned follow-up"},
    "done_follow_up": {"sv": "genomförd uppföljning", "en": "follow-up done"},
    "no_done_follow_up": {"sv": "ingen genomförd uppföljning registrerad", "en": "no follow-up recorded"},
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
    "page_of": {"sv": "Sida {number} av {pages} ({size} överenskommelser per sida, {keys} i alla)",
                "en": "Page {number} of {pages} ({size} agreements per page, {keys} in all)"},
    "page_of_1": {"sv": "Sida {number} av {pages} (1 överenskommelse per sida, {keys} i alla)",
                  "en": "Page {number} of {pages} (1 agreement per page, {keys} in all)"},
    "previous_page": {"sv": "Föregående sida", "en": "Previous page"},
    "next_page": {"sv": "Nästa sida", "en": "Next page"},
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


#: the roles a thing has, in reading order, with the word each is headed by (keys of samverkan.resources)
ROLE_HEADINGS = [(key, key) for key in ROLES]
#: the same roles held by others towards the thing (its coordinator, …)
INVERSE_ROLE_HEADINGS = list(zip(INVERSE_ROLES.values(), ["coordinator", "led_by", "responsible_org", "participants",
                                                          "supported_by", "followed_up_by"], strict=True))


def on_side(commitments: list[dict], side: str | None) -> list[dict]:
    """The commitments made by the municipality's or the police's side (None: those with no party)."""
    return [c for c in commitments if (side in c["sides"] if side else not c["sides"])]


def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["percent"] = lambda score: f"{round(score)} %"  # the validator's 0–100 score
    env.filters["on_side"] = on_side
    env.globals.update(role_headings=ROLE_HEADINGS, inverse_role_headings=INVERSE_ROLE_HEADINGS)
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

    def period(agreement: dict) -> str:
        return period_text(agreement, lang)

    html = ENV.get_template(template).render(
        request=request, lang=lang, t=t, url=url, link=link, anchor=anchor, period=period,
        score_help=score_help(lang), switch_url=switch, current=request.url.path, **context,
    )
    return HTMLResponse(html, status_code=status_code)


def trusted_html(fragment: str) -> Markup:
    """Mark HTML produced by the library's own renderers (which escape their data) as safe to embed."""
    return Markup(fragment)


def score_help(lang: str) -> str:
    """How the validator computes the completeness score, in the reader's language."""
    return SCORE_FORMULA.get(lang) or SCORE_FORMULA["sv"]


def period_text(agreement: dict, lang: str) -> str:
    """An agreement's period as a reader writes it: 2022–2024, 2015 (tills vidare), or an empty string."""
    period = agreement.get("period") or {}
    start, end = period.get("start") or "", period.get("end") or ""
    text = f"{start}–{end}" if start and end else start or end
    if period.get("until_further_notice"):
        text = text or (agreement.get("signed") or "")[:4]
        text = (text + " " if text else "") + "(" + translate("until_further_notice", lang) + ")"
    return text


def newest_first(agreements: list[dict]) -> list[dict]:
    """Agreements by the start of their period (else their signing date), newest first."""
    return sorted(agreements, key=lambda a: ((a["period"].get("start") or a.get("signed") or "0"), a["label"]),
                  reverse=True)
