"""The council report as HTML (Jinja2) and PDF (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..followup.files import atomic_write
from ..i18n import Worded, gettext

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(),
                   trim_blocks=True, lstrip_blocks=True)


def _t(lang: str):
    """The template's `t(key, **values)`: the catalogue's `rep_<key>` in the report's language."""
    def t(key: str, **values) -> str:
        return gettext("rep_" + key, lang, **values)
    return t


def render_html(data: dict) -> str:
    """The report as a standalone HTML document (A4 print styles, no navigation)."""
    return _ENV.get_template("report.html.j2").render(**data, t=_t(data["lang"]))


def render_pdf(html: str) -> bytes:
    """The HTML report as PDF through WeasyPrint."""
    from weasyprint import HTML  # imported here: it loads Pango, ≈ 0.5 s

    return HTML(string=html, base_url=str(Path(__file__).parent)).write_pdf()


def write_report(data: dict, path: Path, fmt: str | None = None) -> None:
    """Write the report as .html or .pdf (by `fmt`, else the file name), atomically."""
    fmt = fmt or Path(path).suffix.lower().lstrip(".")
    html = render_html(data)
    if fmt == "html":
        atomic_write(Path(path), html.encode("utf-8"))
    elif fmt == "pdf":
        atomic_write(Path(path), render_pdf(html))
    else:
        raise Worded("rep_err_format", str(path), fmt=repr(fmt))
