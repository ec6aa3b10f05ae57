"""A validation report as a coordinator acts on it: findings grouped by rule, then by initiative or area, identical
findings folded into one line with a count ("28 åtaganden saknar aktivitetsmått"), a verdict that matches the
numbers, and the rows of a download. Words come from the message catalogue (samverkan.i18n); no IRI, prefix or
property path is left in the text."""

from __future__ import annotations

import re
from collections import OrderedDict

from .. import i18n
from .report import SEVERITY_RANK, AgreementReport, Finding, ValidationReport, pick

SEVERITIES = ("violation", "warning", "info")
#: a parenthesis naming RDF terms, e.g. "(sam:activityMeasure)", "(ingen <organisation> sam:followsUp …)"
_TECHNICAL = re.compile(r"\s*\((?=[^()]*(?:\b[a-z]+:[A-Za-z]|<[^>]*>|@[a-z]{2}\b))[^()]*\)")
#: the checks behind the completeness score: (figure key, catalogue key)
CHECKS = [("with_party", "check_party"), ("with_responsible", "check_responsible"),
          ("with_timeframe", "check_timeframe"), ("with_measure", "check_measure"), (None, "check_follow_up")]


def plain(text: str | None) -> str:
    """A shape's message without its parentheses of RDF terms: 'Åtagandet saknar aktivitetsmått.'"""
    return _TECHNICAL.sub("", text or "").strip()


def rule_name(finding: Finding) -> str:
    """The local name of the shape a finding comes from (CommitmentMeasureShape), else its message."""
    return finding.shape.rsplit("#", 1)[-1] if finding.shape else (pick(finding.messages, "sv") or "")


def rule_title(name: str, count: int, example: Finding, lang: str) -> str:
    """'28 åtaganden saknar aktivitetsmått': the catalogue's sentence for the rule and count, else the message."""
    key = "rule_" + name
    text = i18n.ngettext(key, key + "_plural", count, lang, num=i18n.format_number(count, lang))
    return text if text not in (key, key + "_plural") else plain(pick(example.messages, lang))


def verdict(counts: dict[str, int], lang: str) -> dict:
    """What the report says in one sentence, and its class: 'bad' (errors), 'gaps' (warnings), 'ok'."""
    v, w, i = (counts.get(s, 0) for s in SEVERITIES)
    n = {key: i18n.ngettext("count_" + sev, f"count_{sev}_plural", count, lang, num=i18n.format_number(count, lang))
         for key, sev, count in (("v", "violation", v), ("w", "warning", w), ("i", "info", i))}
    if v:
        return {"status": "bad", "text": i18n.gettext("verdict_violations", lang, **n)}
    if w:
        return {"status": "gaps", "text": i18n.gettext("verdict_gaps", lang, **n)}
    if i:
        return {"status": "ok", "text": i18n.gettext("verdict_ok_advice", lang, **n)}
    return {"status": "ok", "text": i18n.gettext("verdict_ok", lang)}


def checks(completeness: dict, lang: str) -> list[dict]:
    """Each check of the score as 'Med aktivitetsmått: 22 av 28', met or not."""
    total = completeness.get("commitments") or 0
    out = []
    for key, word in CHECKS:
        met = (completeness.get(key, 0) if key else
               completeness.get("with_own_follow_up", 0) + completeness.get("covered_by_agreement_follow_up", 0))
        out.append({"label": i18n.gettext(word, lang), "met": met, "total": total, "complete": met == total})
    return out


def digest(report: AgreementReport, lang: str = "sv", severities: set[str] | None = None) -> dict:
    """One agreement's (or the outside group's) findings for a page: verdict, checks and rules with their groups."""
    shown = [f for f in report.results if severities is None or f.severity in severities]
    by_rule: OrderedDict[tuple, list[Finding]] = OrderedDict()
    for f in sorted(shown, key=lambda f: -SEVERITY_RANK[f.severity]):
        by_rule.setdefault((f.severity, rule_name(f)), []).append(f)
    rules = []
    for (severity, name), findings in by_rule.items():
        messages = {plain(pick(f.messages, lang)) for f in findings}
        groups: OrderedDict[str, list[dict]] = OrderedDict()
        for f in findings:
            groups.setdefault(pick(f.group_labels, lang) or "", []).append(item(f, lang, len(messages) > 1))
        rules.append({"severity": severity, "name": name, "count": len(findings),
                      "title": rule_title(name, len(findings), findings[0], lang),
                      "groups": [{"label": label, "items": items} for label, items in groups.items()]})
    rules.sort(key=lambda r: (-SEVERITY_RANK[r["severity"]], -r["count"], r["title"]))
    counts = report.counts()
    return {"id": report.id, "label": report.label(lang), "outside": report.outside, "counts": counts,
            "shown": len(shown), "completeness": dict(report.completeness), "verdict": verdict(counts, lang),
            "checks": checks(report.completeness, lang) if report.completeness.get("commitments") else [],
            "rules": rules}


def summary_line(report: AgreementReport, counts: dict[str, int], lang: str = "sv") -> dict:
    """digest()'s figures without the findings, from stored counts (samverkan.summaries): a summary table's row."""
    return {"id": report.id, "label": report.label(lang), "outside": report.outside, "counts": dict(counts),
            "shown": sum(counts.values()), "completeness": dict(report.completeness), "verdict": verdict(counts, lang),
            "checks": checks(report.completeness, lang) if report.completeness.get("commitments") else [], "rules": []}


def item(f: Finding, lang: str, with_message: bool = True) -> dict:
    """One finding's line: what it is about (label, link target), where in the document, and its message."""
    return {"focus": f.focus, "label": pick(f.focus_labels, lang) or "", "party": pick(f.party_labels, lang),
            "location": f.location, "lines": f.lines, "first_line": f.first_line() if f.lines else None,
            "message": plain(pick(f.messages, lang)) if with_message else None}


def rows(report: ValidationReport, lang: str = "sv", severities: set[str] | None = None) -> tuple[list[str], list[str], list[list]]:
    """(headings, keys, rows) of every finding, one row each, for a CSV/XLSX/JSON download."""
    keys = ["agreement", "severity", "group", "about", "party", "message", "location", "lines", "about_id"]
    headings = [i18n.gettext("col_" + k, lang) for k in keys]
    out = []
    for a in report.agreements:
        for f in a.results:
            if severities is not None and f.severity not in severities:
                continue
            out.append([a.label(lang), i18n.gettext("severity_one_" + f.severity, lang), pick(f.group_labels, lang) or "",
                        pick(f.focus_labels, lang) or "", pick(f.party_labels, lang) or "",
                        plain(pick(f.messages, lang)), f.location or "", f.lines or "", f.focus])
    return headings, keys, out
