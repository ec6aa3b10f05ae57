"""The council report as HTML (Jinja2) and PDF (WeasyPrint)."""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from ..followup.files import atomic_write

_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"), autoescape=select_autoescape(),
                   trim_blocks=True, lstrip_blocks=True)

WORDS = {
    "title": ("Uppföljning {year}", "Follow-up {year}"),
    "report_to": ("Rapport till", "Report to"),
    "parties": ("Parter", "Parties"), "period": ("Period", "Period"), "signed": ("Undertecknad", "Signed"),
    "signatories": ("Undertecknare", "Signatories"), "followed_up_by": ("Följs upp av", "Followed up by"),
    "frequency": ("Uppföljning", "Follow-up"), "until_further_notice": ("tills vidare", "until further notice"),
    "source": ("Källa", "Source"), "lines": ("rader", "lines"),
    "summary": ("Sammanfattning", "Summary"), "promised": ("Vad överenskommelsen lovar", "What the agreement promises"),
    "status_year": ("Läget {year} per åtagande", "Status {year} per commitment"),
    "changes": ("Vad har ändrats sedan {year}", "What changed since {year}"),
    "no_changes": ("Inga ändringar jämfört med förra året.", "No changes compared with last year."),
    "completeness": ("Fullständighet och kontroller", "Completeness and checks"),
    "indicators": ("Indikatorer", "Indicators"), "no_indicators": ("Överenskommelsen anger inga indikatorer.", "The agreement names no indicators."),
    "no_value": ("inget värde registrerat", "no value recorded"),
    "network": ("Samverkansnätverket", "The coordination network"),
    "area": ("Samverkansområde", "Focus area"), "initiative": ("Insats", "Initiative"), "commitment": ("Åtagande", "Commitment"),
    "party": ("Part", "Party"), "timeframe": ("Tidsplan", "Timeframe"), "measure": ("Aktivitetsmått", "Activity measure"),
    "status": ("Status", "Status"), "comment": ("Kommentar", "Comment"), "date": ("Datum", "Date"),
    "value": ("Värde", "Value"), "last_year": ("{year}", "{year}"), "this_year": ("{year}", "{year}"),
    "no_follow_up": ("Ingen uppföljning registrerad för {year}.", "No follow-up recorded for {year}."),
    "follow_up_file": ("Uppföljningen {year} står i {file}.", "The follow-up {year} is in {file}."),
    "counts": ("{n} av {total} åtaganden", "{n} of {total} commitments"),
    "not_ended": ("Året har inte gått ut ännu; läget är preliminärt.", "The year has not ended yet; the status is preliminary."),
    "missing_years": ("Andra år som har gått utan registrerad uppföljning: {years}.", "Other years that have ended with no follow-up recorded: {years}."),
    "planned": ("Planerad uppföljning", "Planned follow-up"),
    "findings_none": ("Kontrollerna hittar inga brister i årets uppföljning.", "The checks find no gaps in this year's follow-up."),
    "other_findings": ("Övriga kontroller av överenskommelsen: {text} (se samverkan validate).", "Other checks of the agreement: {text} (see samverkan validate)."),
    "violation": ("fel", "errors"), "warning": ("varningar", "warnings"), "info": ("råd", "advice"),
    "score": ("Överenskommelsens fullständighet: {score} %.", "The agreement's completeness: {score} %."),
    "made": ("Gjord {date} med Samverkan ur kunskapsgrafen.", "Made {date} by Samverkan from the knowledge graph."),
    "network_source": ("Nätverket är ritat ur överenskommelsens egna uppgifter om vem som samordnar, leder, ansvarar för och deltar i vad.",
                       "The network is drawn from the agreement's own statements of who coordinates, leads, is responsible for and takes part in what."),
    "page": ("Sida", "Page"), "goal": ("Mål", "Goal"), "indicator": ("Indikator", "Indicator"),
}


def _t(lang: str):
    def t(key: str, **kw) -> str:
        sv, en = WORDS[key]
        return (en if lang == "en" else sv).format(**kw)
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
        from ..errors import SamverkanError

        raise SamverkanError(f"{path}: the report is written as .pdf or .html, not {fmt!r} (choose with the file name or --format)")
