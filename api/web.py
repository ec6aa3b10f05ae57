"""What the HTML pages share: the template environment, the reader's language, the words, links to pages.
Presentation only: the pages get their data from samverkan.resources, as the JSON API does."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from samverkan import i18n
from samverkan.labels import LANGUAGES
from samverkan.namespaces import ID
from samverkan.resources import INVERSE_ROLES, ROLES

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"


def get_lang(request: Request) -> str:
    """The reader's language: ?lang=en or ?lang=sv, Swedish by default."""
    lang = (request.query_params.get("lang") or "sv").lower()
    return lang if lang in LANGUAGES else "sv"


def translate(key: str, lang: str, **values) -> str:
    """The message `key` of the catalogue (samverkan/locale) in `lang`, with %(placeholders)s filled in."""
    return i18n.gettext(key, lang, **values)


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
        if kind in ("theme", "method") and tail and "/" not in tail:
            return page_url(f"/{kind}s/{tail}", lang)
        if kind == "document" and tail and "/" not in tail:
            return page_url(f"/documents/{tail}", lang)
        if kind == "agreement" and tail:
            slug, _, inner = tail.partition("/")
            base = page_url(f"/agreements/{slug}", lang)
            return base + ("#" + anchor(iri) if inner else "")
    return page_url("/view", lang, iri=iri)


def source_url(document: str, lines: str | None, lang: str) -> str:
    """The document page opened at `lines` (44, 40-44), highlighted; the document's page when no lines."""
    from samverkan.resources import line_span

    url = thing_url(document, lang)
    span = sorted(line_span(lines))
    if not span or not url.startswith("/documents/"):
        return url
    return page_url(url.split("?", 1)[0], lang, lines=lines) + f"#L{span[0]}"


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


def _env(lang: str) -> Environment:
    """The template environment of one language: Jinja2's i18n extension over that language's catalogue."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(i18n.translations(lang), newstyle=True)
    env.filters["percent"] = lambda score: i18n.format_percent(score, lang)  # the validator's 0–100 score
    env.filters["number"] = lambda value, digits=None: i18n.format_number(value, lang, digits)
    env.filters["date"] = lambda value: i18n.format_date(value, lang)
    env.filters["on_side"] = on_side
    env.globals.update(role_headings=ROLE_HEADINGS, inverse_role_headings=INVERSE_ROLE_HEADINGS)
    env.globals["t"] = env.globals["gettext"]  # the older spelling, still used by some templates
    return env


ENVS = {lang: _env(lang) for lang in LANGUAGES}


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    """Render a page template in the reader's language, with the link helpers every page uses."""
    lang = get_lang(request)
    other = "en" if lang == "sv" else "sv"
    params = dict(request.query_params)
    params.pop("lang", None)
    if other != "sv":
        params["lang"] = other
    switch = request.url.path + ("?" + urlencode(params) if params else "")

    def url(path: str, **params) -> str:
        return page_url(path, lang, **params)

    def link(iri: str) -> str:
        return thing_url(iri, lang)

    def period(agreement: dict) -> str:
        return period_text(agreement, lang)

    def source_link(document: str, lines: str | None = None) -> str:
        return source_url(document, lines, lang)

    def verdict(counts: dict) -> dict:
        from samverkan.validate.digest import verdict as say

        return say(counts, lang)

    html = ENVS[lang].get_template(template).render(
        request=request, account=account(request), lang=lang, url=url, link=link, anchor=anchor, period=period, verdict=verdict, source_link=source_link,
        score_help=translate("score_formula", lang), switch_url=switch, current=request.url.path, **context,
    )
    return HTMLResponse(html, status_code=status_code)


def account(request: Request) -> dict | None:
    """The signed-in editor's name and CSRF token for the page's header, {} when nobody is signed in, None when
    the deployment has no editors (the read-only site shows no sign-in link)."""
    from .auth import get_auth

    auth = get_auth(request)
    if not auth.enabled:
        return None
    session = auth.session(request)
    return {"name": session.editor.name, "csrf": session.csrf} if session else {}


def period_text(agreement: dict, lang: str) -> str:
    """An agreement's period as a reader writes it: 2022–2024, 2015 (tills vidare), or an empty string."""
    period = agreement.get("period") or {}
    start, end = period.get("start") or "", period.get("end") or ""
    text = f"{start}–{end}" if start and end else start or end
    if period.get("until_further_notice"):
        text = text or (agreement.get("signed") or "")[:4]
        text = (text + " " if text else "") + "(" + translate("until_further_notice", lang) + ")"
    return text


def short_id(iri: str) -> str:
    """The part of an IRI after the id base (org/marks-kommun), for URLs a reader can read; other IRIs as they are."""
    return iri[len(ID):] if iri.startswith(ID) else iri


def newest_first(agreements: list[dict]) -> list[dict]:
    """Agreements by the start of their period (else their signing date), newest first."""
    return sorted(agreements, key=lambda a: ((a["period"].get("start") or a.get("signed") or "0"), a["label"]),
                  reverse=True)
