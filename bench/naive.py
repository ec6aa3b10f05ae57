"""The naive stack a user would otherwise write: rdflib parses every file into memory, plain pyshacl
validates the whole graph, rdflib's SPARQL engine runs the same named queries. Each step parses first
(reported apart as `parse_s`), because that is what such a script does every time it runs.

The work after the parse has its own budget (--seconds): the parse never eats it. rdflib and pyshacl are pure
Python, so a SIGALRM stops a run past its cap; the step then says so (`capped`) instead of being killed.
"""

from __future__ import annotations

import contextlib
import json
import re
import signal
import time
from pathlib import Path

from samverkan.paths import queries_dir, shapes_dir

from .steps import BenchError, _pct, normal_finding, parameter_value, query_variants

ID = "https://w3id.org/samverkan/id/"


def load_dataset(data: str):
    """Every .ttl file below `data` into its own named graph of an rdflib Dataset (union as default)."""
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    for path in sorted(Path(data).rglob("*.ttl")):
        ds.graph(rdflib.URIRef(ID + "source/" + path.stem)).parse(path, format="turtle", publicID=ID)
    from samverkan.paths import ontology_file

    ds.graph(rdflib.URIRef("https://w3id.org/samverkan/ontology")).parse(ontology_file(), format="turtle")
    return ds


def load_graph(data: str):
    """Every .ttl file below `data` (and the ontology) into one rdflib Graph."""
    import rdflib
    from samverkan.paths import ontology_file

    g = rdflib.Graph()
    for path in sorted(Path(data).rglob("*.ttl")):
        g.parse(path, format="turtle", publicID=ID)
    g.parse(ontology_file(), format="turtle")
    return g


def shapes_graph():
    import rdflib

    files = sorted(shapes_dir().glob("*.ttl"))
    if not files:
        raise BenchError(f"no shapes in {shapes_dir()}")
    g = rdflib.Graph()
    for path in files:
        g.parse(path, format="turtle")
    return g


def step_naive_build(args) -> dict:
    times, triples = [], 0
    for _ in range(args.repeats):
        t = time.perf_counter()
        g = load_graph(args.data)
        times.append(time.perf_counter() - t)
        triples = len(g)
        del g
        if sum(times) + times[-1] > args.seconds:  # another parse would not fit in the cap: the median of these
            break
    return {"times": times, "graph_triples": triples}


def pyshacl_findings(data_graph, shapes) -> tuple[list[list[str]], float]:
    """Plain pyshacl (no inference) on the whole graph: sorted [severity, focus, path] rows and the time."""
    import pyshacl
    from rdflib import BNode, Namespace

    sh = Namespace("http://www.w3.org/ns/shacl#")
    t = time.perf_counter()
    _conforms, report, _text = pyshacl.validate(data_graph, shacl_graph=shapes, inference="none", advanced=True)
    elapsed = time.perf_counter() - t
    rows = []
    for result in report.subjects(sh.resultSeverity, None):
        severity = str(report.value(result, sh.resultSeverity)).rsplit("#", 1)[-1].lower()
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        rows.append(normal_finding(severity, "" if isinstance(focus, BNode) else focus,
                                   "" if path is None or isinstance(path, BNode) else path))
    return sorted(rows), elapsed


class Capped(Exception):
    """A naive run went past its cap."""


@contextlib.contextmanager
def cap(seconds: float):
    """Raise Capped in this (main) thread once `seconds` have passed; rdflib's Python code sees it at once."""
    def expire(_signum, _frame):
        raise Capped()

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, max(seconds, 0.001))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def step_naive_validate_all(args) -> dict:
    shapes = shapes_graph()
    t = time.perf_counter()
    g = load_graph(args.data)
    parse = time.perf_counter() - t
    times, findings = [], []
    budget = time.monotonic() + args.seconds
    for _ in range(args.repeats):
        remaining = budget - time.monotonic()
        if times and remaining < times[-1]:
            break  # another run would not fit: the median of those that did
        try:
            with cap(remaining):
                findings, elapsed = pyshacl_findings(g, shapes)
        except Capped:
            return {"times": [], "parse_s": parse, "capped": args.seconds,
                    "status": "skipped", "reason": f"pyshacl ran past the cap of {args.seconds:.0f} s (after a parse of {parse:.1f} s)"}
        times.append(elapsed)
    if args.findings:
        Path(args.findings).write_text(json.dumps(findings))
    return {"times": times, "parse_s": parse, "findings": len(findings)}


_PARAM = re.compile(r"^#\s*param:\s*([A-Za-z_][\w-]*)", re.MULTILINE)


def step_naive_queries(args) -> dict:
    import rdflib

    files = sorted(queries_dir().glob("*.rq"))
    if not files:
        raise BenchError(f"no named queries in {queries_dir()}")
    t = time.perf_counter()
    ds = load_dataset(args.data)
    parse = time.perf_counter() - t
    chosen = json.loads(Path(args.prepared).read_text())["chosen"] if args.prepared else _pick(ds)
    results = {}
    budget = time.monotonic() + args.seconds  # starts after the parse
    per_query = max(5.0, args.seconds / 10)
    for path in files:
        text = path.read_text(encoding="utf-8")
        params = _PARAM.findall(text)
        required = [p for p in params if re.search(rf"^#\s*param:\s*{p}\s*\([^)]*required", text, re.MULTILINE)]
        variants = []
        for kind, chosen_values, page in query_variants(params, required, False, chosen):
            values = {p: rdflib.Literal(v, datatype=rdflib.XSD.date) if p == "date"
                      else rdflib.Literal(v, datatype=rdflib.XSD.gYear) if p == "year" else rdflib.URIRef(v)
                      for p, v in chosen_values.items()}
            variants.append((kind, values))
        for kind, values in variants:
            key = f"{path.stem} ({kind})"
            if time.monotonic() > budget:
                results[key] = {"error": f"skipped: the naive query budget of {args.seconds:.0f} s was used up"}
                continue
            times = []
            allowed = min(per_query, budget - time.monotonic())
            try:
                for _ in range(max(1, min(args.query_repeats, 3))):
                    t = time.perf_counter()
                    with cap(allowed):
                        list(ds.query(text, initBindings=values))
                    times.append(time.perf_counter() - t)
                    if time.monotonic() > budget or sum(times) > allowed / 3:
                        break
                results[key] = {"times": times, "kind": kind}
            except Capped:
                results[key] = {"error": f"past the cap of {allowed:.0f} s per query", "capped": allowed, "kind": kind}
            except Exception as exc:  # noqa: BLE001
                results[key] = {"error": f"{type(exc).__name__}: {exc}"[:200], "kind": kind}
    return {"times": [], "parse_s": parse, "queries": results, "budget_s": args.seconds, "per_query_cap_s": per_query}


def _pick(ds) -> dict[str, str]:
    """The same choice as bench.steps.pick, through rdflib."""
    rows = list(ds.query("""PREFIX sam: <https://w3id.org/samverkan/ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
        SELECT ?agreement ?municipality ?police ?forum ?year ?goal WHERE {
          ?agreement a sam:Agreement ; sam:party ?municipality , ?police .
          ?municipality a sam:Municipality . ?police a sam:PoliceArea .
          OPTIONAL { ?forum a sam:Council ; sam:forumOf ?municipality }
          OPTIONAL { ?report prov:used ?agreement ; sam:followUpYear ?year }
          OPTIONAL { ?agreement sam:goal ?goal }
        } ORDER BY DESC(BOUND(?year)) ?agreement DESC(?year) ?goal LIMIT 1"""))
    if not rows:
        raise BenchError("no agreement with a municipality and a police area")
    return {k: str(v) for k, v in rows[0].asdict().items() if v is not None}


STEPS = {name[5:]: fn for name, fn in list(globals().items()) if name.startswith("step_")}
__all__ = ["STEPS", "load_graph", "pyshacl_findings", "shapes_graph", "_pct"]
