"""The measured steps of the fast stack (samverkan on pyoxigraph). Each runs in its own process:

    python -m bench.steps STEP --data DIR --store DIR --repeats N [--seconds S]

and prints one JSON line: {"status": "ok", "times": [...], "peak_mb": …, …}. A step that cannot run
(a missing part, data without an agreement to pick, a server that does not start) raises: the process exits
non-zero and `python -m bench` reports the step as failed, with the last line of its error.
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

SAM = "https://w3id.org/samverkan/ontology#"
LANG = "sv"


class BenchError(RuntimeError):
    """The data or a server does not allow a step to be measured: the step fails with this message."""




def _timed(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


#: seconds of timed runs per query and store, after which a slow query (a whole table read in full) stops at 3
QUERY_BUDGET_S = 10.0


def _timed_within(fn, repeats: int, budget: float, least: int = 3) -> list[float]:
    """Up to `repeats` runs; stops after `least` once they took `budget` seconds together."""
    times: list[float] = []
    while len(times) < repeats and (len(times) < least or sum(times) < budget):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def _open(store: str):
    from samverkan.store import open_store

    return open_store(store)


def pick(store) -> dict[str, str]:
    """One agreement (the first, by IRI, with a yearly follow-up recorded where any is), its municipality, police
    area and council, its latest follow-up year and one of its goals: the selecting parameters of the steps."""
    rows = store.select(f"""PREFIX sam: <{SAM}> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?agreement ?municipality ?police ?forum ?year ?goal WHERE {{
          ?agreement a sam:Agreement ; sam:party ?municipality , ?police .
          ?municipality a sam:Municipality . ?police a sam:PoliceArea .
          OPTIONAL {{ ?forum a sam:Council ; sam:forumOf ?municipality }}
          OPTIONAL {{ ?report prov:used ?agreement ; sam:followUpYear ?year }}
          OPTIONAL {{ ?agreement sam:goal ?goal }}
        }} ORDER BY DESC(BOUND(?year)) ?agreement DESC(?year) ?goal LIMIT 1""").rows
    if not rows:
        raise BenchError("no agreement with a municipality and a police area in the store")
    return {k: v.value for k, v in rows[0].items() if v is not None}


def parameter_value(name: str, chosen: dict[str, str]) -> str | None:
    """A value for a named query's parameter, chosen from the picked agreement."""
    table = {"agreement": "agreement", "actor": "municipality", "party": "municipality", "municipality": "municipality",
             "forum": "forum", "police_area": "police", "organisation": "municipality", "org": "municipality",
             "goal": "goal", "year": "year"}
    if name in table:
        return chosen.get(table[name])
    if name == "theme":
        return "https://w3id.org/samverkan/id/theme/barn-och-unga-i-riskzon"
    if name == "date":
        return "2020-06-30"
    return None


def query_specs():
    """(name, [param names], [required param names], paged) for every named query, from samverkan.queries.list_queries()."""
    from samverkan.queries import list_queries

    return [(q.name, [p.name for p in q.params], [p.name for p in q.params if not p.optional], bool(q.page_by))
            for q in list_queries()]


#: parameters that select one agreement, actor, forum, police area or goal (issue 9's "selecting parameter")
SELECTING = {"agreement", "actor", "party", "municipality", "forum", "police_area", "organisation", "org", "goal"}


def query_variants(params: list[str], required: list[str], paged: bool, chosen: dict[str, str]) -> list[tuple[str, dict, int | None]]:
    """How each named query is measured: (variant, parameter values, page).

    selective: every selecting parameter given (one agreement, actor, forum, police area);
    whole-country: no parameter (a default like `date=today` applies); whole-country, one theme: only the theme;
    …, first page: a table read by agreement (`# page:`) as the web page and `?page=1` show it."""
    variants = []
    selecting = {p: parameter_value(p, chosen) for p in params if p in SELECTING and parameter_value(p, chosen)}
    if selecting and "year" in required and parameter_value("year", chosen):
        selecting["year"] = parameter_value("year", chosen)  # one agreement's follow-up of one year
    if selecting and set(required) <= set(selecting):
        variants.append(("selective", selecting, None))
    if not required:
        variants.append(("whole-country", {}, None))
        if "theme" in params:
            variants.append(("whole-country, one theme" + (", first page" if paged else ""),
                             {"theme": parameter_value("theme", chosen)}, 1 if paged else None))
        if paged:
            variants.append(("whole-country, first page", {}, 1))
    return variants


def chosen_of(args, store) -> dict[str, str]:
    """The parameters `prepare` chose for this size (the same for every step and both stacks), else pick()."""
    if getattr(args, "prepared", "") and Path(args.prepared).is_file():
        return json.loads(Path(args.prepared).read_text())["chosen"]
    return pick(store)


def prepared(args) -> dict:
    if not (getattr(args, "prepared", "") and Path(args.prepared).is_file()):
        raise BenchError("run the prepare step first (--prepared FILE)")
    return json.loads(Path(args.prepared).read_text())


#: the one triple count of a size: distinct triples of the graphs a build loaded from a source file (the
#: ontology and every data file), i.e. everything but the build's bookkeeping and anything derived from it
TRIPLES = f"""PREFIX sam: <{SAM}>
SELECT (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{
  GRAPH <https://w3id.org/samverkan/id/build> {{ ?g sam:sourcePath ?path }} GRAPH ?g {{ ?s ?p ?o }} }} }}"""
ID = "https://w3id.org/samverkan/id/"


def step_prepare(args) -> dict:
    """The size's triple count (TRIPLES), the chosen parameters and every resource the load tests request."""
    store = _open(args.store)
    triples = int(store.select(TRIPLES).rows[0]["n"].value)
    quads = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }").rows[0]["n"].value)

    def iris(where: str) -> list[str]:
        return sorted({r["x"].value for r in store.select(f"PREFIX sam: <{SAM}> SELECT DISTINCT ?x WHERE {{ {where} }}").rows})

    lists = {"agreements": iris("?x a sam:Agreement"), "police_areas": iris("?x a sam:PoliceArea"),
             "organisations": iris(f'?x a ?t FILTER(STRSTARTS(STR(?x), "{ID}org/"))'),
             "forums": iris(f'?x a ?t FILTER(STRSTARTS(STR(?x), "{ID}forum/"))')}
    out = {"triples": triples, "quads": quads, "chosen": pick(store), **lists}
    Path(args.prepared).write_text(json.dumps(out))
    return {"times": [], "triples": triples, "quads": quads, "chosen": out["chosen"],
            **{k: len(v) for k, v in lists.items()}}


# --- steps --------------------------------------------------------------------------------------

#: a step that repeats a long run stops once another would take its total past this (the median of those done)
REPEAT_BUDGET_S = 150.0


def step_build_full(args) -> dict:
    """`build` of every generated file into a new store, --repeats times (fewer when runs are long); the last
    store becomes the size's store (--store), which the other steps read."""
    from samverkan.build import build
    from samverkan.store import open_store

    times, triples = [], 0
    target = Path(args.store)
    target.parent.mkdir(parents=True, exist_ok=True)
    for i in range(args.repeats):
        tmp = Path(tempfile.mkdtemp(prefix="bench-store-", dir=target.parent))
        try:
            store = open_store(str(tmp / "store"))
            t = time.perf_counter()
            report = build(store, [Path(args.data)])
            times.append(time.perf_counter() - t)
            triples = report.triples
            store.close()
            last = i == args.repeats - 1 or sum(times) + times[-1] > REPEAT_BUDGET_S
            if last:
                shutil.rmtree(target, ignore_errors=True)
                (tmp / "store").rename(target)
                break
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
    return {"times": times, "build_triples": triples}


def step_build_incremental(args) -> dict:
    from samverkan.build import build

    store = _open(args.store)
    target = sorted((Path(args.data) / "agreements").glob("*.ttl"))[0]
    original = target.read_bytes()
    times = []
    try:
        for i in range(args.repeats):
            target.write_bytes(original + f"# bench edit {i}\n".encode())
            t = time.perf_counter()
            report = build(store, [Path(args.data)])
            times.append(time.perf_counter() - t)
            assert len(report.loaded) == 1, [s.path for s in report.loaded]
    finally:
        target.write_bytes(original)
        build(store, [Path(args.data)])
    return {"times": times, "changed_file": target.name}


def _findings(report) -> list[list[str]]:
    data = report.to_json() if hasattr(report, "to_json") else report
    if isinstance(data, str):
        data = json.loads(data)
    out = []
    for agreement in data.get("agreements", []):
        for r in agreement.get("results", []):
            out.append(normal_finding(r.get("severity"), r.get("focus"), r.get("path")))
    return sorted(out)


def normal_finding(severity, focus, path) -> list[str]:
    """[severity, focus IRI ("" for a blank node), local name of the path]: comparable across engines."""
    severity = str(severity or "").rsplit("#", 1)[-1].lower()
    focus = str(focus or "")
    focus = "" if focus.startswith("_:") or not focus.startswith("http") else focus
    path = str(path or "")
    path = re.split(r"[#/:]", path)[-1] if path else ""
    return [severity, focus, path]


def step_validate_one(args) -> dict:
    from samverkan.validate import validate

    store = _open(args.store)
    agreement = chosen_of(args, store)["agreement"]
    report = None

    def run():
        nonlocal report
        report = validate(store, agreement=agreement, lang=LANG)

    times = _timed(run, args.repeats)
    return {"times": times, "agreement": agreement, "findings": len(_findings(report))}


def step_validate_all(args) -> dict:
    from samverkan.validate import validate

    store = _open(args.store)
    report = None

    def run():
        nonlocal report
        report = validate(store, agreement=None, lang=LANG)

    times = _timed(run, args.repeats)
    findings = _findings(report)
    Path(args.findings).write_text(json.dumps(findings)) if args.findings else None
    return {"times": times, "findings": len(findings)}


def step_queries(args) -> dict:
    """Each named query on the on-disk store (as `samverkan query` runs it) and on its in-memory copy (as
    `samverkan serve` answers it): p50/p95 of --query-repeats runs after one warm-up. Every query runs on disk
    before the copy is made: a process holding a 1M-triple copy answers from disk ≈ 30 % slower, and
    `samverkan query` holds none."""
    from samverkan.queries import run_named

    disk = _open(args.store)
    chosen = chosen_of(args, disk)
    cases = [(f"{name} ({kind})", name, values, page, kind)
             for name, params, required, paged in query_specs()
             for kind, values, page in query_variants(params, required, paged, chosen)]
    results = {key: {"kind": kind, "params": values, "page": page} for key, name, values, page, kind in cases}
    memory = None
    for column in ("times", "memory_times"):
        if column == "memory_times":
            if not (hasattr(disk, "memory_copy") and getattr(disk, "path", None)):
                break
            memory = disk.memory_copy()
        store = memory if column == "memory_times" else disk
        for key, name, values, page, _ in cases:
            entry = results[key]
            def run(store=store, name=name, values=values, page=page):
                return run_named(store, name, values, LANG, page=page)
            try:
                entry["rows"] = len(run().rows)  # warm-up
                entry[column] = _timed_within(run, args.query_repeats, QUERY_BUDGET_S)
            except Exception as exc:  # noqa: BLE001 - one failing query must not hide the others
                entry["error"] = f"{type(exc).__name__}: {exc}"
    return {"times": [], "queries": results}


def _network(args, municipality: bool) -> dict:
    from samverkan.network import build_network, compute_metrics

    store = _open(args.store)
    chosen = chosen_of(args, store)
    muni = chosen["municipality"] if municipality else None
    sizes = {}

    def run():
        graph = build_network(store, view="actors", agreement=None, municipality=muni, theme=None, lang=LANG)
        compute_metrics(graph)
        sizes["nodes"], sizes["edges"] = graph.number_of_nodes(), graph.number_of_edges()

    first = _timed(run, 1)[0]  # cold: the network is read from the store once per store state, then cached
    return {"times": _timed(run, args.repeats), "first_s": first, **sizes}


def step_network_municipality(args) -> dict:
    return _network(args, True)


def step_network_national(args) -> dict:
    return _network(args, False)


def step_report(args) -> dict:
    """The council report on the chosen agreement and its latest follow-up year, as `samverkan report` makes it:
    report_data + render_html (HTML), then render_pdf (PDF). The first call in a process is given apart."""
    from samverkan.report import render_html, render_pdf, report_data

    store = _open(args.store)
    chosen = chosen_of(args, store)
    if "year" not in chosen:
        raise BenchError("no follow-up year recorded for any agreement (generate writes them by default)")
    year = int(chosen["year"])
    html_times, pdf_times, sizes = [], [], {}
    for _ in range(args.repeats + 1):
        t = time.perf_counter()
        html = render_html(report_data(store, chosen["agreement"], year, LANG))
        html_times.append(time.perf_counter() - t)
        t = time.perf_counter()
        pdf = render_pdf(html)
        pdf_times.append(time.perf_counter() - t)
        sizes = {"html_kb": len(html.encode()) / 1024, "pdf_kb": len(pdf) / 1024}
    return {"times": html_times[1:], "pdf_times": pdf_times[1:], "first_html_s": html_times[0], "first_pdf_s": pdf_times[0],
            "pdf_median": statistics.median(pdf_times[1:]), "agreement": chosen["agreement"], "year": year, **sizes}


def _pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


STEPS = {name[5:]: fn for name, fn in list(globals().items()) if name.startswith("step_")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.steps")
    parser.add_argument("step")
    parser.add_argument("--data", required=True)
    parser.add_argument("--store", default="")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--query-repeats", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--findings", default="")
    parser.add_argument("--prepared", default="", help="the JSON file the prepare step wrote")
    args = parser.parse_args(argv)
    from . import naive, peers, serving

    fn = {**STEPS, **naive.STEPS, **serving.STEPS, **peers.STEPS}[args.step]
    result = {"status": "ok", **fn(args)}
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if result["times"]:
        result["median"] = statistics.median(result["times"])
    print(json.dumps(result))

if __name__ == "__main__":
    main()
