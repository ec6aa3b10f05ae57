"""The report as text (for people), JSON (for scripts), Turtle (the SHACL report) and HTML."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from ..namespaces import PREFIXES
from ..output import render_table
from .engine import SH, SHAPES_NS
from .report import SCORE_FORMULA, AgreementReport, Finding, ValidationReport, pick

SEVERITY_NAMES = {
    "sv": {"violation": "Fel", "warning": "Varning", "info": "Info"},
    "en": {"violation": "Violation", "warning": "Warning", "info": "Info"},
}

ROWS = {
    "sv": [("commitments", "Åtaganden"), ("with_party", "med åtagande part"), ("with_responsible", "med ansvarig enhet"),
           ("with_timeframe", "med tidsplan"), ("with_measure", "med aktivitetsmått"),
           ("with_own_follow_up", "med egen uppföljning"),
           ("covered_by_agreement_follow_up", "omfattas av överenskommelsens uppföljning")],
    "en": [("commitments", "Commitments"), ("with_party", "with committing party"),
           ("with_responsible", "with responsible unit"), ("with_timeframe", "with timeframe"),
           ("with_measure", "with activity measure"), ("with_own_follow_up", "with own follow-up"),
           ("covered_by_agreement_follow_up", "covered by agreement follow-up")],
}

WORDS = {
    "sv": {"completeness": "Fullständighet", "count": "Antal", "share": "Andel", "score": "Poäng",
           "findings": "Brister och råd per insats", "none": "Inga brister.", "conforms": "uppfyller kraven (inga fel)",
           "not_conforms": "UPPFYLLER INTE KRAVEN (fel finns)", "no_agreements": "Inga överenskommelser i grafen.",
           "title": "Validering av samverkansöverenskommelser", "commitment": "åtagande", "party": "part",
           "source": "källa", "path": "egenskap", "summary": "{v} fel, {w} varningar, {i} info"},
    "en": {"completeness": "Completeness", "count": "Count", "share": "Share", "score": "Score",
           "findings": "Findings by initiative", "none": "No findings.", "conforms": "conforms (no violations)",
           "not_conforms": "DOES NOT CONFORM (violations found)", "no_agreements": "No agreements in the graph.",
           "title": "Validation of collaboration agreements", "commitment": "commitment", "party": "party",
           "source": "source", "path": "property", "summary": "{v} violations, {w} warnings, {i} info"},
}


def _lang(lang: str) -> str:
    return lang if lang in WORDS else "sv"


def shorten(text: str | None, width: int = 72) -> str:
    """One line, at most `width` characters, cut at a word with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[: width - 1].rsplit(" ", 1)[0]
    return (cut if len(cut) > width // 2 else text[: width - 1]) + "…"


def completeness_rows(agreement: AgreementReport, lang: str) -> list[tuple[str, str, str]]:
    """(label, count, share) rows of the completeness table; the last row is the score."""
    figures = agreement.completeness
    n = figures.get("commitments") or 0
    rows = []
    for key, label in ROWS[lang]:
        value = figures.get(key)
        share = "" if key == "commitments" or not n else f"{round(100 * value / n)} %"
        rows.append((label, str(value), share))
    score = figures.get("score")
    rows.append((WORDS[lang]["score"], "", "–" if score is None else percent(score, lang)))
    return rows


def groups(agreement: AgreementReport, lang: str) -> list[tuple[str, list[list[Finding]]]]:
    """Findings grouped under their initiative (or area, or kind), then by the thing they are about."""
    out: dict[str, dict[str, list[Finding]]] = {}
    for f in agreement.results:
        out.setdefault(pick(f.group_labels, lang) or "", {}).setdefault(f.focus, []).append(f)
    return [(heading, list(by_focus.values())) for heading, by_focus in out.items()]


def focus_line(f: Finding, lang: str, width: int = 72) -> str:
    """The thing a finding is about, as a reader finds it: its text, its party, its place in the document."""
    detail = [f"”{shorten(pick(f.focus_labels, lang), width)}”"]
    if f.party_labels:
        detail.append(pick(f.party_labels, lang))
    if f.source(lang):
        detail.append(f.source(lang))
    return " · ".join(detail)


def percent(value: float, lang: str) -> str:
    text = f"{value:g}"
    return (text.replace(".", ",") if lang == "sv" else text) + " %"


def summary(agreement: AgreementReport, lang: str) -> str:
    c = agreement.counts()
    return WORDS[lang]["summary"].format(v=c["violation"], w=c["warning"], i=c["info"])


def render_text(report: ValidationReport, lang: str = "sv") -> str:
    """Per agreement: the completeness table, then the findings grouped by initiative."""
    lang = _lang(lang)
    words = WORDS[lang]
    if not report.agreements:
        return words["no_agreements"]
    parts = []
    for a in report.agreements:
        verdict = words["conforms"] if a.conforms else words["not_conforms"]
        lines = [a.label(lang), f"<{a.id}>" if a.id else "–", f"{verdict} · {summary(a, lang)}", "",
                 render_table([words["completeness"], words["count"], words["share"]],
                              completeness_rows(a, lang), max_width=60),
                 SCORE_FORMULA[lang], ""]
        lines.append(words["findings"])
        if not a.results:
            lines.append("  " + words["none"])
        for heading, by_focus in groups(a, lang):
            lines.append(f"  {heading}")
            for findings in by_focus:
                lines.append("    " + focus_line(findings[0], lang))
                for f in findings:
                    lines.append(f"      [{SEVERITY_NAMES[lang][f.severity]}] {pick(f.messages, lang)}")
        parts.append("\n".join(lines))
    return ("\n\n" + "=" * 78 + "\n\n").join(parts) + "\n"


def render_json(report: ValidationReport, lang: str = "sv") -> str:
    return json.dumps(report.to_json(_lang(lang)), ensure_ascii=False, indent=2) + "\n"


def to_turtle(report: ValidationReport) -> str:
    """One standard SHACL validation report (sh:ValidationReport) covering every finding, from either engine."""
    out = Graph()
    for prefix, iri in {**PREFIXES, "sh": str(SH), "samsh": SHAPES_NS}.items():
        out.bind(prefix, iri)
    root = BNode()
    out.add((root, RDF.type, SH.ValidationReport))
    out.add((root, SH.conforms, Literal(report.conforms, datatype=XSD.boolean)))
    for a in report.agreements:
        for f in a.results:
            result = BNode()
            out.add((root, SH.result, result))
            out.add((result, RDF.type, SH.ValidationResult))
            out.add((result, SH.focusNode, _node(f.focus)))
            out.add((result, SH.resultSeverity, SH[f.severity.capitalize()]))
            raw = f.raw
            if raw is not None and raw.shape:
                out.add((result, SH.sourceShape, _node(raw.shape)))
            if raw is not None and raw.component:
                out.add((result, SH.sourceConstraintComponent, SH[raw.component + "ConstraintComponent"]))
            if raw is not None and raw.path_node is not None:
                out.add((result, SH.resultPath, raw.path_node))
                for t in raw.path_triples:
                    out.add(t)
            if raw is not None and raw.value is not None:
                out.add((result, SH.value, raw.value))
            for tag, text in f.messages.items():
                out.add((result, SH.resultMessage, Literal(text, lang=tag or None)))
    return out.serialize(format="turtle")


def _node(key: str):
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


_ENV = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                   autoescape=select_autoescape(["html", "j2"], default=True), trim_blocks=True, lstrip_blocks=True)


def render_html(report: ValidationReport, lang: str = "sv", standalone: bool = True, link_base: str | None = None) -> str:
    """An HTML page (standalone) or a <section> fragment the web app can embed; all data is escaped.

    `link_base` (e.g. "/view?iri=") makes links local: the IRI is appended URL-encoded. Default: link the IRI itself.
    """
    lang = _lang(lang)
    template = _ENV.get_template("report.html.j2")
    return template.render(
        report=report, lang=lang, words=WORDS[lang], standalone=standalone, severity_names=SEVERITY_NAMES[lang],
        completeness_rows=completeness_rows, groups=groups, summary=summary, pick=pick, focus_line=focus_line,
        score_formula=SCORE_FORMULA[lang], link_base=link_base,
    )
