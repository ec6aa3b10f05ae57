"""The message catalogues (samverkan/locale/{sv,en}/LC_MESSAGES/messages.po): every message the pages use has a
Swedish and an English entry, and the two agree on their placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from api.routers.lists import STATUSES
from samverkan import i18n
from samverkan.resolve import KINDS
from samverkan.resources import ROLES

REPO = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((REPO / "api" / "templates").glob("*.j2"))
PYTHON = [REPO / "api" / "web.py", *sorted((REPO / "api" / "routers").glob("*.py"))]
#: keys the templates build at run time ("severity_" ~ sev, "kind_" ~ kind, role headings)
DYNAMIC = {*(f"severity_{s}" for s in ("violation", "warning", "info")),
           *(f"kind_{k}" for k in ("organisation", "forum", "commitment", "agreement")),
           *ROLES, "coordinator", "led_by", "responsible_org", "participants", "supported_by", "followed_up_by",
           "not_found", "ambiguous",
           *(f"kind_{form}_{k}" for form in ("name", "none") for k in [*KINDS, "query", "iri"]),
           *(f"status_{s}" for s in STATUSES),
           *(f"{part}_{name}" for part in ("list", "intro")
             for name in ("agreements", "organisations", "forums", "police_areas", "themes", "methods"))}
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def used_keys() -> set[str]:
    """Every literal message id in the templates (_(), gettext, ngettext, t()) and in api's translate() calls."""
    keys: set[str] = set()
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "t": None}
    for path in TEMPLATES:
        for _, message, _, _ in extract_from_file("jinja2.ext:babel_extract", str(path), keywords=keywords,
                                                  options={"extensions": "jinja2.ext.i18n", "trim_blocks": "1",
                                                           "lstrip_blocks": "1"}):
            keys.add(message[0] if isinstance(message, tuple) else message)  # a plural's id is its singular's
    for path in PYTHON:
        for _, message, _, _ in extract_from_file("python", str(path), keywords={"translate": None}):
            keys.add(message)
    return {k for k in keys if k and not k.endswith("_")}  # "kind_name_" + kind: listed in DYNAMIC


def entries(lang: str) -> dict[str, tuple[str, ...]]:
    return {(m.id if isinstance(m.id, str) else m.id[0]): (m.string if isinstance(m.string, tuple) else (m.string,))
            for m in i18n.read_catalog(lang) if m.id}


def test_templates_use_messages_and_every_one_has_both_languages():
    """Issue 14 (words from gettext catalogues): a message used on a page without a Swedish or an English
    entry fails here; so does an empty translation."""
    used = used_keys() | DYNAMIC
    assert len(used) > 100  # the extraction really read the templates
    for lang in ("sv", "en"):
        catalogue = entries(lang)
        missing = sorted(used - set(catalogue))
        assert not missing, f"{lang}: no entry for {missing}"
        empty = sorted(k for k, texts in catalogue.items() if not all(t.strip() for t in texts))
        assert not empty, f"{lang}: empty translation for {empty}"


def test_both_catalogues_hold_the_same_messages_with_the_same_placeholders():
    """Issue 14 (words from gettext catalogues): Swedish and English have one entry per message each, and a
    placeholder such as %(n)s in one is in the other."""
    sv, en = entries("sv"), entries("en")
    assert set(sv) == set(en)
    for key in sv:
        assert {*_PLACEHOLDER.findall(" ".join(sv[key]))} == {*_PLACEHOLDER.findall(" ".join(en[key]))}, key


def test_no_word_table_is_left_in_the_web_module():
    """Issue 14: the page words come from the catalogue, not from a dict in api/web.py."""
    source = (REPO / "api" / "web.py").read_text(encoding="utf-8")
    assert "WORDS" not in source and "Överenskommelser" not in source


@pytest.mark.parametrize("lang, score, shown", [("sv", 82.14, "82,1\u00a0%"), ("en", 82.14, "82.1%"),
                                                 ("sv", 100, "100,0\u00a0%")])
def test_percentages_in_the_readers_format(lang, score, shown):
    """Issue 14 (Swedish formats): percentages with a decimal comma and a space before % in Swedish."""
    assert i18n.format_percent(score, lang) == shown


def test_numbers_in_the_readers_format():
    """Issue 14 (Swedish formats): `0,24` and `1 234` in Swedish, `0.24` and `1,234` in English."""
    assert i18n.format_number(0.24, "sv") == "0,24" and i18n.format_number(0.24, "en") == "0.24"
    assert i18n.format_number(1234, "sv") == "1\u00a0234" and i18n.format_number(1234, "en") == "1,234"
