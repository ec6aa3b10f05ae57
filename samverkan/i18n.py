"""Words people read, from the gettext catalogues in samverkan/locale/<lang>/LC_MESSAGES/messages.po.

One entry per message, Swedish and English; message ids are short keys (`agreements`, `missing_for`) so a
template reads `_("agreements")` and a missing translation is easy to find (tests/test_i18n.py fails on one).
The .po files are the source: they are compiled in memory with Babel when first used, so a fresh clone needs
no build step and no .mo file is kept in the repository. Numbers, percentages and dates go through Babel's
CLDR data (`82,1 %` in Swedish, `82.1%` in English)."""

from __future__ import annotations

import io
import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from .errors import SamverkanError, SourceError
from .labels import LANGUAGES

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"
#: Babel locale per language of the site
LOCALES = {"sv": "sv_SE", "en": "en_GB"}


def po_path(lang: str) -> Path:
    """The catalogue file of one language."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def read_catalog(lang: str):
    """The Babel Catalog read from the language's .po file."""
    from babel.messages.pofile import read_po

    with po_path(lang).open("rb") as handle:
        return read_po(handle, locale=LOCALES[lang].split("_")[0], domain=DOMAIN)


@lru_cache(maxsize=len(LANGUAGES))
def translations(lang: str):
    """gettext translations for `lang` (Swedish for an unknown language), compiled from the .po.

    The compiled catalogue is kept as a .mo in a __pycache__ folder beside the .po, named by the .po's hash (as
    Python keeps bytecode), so a command need not import Babel and parse the .po each time it starts; where that
    folder cannot be written, the catalogue is compiled in memory."""
    import gettext as stdlib_gettext
    import hashlib

    lang = lang if lang in LANGUAGES else "sv"
    source = po_path(lang).read_bytes()
    cached = po_path(lang).parent / "__pycache__" / f"{DOMAIN}.{hashlib.sha256(source).hexdigest()[:16]}.mo"
    try:
        with cached.open("rb") as handle:
            return stdlib_gettext.GNUTranslations(handle)
    except OSError:
        pass
    compiled = _compile(lang)
    try:
        cached.parent.mkdir(exist_ok=True)
        for old in cached.parent.glob(f"{DOMAIN}.*.mo"):
            old.unlink(missing_ok=True)
        partial = cached.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(compiled)
        os.replace(partial, cached)
    except OSError:
        pass
    return stdlib_gettext.GNUTranslations(io.BytesIO(compiled))


def _compile(lang: str) -> bytes:
    """The .mo bytes of the language's .po (Babel)."""
    from babel.messages.mofile import write_mo

    buffer = io.BytesIO()
    write_mo(buffer, read_catalog(lang))
    return buffer.getvalue()


def gettext(key: str, lang: str, **values) -> str:
    """The message `key` in `lang`, with %(name)s placeholders filled from `values`."""
    text = translations(lang).gettext(key)
    return text % values if values else text


def ngettext(singular: str, plural: str, n: int, lang: str, **values) -> str:
    """The singular or plural message for `n`, with %(num)s and the other placeholders filled in."""
    text = translations(lang).ngettext(singular, plural, n)
    return text % {"num": n, **values}


def format_percent(value: float | None, lang: str, digits: int = 1) -> str:
    """A 0–100 score as a reader writes it: `82,1 %` (sv), `82.1%` (en); an empty string for None."""
    from babel.numbers import format_percent as babel_percent

    if value is None:
        return ""
    pattern = "#,##0" + ("." + "0" * digits if digits else "") + "\u00a0%" if lang == "sv" else None
    pattern = pattern or "#,##0" + ("." + "0" * digits if digits else "") + "%"
    return babel_percent(value / 100, format=pattern, locale=locale(lang))


def format_number(value: float | int | None, lang: str, digits: int | None = None) -> str:
    """A number in the reader's format: `0,24` and `1 234` in Swedish, `0.24` and `1,234` in English."""
    from babel.numbers import format_decimal

    if value is None:
        return ""
    if digits is None:
        return format_decimal(value, locale=locale(lang))
    return format_decimal(value, format="#,##0." + "0" * digits if digits else "#,##0", locale=locale(lang))


def format_date(value: date | str | None, lang: str) -> str:
    """A date as a reader writes it: `4 december 2026` (sv), `4 December 2026` (en); text that is not an
    ISO date (`2015`, `2022-05`) is returned as it is."""
    from babel.dates import format_date as babel_date

    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            return value
    return babel_date(value, format="long", locale=locale(lang))


def locale(lang: str) -> str:
    return LOCALES.get(lang, LOCALES["sv"])


class Worded(SamverkanError):
    """An error whose message is a catalogue entry, so each reader gets it in their language (`text(lang)`);
    `str()` is the Swedish text. `where` (a file, file:line or an option) goes before it."""

    def __init__(self, key: str, where: str | None = None, **values):
        self.key, self.where, self.values = key, where, values
        super().__init__(self.text("sv"))

    def text(self, lang: str) -> str:
        said = gettext(self.key, lang, **self.values)
        return f"{self.where}: {said}" if self.where else said


class WordedSourceError(SourceError):
    """A SourceError (`file:line:column: message`) whose message is a catalogue entry: `text(lang)`."""

    def __init__(self, path: str, line: int | None, key: str, column: int | None = None, **values):
        self.key, self.values = key, values
        super().__init__(path, line, gettext(key, "sv", **values), column)

    def text(self, lang: str) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}" + (f":{self.column}" if self.column else "")
        return f"{where}: {gettext(self.key, lang, **self.values)}"


def error_text(exc: BaseException, lang: str) -> str:
    """An error in the reader's language: a worded error's catalogue entry, the catalogue's sentence for a thing
    not found or ambiguous (with the candidates), else the error's own message."""
    from .errors import Ambiguous, NotFound

    cause = exc.__cause__
    if isinstance(cause, NotFound | Ambiguous) and not isinstance(exc, NotFound | Ambiguous | Worded):
        exc = cause
    if isinstance(exc, Worded | WordedSourceError):
        return exc.text(lang)
    if isinstance(exc, NotFound | Ambiguous) and getattr(exc, "kind", None):
        kind = exc.kind.replace(" ", "_")
        if isinstance(exc, Ambiguous):
            return (gettext("ambiguous_thing", lang, kind=_kind("kind_name_", kind, lang), value=exc.value) + " "
                    + gettext("could_be", lang, candidates=", ".join(exc.candidates[:10])))
        text = gettext("not_found_thing", lang, kind=_kind("kind_none_", kind, lang), value=exc.value)
        if getattr(exc, "valid", None):  # every valid name (an unknown named query)
            text += " " + gettext("valid_names", lang, names=", ".join(exc.valid))
        elif exc.candidates:
            text += " " + gettext("did_you_mean", lang, candidates=", ".join(exc.candidates[:10]))
        return text
    return str(exc)


def _kind(prefix: str, kind: str, lang: str) -> str:
    word = gettext(prefix + kind, lang)
    return word if word != prefix + kind else gettext(prefix + "any", lang)
