"""What the council report says, gathered from the graph: one dict, each fact with where it comes from."""

from __future__ import annotations

import base64
import datetime as dt
from collections import Counter

import pyoxigraph as ox

from ..followup.naming import report_iri
from ..followup.status import STATUS, STATUSES, due_years, follow_up_of, status_labels
from ..labels import labels, pick
from ..namespaces import BUILD_GRAPH, PROV, SAM, sparql_prefixes
from ..resources.agreements import agreement_detail
from ..resources.cache import cached
from ..store import Store

#: the summary's categories, in the order the bar shows them
NOT_FOLLOWED_UP = STATUS + "ej-uppfoljd"
CATEGORIES = [*STATUSES, NOT_FOLLOWED_UP]
#: colour of each status (the report also prints its name: never colour alone)
COLOURS = {STATUS + "genomford": "#2e7d32", STATUS + "pagar": "#9ccc65", STATUS + "forsenad": "#f9a825",
           STATUS + "ej-paborjad": "#e65100", STATUS + "inte-langre-aktuell": "#78909c", NOT_FOLLOWED_UP: "#ffffff"}
FOLLOW_UP_SHAPES = ("FollowUpYearShape", "CommitmentStatusShape", "CommitmentOneStatusShape", "FollowUpReport",
                    "StatusRecord", "CompletedDateShape", "StatusDateShape", "ExplainedStatusShape",
                    "MeasuredValueShape", "IndicatorMeasurement")


def _source_file(store: Store, graph: str) -> str | None:
    rows = list(store.select(f"SELECT ?path WHERE {{ GRAPH <{BUILD_GRAPH}> {{ ?g <{SAM}sourcePath> ?path }} }}",
                             {"g": ox.NamedNode(graph)}))
    return rows[0]["path"].value if rows else None


def _report_facts(store: Store, report: str, lang: str) -> dict | None:
    rows = list(store.select(sparql_prefixes() + """SELECT ?p ?o WHERE { ?r ?p ?o }""", {"r": ox.NamedNode(report)}))
    if not rows:
        return None
    who = sorted(r["o"].value for r in rows if r["p"].value == PROV + "wasAssociatedWith")
    to = sorted(r["o"].value for r in rows if r["p"].value == SAM + "reportedTo")
    names = labels(store, who + to, lang)
    return {"id": report, "by": [names[w] for w in who], "to": [names[t] for t in to],
            "label": pick([r["o"] for r in rows if r["p"].value == "http://www.w3.org/2000/01/rdf-schema#label"], lang),
            "file": _source_file(store, report)}


def _indicators(store: Store, agreement: str, lang: str) -> list[dict]:
    rows = store.select(sparql_prefixes() + """SELECT ?goal ?indicator ?year ?value ?unit WHERE {
  ?agreement sam:goal ?goal . ?goal sam:indicator ?indicator .
  OPTIONAL { ?m sam:measures ?indicator ; sam:measuredValue ?value ; prov:wasGeneratedBy ?report .
             ?report prov:used ?agreement ; sam:followUpYear ?year . OPTIONAL { ?m sam:unit ?unit } }
} ORDER BY ?goal ?indicator ?year""", {"agreement": ox.NamedNode(agreement)})
    rows = list(rows)
    names = labels(store, {r[k].value for r in rows for k in ("goal", "indicator")}, lang)
    out: dict[tuple[str, str], dict] = {}
    for r in rows:
        entry = out.setdefault((r["goal"].value, r["indicator"].value),
                               {"goal": names[r["goal"].value], "indicator": names[r["indicator"].value], "measurements": []})
        if r.get("year") is not None:
            entry["measurements"].append({"year": int(r["year"].value[:4]), "value": r["value"].value,
                                    "unit": r["unit"].value if r.get("unit") is not None else None})
    return list(out.values())


def _network_svg(store: Store, agreement: str, lang: str) -> str | None:
    from ..network import build_network
    from ..network.draw import draw

    graph = build_network(store, "actors", agreement=agreement, lang=lang)
    if graph.number_of_nodes() == 0:
        return None
    return "data:image/svg+xml;base64," + base64.b64encode(draw(graph, "svg", lang=lang)).decode("ascii")


def report_data(store: Store, agreement: str, year: int, lang: str = "sv", today: dt.date | None = None,
                network: bool = True) -> dict:
    """Everything the council report on `agreement` for `year` says (see templates/report.html.j2)."""
    from ..validate import validate

    today = today or dt.date.today()
    detail = agreement_detail(store, agreement, lang)
    names = status_labels(store, lang)
    names[NOT_FOLLOWED_UP] = labels(store, [NOT_FOLLOWED_UP], lang)[NOT_FOLLOWED_UP]
    follow_up = follow_up_of(store, agreement, lang, today)
    this_report = _report_facts(store, report_iri(agreement, year), lang)
    last_report = _report_facts(store, report_iri(agreement, year - 1), lang)

    areas = []
    rows_by_id = {}
    for area in detail["areas"]:
        commitments = [*(c for i in area["initiatives"] for c in i["commitments"]), *area["commitments"]]
        for c in commitments:
            f = follow_up.get(c["id"], {"recorded": {}, "planned": None})
            now, before = f["recorded"].get(year), f["recorded"].get(year - 1)
            row = {**c, "status": now.status if now else NOT_FOLLOWED_UP, "record": now,
                   "last_status": before.status if before else NOT_FOLLOWED_UP}
            rows_by_id[c["id"]] = row
        areas.append({"label": area["label"], "description": area["description"], "source": area["source"],
                      "initiatives": [{"label": i["label"], "source": i["source"],
                                       "commitments": [rows_by_id[c["id"]] for c in i["commitments"]]}
                                      for i in area["initiatives"]],
                      "commitments": [rows_by_id[c["id"]] for c in area["commitments"]]})
    rows = list(rows_by_id.values())
    counts = Counter(r["status"] for r in rows)
    changes = [r for r in rows if r["status"] != r["last_status"]]

    validation = validate(store, agreement, lang).agreements[0]
    follow_up_findings = Counter()
    other = Counter()
    for finding in validation.results:
        shape = (finding.shape or "").rsplit("#", 1)[-1]
        text = finding.messages.get(lang) or next(iter(finding.messages.values()), "")
        if any(shape.startswith(s) for s in FOLLOW_UP_SHAPES):
            follow_up_findings[(finding.severity, text)] += 1
        else:
            other[finding.severity] += 1
    due = due_years(store, agreement, today)
    return {
        "lang": lang, "year": year, "today": today.isoformat(), "agreement": detail,
        "report": this_report, "last_report": last_report,
        "status_names": names, "colours": COLOURS, "categories": CATEGORIES,
        "areas": areas, "rows": rows, "counts": {c: counts.get(c, 0) for c in CATEGORIES}, "total": len(rows),
        "changes": changes,
        "year_due": year in due, "year_ended": year < today.year, "missing_years": [y for y in due if y != year and
                                                                                  not any(y in f["recorded"] for f in follow_up.values())],
        "completeness": validation.completeness,
        "findings": [{"severity": s, "text": t, "count": n} for (s, t), n in sorted(follow_up_findings.items())],
        "other_findings": dict(other),
        "indicators": _indicators(store, agreement, lang),
        # the picture (matplotlib, most of the report's time) is drawn once per agreement and store state
        "network": cached(store, ("report-network", agreement, lang), lambda: _network_svg(store, agreement, lang))
        if network else None,
    }
