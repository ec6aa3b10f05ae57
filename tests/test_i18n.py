"""The message catalogues (samverkan/locale/{sv,en}/LC_MESSAGES/messages.po): every message the pages use has a
Swedish and an English entry, and the two agree on their placeholders."""

from __future__ import annotations

import ast
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
#: the modules whose words the CLI prints, and the follow-up and validation words (serve_commands.py's start-up
#: lines are still English: not yet in this list)
CLI = [*sorted(p for p in (REPO / "samverkan" / "cli").glob("*.py") if p.name != "serve_commands.py"),
       REPO / "samverkan" / "validate" / "render.py",
       *sorted((REPO / "samverkan" / "followup").glob("*.py")), REPO / "samverkan" / "editors.py"]
#: how those modules name a catalogue key: function → (argument position of the key, prefix, plural)
CLI_KEYWORDS = {"say": (1, "", False), "say_n": (1, "", True), "gettext": (1, "", False), "Worded": (1, "", False),
                "WordedSourceError": (3, "", False), "_msg": (1, "fu_err_", False), "heading": (1, "fu_col_", False)}
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


def cli_keys() -> set[str]:
    """Every catalogue key the CLI, validation and follow-up modules pass to say/say_n/gettext/Worded/_msg, and
    those they build at run time (the sheet's column headings, the completeness rows, counted words)."""
    from samverkan.followup.sheet import COLUMNS
    from samverkan.validate.render import ROWS, WORD_KEYS

    keys: set[str] = {*(f"fu_col_{key}" for key, _ in COLUMNS), *(key for _, key in ROWS), *WORD_KEYS.values(),
                      *(f"cli_count_{word}" for word in ("commitment", "initiative", "area")),
                      *(f"severity_one_{s}" for s in ("violation", "warning", "info"))}
    for path in CLI:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name not in CLI_KEYWORDS:
                continue
            position, prefix, plural = CLI_KEYWORDS[name]
            if len(node.args) >= position and isinstance(node.args[position - 1], ast.Constant):
                keys.add(prefix + node.args[position - 1].value)  # a plural's entry is under its singular's key
    return keys


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


def test_every_cli_message_has_both_languages():
    """Issue 14 (the CLI speaks from the same catalogue): a key the CLI, the validation text or the follow-up
    library uses without a Swedish and an English entry fails here."""
    used = cli_keys()
    assert {"cli_error", "cli_built", "cli_loaded", "fu_err_needs_date", "val_score", "fu_col_id"} <= used  # read
    for lang in ("sv", "en"):
        missing = sorted(used - set(entries(lang)))
        assert not missing, f"{lang}: no entry for {missing}"


#: calls whose text a person reads: what the CLI prints, and the errors it prints
_SHOWN = {"echo", "fail", "prompt", "SamverkanError", "SourceError", "Worded", "WordedSourceError", "BadParameter"}
_WORD = re.compile(r"[A-Za-zÅÄÖåäö]{2,}")
_OPTION = re.compile(r"--?[a-z][a-z-]*")


def _literal_words(node: ast.AST) -> list[str]:
    """The words in the string literals of an expression (f-string parts included, calls' own arguments not)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [] if _OPTION.fullmatch(node.value) else _WORD.findall(node.value)  # an option's name: --report
    if isinstance(node, ast.JoinedStr):
        return [w for part in node.values if isinstance(part, ast.Constant) for w in _WORD.findall(part.value)]
    if isinstance(node, ast.BinOp):
        return _literal_words(node.left) + _literal_words(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_words(node.body) + _literal_words(node.orelse)
    return []


@pytest.mark.parametrize("path", CLI, ids=lambda p: str(p.relative_to(REPO)))
def test_the_cli_prints_no_words_of_its_own(path):
    """Issue 14: what the CLI prints (typer.echo, fail, prompts, the errors it raises) holds no words written in the
    Python module: they come from the catalogue (the key is the first argument of Worded, not a word). And no word
    table is left: no {"sv": …, "en": …} dict and no `lang == "sv"` branch."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name in _SHOWN:
                skip = 1 if name in ("Worded",) else 3 if name == "WordedSourceError" else 0
                args = [a for i, a in enumerate(node.args) if not (skip and i == skip - 1)]
                found += [(node.lineno, w) for a in args for w in _literal_words(a)]
        if isinstance(node, ast.Dict):
            tags = {k.value for k in node.keys if isinstance(k, ast.Constant)}
            if {"sv", "en"} <= tags:
                found.append((node.lineno, "a {sv, en} word table"))
        if isinstance(node, ast.Compare) and any(isinstance(c, ast.Constant) and c.value in ("sv", "en")
                                                 for c in node.comparators):
            found.append((node.lineno, "a branch on the language"))
    assert not found, f"{path.name}: words not from the catalogue at {found}"


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
