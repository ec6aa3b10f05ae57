"""The report as text (for people), JSON (for scripts), Turtle (the SHACL report) and HTML."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .. import i18n
from ..labels import LANGUAGES
from ..namespaces import PREFIXES
from ..output import render_table
from .digest import plain, verdict
from .engine import SH, SHAPES_NS
from .report import AgreementReport, Finding, ValidationReport, pick

#: the completeness table's rows: (figure key, catalogue key)
ROWS = [("commitments", "val_commitments"), ("with_party", "val_with_party"), ("with_responsible", "val_with_responsible"),
        ("with_timeframe", "val_with_timeframe"), ("with_measure", "val_with_measure"),
        ("with_own_follow_up", "val_with_own_follow_up"),
        ("covered_by_agreement_follow_up", "val_covered_by_agreement_follow_up")]
#: the words of the text and HTML reports: template name → catalogue key
WORD_KEYS = {"completeness": "val_completeness", "count": "val_count", "share": "val_share", "score": "val_score",
             "findings": "val_findings", "none": "val_none", "no_agreements": "val_no_agreements",
             "title": "val_title"}


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "sv"


def words(lang: str) -> dict[str, str]:
    """The report's headings and sentences in `lang`, from the catalogue."""
    return {name: i18n.gettext(key, lang) for name, key in WORD_KEYS.items()}


def severity_names(lang: str) -> dict[str, str]:
    return {s: i18n.gettext("severity_one_" + s, lang) for s in ("violation", "warning", "info")}


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
    for key, word in ROWS:
        value = figures.get(key)
        share = "" if key == "commitments" or not n else i18n.format_percent(100 * value / n, lang, digits=0)
        rows.append((i18n.gettext(word, lang), i18n.format_number(value, lang), share))
    score = figures.get("score")
    rows.append((i18n.gettext("val_score", lang), "", "–" if score is None else i18n.format_percent(score, lang)))
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


def summary(agreement: AgreementReport, lang: str) -> str:
    """What the report says in one sentence, matching the numbers ('Inga fel, men 47 varningar …')."""
    return verdict(agreement.counts(), lang)["text"]


def slug(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def render_text(report: ValidationReport, lang: str = "sv") -> str:
    """Per agreement: the completeness table, then the findings grouped by initiative, in words (no IRI or
    RDF term: the agreement by its short name, each message without its parenthesis of properties)."""
    lang = _lang(lang)
    said, severity = words(lang), severity_names(lang)
    if not report.agreements:
        return said["no_agreements"]
    parts = []
    for a in report.agreements:
        lines = [a.label(lang), summary(a, lang) if a.id is None else f"{slug(a.id)} · {summary(a, lang)}", ""]
        if a.id is not None:
            lines += [render_table([said["completeness"], said["count"], said["share"]],
                                   completeness_rows(a, lang), max_width=60),
                      i18n.gettext("score_formula", lang), ""]
        lines.append(said["findings"])
        if not a.results:
            lines.append("  " + said["none"])
        for heading, by_focus in groups(a, lang):
            lines.append(f"  {heading}")
            for findings in by_focus:
                lines.append("    " + focus_line(findings[0], lang))
                for f in findings:
                    lines.append(f"      [{severity[f.severity]}] {plain(pick(f.messages, lang))}")
        parts.append("\n".join(lines))
    text = ("\n\n" + "=" * 78 + "\n\n").join(parts) + "\n"
    return text.replace("\u00a0", " ")  # Babel's no-break spaces (82,1 %) as a terminal's plain ones


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
        report=report, lang=lang, words=words(lang), standalone=standalone, severity_names=severity_names(lang),
        completeness_rows=completeness_rows, groups=groups, summary=summary, pick=pick, focus_line=focus_line,
        score_formula=i18n.gettext("score_formula", lang), link_base=link_base, plain=plain, slug=slug,
    )
