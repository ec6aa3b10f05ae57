"""The naive stack a user would otherwise write: rdflib parses every file into memory, plain pyshacl
validates the whole graph, rdflib's SPARQL engine runs the same named queries. Each step parses first
(reported apart as `parse_s`), because that is what such a script does every time it runs.
"""

from __future__ import annotations

import json
import re
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
    return {"times": times, "triples": triples}


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


def step_naive_validate_all(args) -> dict:
    shapes = shapes_graph()
    t = time.perf_counter()
    g = load_graph(args.data)
    parse = time.perf_counter() - t
    times, findings = [], []
    for _ in range(args.repeats):
        findings, elapsed = pyshacl_findings(g, shapes)
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
    chosen = _pick(ds)
    results = {}
    budget = time.monotonic() + args.seconds
    for path in files:
        text = path.read_text(encoding="utf-8")
        params = _PARAM.findall(text)
        required = [p for p in params if re.search(rf"^#\s*param:\s*{p}\s*\([^)]*required", text, re.MULTILINE)]
        variants = []
        for kind, chosen_values, page in query_variants(params, required, False, chosen):
            values = {p: rdflib.Literal(v, datatype=rdflib.XSD.date) if p == "date" else rdflib.URIRef(v)
                      for p, v in chosen_values.items()}
            variants.append((kind, values))
        for kind, values in variants:
            key = f"{path.stem} ({kind})"
            if time.monotonic() > budget:
                results[key] = {"error": f"skipped: the naive query budget of {args.seconds:.0f} s was used up"}
                continue
            times = []
            try:
                for _ in range(max(1, min(args.query_repeats, 3))):
                    t = time.perf_counter()
                    list(ds.query(text, initBindings=values))
                    times.append(time.perf_counter() - t)
                    if time.monotonic() > budget:
                        break
                results[key] = {"times": times, "kind": kind}
            except Exception as exc:  # noqa: BLE001
                results[key] = {"error": f"{type(exc).__name__}: {exc}"[:200], "kind": kind}
    return {"times": [], "parse_s": parse, "queries": results}


def _pick(ds) -> dict[str, str]:
    rows = list(ds.query("""PREFIX sam: <https://w3id.org/samverkan/ontology#>
        SELECT ?agreement ?municipality ?police ?forum WHERE {
          ?agreement a sam:Agreement ; sam:party ?municipality , ?police .
          ?municipality a sam:Municipality . ?police a sam:PoliceArea .
          OPTIONAL { ?forum a sam:Council ; sam:forumOf ?municipality }
        } ORDER BY ?agreement LIMIT 1"""))
    if not rows:
        raise BenchError("no agreement with a municipality and a police area")
    return {k: str(v) for k, v in rows[0].asdict().items()}


STEPS = {name[5:]: fn for name, fn in list(globals().items()) if name.startswith("step_")}
__all__ = ["STEPS", "load_graph", "pyshacl_findings", "shapes_graph", "_pct"]
