"""The peers, doing the same work as samverkan: `oxigraph load` of the quads the build wrote, `oxigraph serve`
beside `/sparql` (same queries, same result formats, in memory and on disk), pyrudof beside validation (same
shapes, same data, findings compared). Steps of bench.steps' kind: one process each, one JSON line."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .load import pct
from .server import OxigraphServer, Server, ServerError, serve_modes
from .steps import SAM, BenchError, _open, chosen_of, normal_finding

RDFS = "http://www.w3.org/2000/01/rdf-schema#"


def nquads_file(args) -> Path:
    """The store's quads as N-Quads beside the store (written once per build of the size)."""
    target = Path(args.store).parent / "store.nq"
    if not target.exists():
        import pyoxigraph as ox

        store = _open(args.store)
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(store.dump(ox.RdfFormat.N_QUADS))
        tmp.rename(target)
        store.close()
    return target


def oxigraph_binary() -> str:
    binary = Path(sys.executable).with_name("oxigraph")
    if not binary.is_file():
        raise BenchError("the oxigraph server is not installed (pip install oxigraph)")
    return str(binary)


def step_oxigraph_load(args) -> dict:
    """`oxigraph load --location NEW --file store.nq`: the same quads `samverkan build` wrote, into an empty store."""
    nq = nquads_file(args)
    keep = Path(args.store).parent / "oxigraph-store"
    times = []
    for i in range(args.repeats):
        tmp = Path(tempfile.mkdtemp(prefix="bench-oxload-"))
        location = tmp / "store"
        t = time.perf_counter()
        proc = subprocess.run([oxigraph_binary(), "load", "--location", str(location), "--file", str(nq)],
                              capture_output=True, text=True)
        times.append(time.perf_counter() - t)
        if proc.returncode != 0:
            shutil.rmtree(tmp, ignore_errors=True)
            raise BenchError("oxigraph load failed: " + proc.stderr.strip()[-300:])
        if i == args.repeats - 1:
            shutil.rmtree(keep, ignore_errors=True)
            shutil.move(str(location), keep)
        shutil.rmtree(tmp, ignore_errors=True)
    return {"times": times, "nquads_mb": nq.stat().st_size / 2**20}


SELECT_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                  "csv": "text/csv", "tsv": "text/tab-separated-values"}
GRAPH_FORMATS = {"turtle": "text/turtle", "n-triples": "application/n-triples"}


def peer_queries(chosen: dict) -> dict[str, tuple[str, dict]]:
    """The same SPARQL texts for both servers (name → (text, formats)); the default graph is the union of the
    named graphs on both (samverkan does so; oxigraph serve with --union-default-graph)."""
    agreement, police = f"<{chosen['agreement']}>", f"<{chosen['police']}>"
    prefix = f"PREFIX sam: <{SAM}> PREFIX rdfs: <{RDFS}>\n"
    return {
        "one agreement's commitments and their statements (selective)":
            (prefix + f"SELECT ?c ?p ?o WHERE {{ ?c sam:inAgreement {agreement} ; ?p ?o }}", SELECT_FORMATS),
        "a police area's commitments with labels (selective)":
            (prefix + f"SELECT ?c ?label WHERE {{ ?c sam:committedBy {police} ; rdfs:label ?label }}", SELECT_FORMATS),
        "every agreement with its label (whole country)":
            (prefix + "SELECT ?a ?label WHERE { ?a a sam:Agreement ; rdfs:label ?label }", SELECT_FORMATS),
        "commitments per party (whole-country aggregate)":
            (prefix + "SELECT ?party (COUNT(?c) AS ?n) WHERE { ?c a sam:Commitment ; sam:committedBy ?party } GROUP BY ?party",
             SELECT_FORMATS),
        "one agreement's commitments as a graph (CONSTRUCT)":
            (prefix + f"CONSTRUCT {{ ?c ?p ?o }} WHERE {{ ?c sam:inAgreement {agreement} ; ?p ?o }}", GRAPH_FORMATS),
    }


def _time_requests(client, url: str, text: str, accept: str, repeats: int) -> dict:
    times, body, status = [], b"", None
    for i in range(repeats + 1):
        t = time.perf_counter()
        r = client.get(url, params={"query": text}, headers={"Accept": accept})
        dt = time.perf_counter() - t
        body, status = r.content, r.status_code
        if i:
            times.append(dt)
    return {"p50": pct(times, 50), "p95": pct(times, 95), "status": status, "bytes": len(body), "body": body}


_XSD_SHORT = re.compile(r'"([^"]*)"\^\^<http://www\.w3\.org/2001/XMLSchema#(?:integer|decimal|double|boolean)>')


def _same(a: bytes, b: bytes, fmt: str) -> bool | None:
    """Equal answers up to row order: sorted lines for the line formats (TSV's numbers and booleans may be written
    short or long: `19` = `"19"^^xsd:integer`), sorted bindings for JSON."""
    if fmt in ("csv", "tsv", "n-triples"):
        la, lb = a.decode(errors="replace").splitlines(), b.decode(errors="replace").splitlines()
        if fmt == "tsv":
            la, lb = [_XSD_SHORT.sub(r"\1", x) for x in la], [_XSD_SHORT.sub(r"\1", x) for x in lb]
        return la[:1] == lb[:1] and sorted(la[1:]) == sorted(lb[1:]) if fmt != "n-triples" else sorted(la) == sorted(lb)
    if fmt == "json":
        try:
            ja, jb = json.loads(a), json.loads(b)
            key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
            return key(ja["results"]["bindings"]) == key(jb["results"]["bindings"])
        except (ValueError, KeyError):
            return False
    return None  # XML and Turtle: compared through the other formats of the same query


def step_sparql_peer(args) -> dict:
    """Each query × format on oxigraph serve (in memory; read-only on disk) and on samverkan serve's /sparql in each
    of its modes: one client, p50 of --query-repeats requests after a warm-up; answers compared with oxigraph's."""
    import httpx

    store = _open(args.store)
    chosen = chosen_of(args, store)
    store.close()
    queries = peer_queries(chosen)
    nq = nquads_file(args)
    location = Path(args.store).parent / "oxigraph-store"
    repeats = max(3, min(args.query_repeats, 20))
    servers: dict[str, dict] = {}

    def measure(name: str, url: str):
        out = {}
        with httpx.Client(timeout=120) as client:
            for qname, (text, formats) in queries.items():
                for fmt, accept in formats.items():
                    out[f"{qname} | {fmt}"] = _time_requests(client, url, text, accept, repeats)
        servers[name] = out

    union = ["--union-default-graph"]
    with OxigraphServer(nquads=str(nq), extra=union) as ox_mem:
        measure("oxigraph serve (in memory)", ox_mem.url("/query"))
    if location.exists():
        with OxigraphServer(location=str(location), extra=union) as ox_disk:
            measure("oxigraph serve-read-only (on disk)", ox_disk.url("/query"))
    for mode in serve_modes():
        try:
            with Server(args.store, mode, timeout=300) as server:
                measure(f"samverkan serve /sparql ({mode})", server.url("/sparql"))
        except ServerError as exc:
            servers[f"samverkan serve /sparql ({mode})"] = {"error": str(exc)[:300]}
    reference = servers["oxigraph serve (in memory)"]
    for name, rows in servers.items():
        for key, row in rows.items() if isinstance(rows, dict) and "error" not in rows else []:
            row["same_as_oxigraph"] = _same(row.pop("body"), reference[key]["body"], key.rsplit(" | ", 1)[1]) \
                if name != "oxigraph serve (in memory)" else None
    for row in reference.values():
        row.pop("body", None)
    return {"times": [], "servers": servers, "chosen": chosen}


def _pyrudof_findings(report) -> list[list[str]]:
    rows = []
    for entry in report:
        rows.append(normal_finding(str(entry.severity), str(entry.focus_node).strip("<>"),
                                   str(entry.path or "").strip("<>")))
    return sorted(rows)


def step_pyrudof_validate(args) -> dict:
    """pyrudof (native engine) on every data file and the ontology with our shapes: read, then validate."""
    try:
        import pyrudof
    except ImportError as exc:
        raise BenchError("pyrudof is not installed (pip install pyrudof)") from exc
    from samverkan.paths import ontology_file, shapes_dir

    from .naive import ID

    rudof = pyrudof.Rudof(pyrudof.RudofConfig())
    t = time.perf_counter()
    files = sorted(Path(args.data).rglob("*.ttl")) + [ontology_file()]
    for i, path in enumerate(files):
        rudof.read_data(str(path), format=pyrudof.RDFFormat.Turtle, base=ID, reader_mode=pyrudof.ReaderMode.Strict,
                        merge=i > 0)
    shapes = "\n".join(p.read_text(encoding="utf-8") for p in sorted(shapes_dir().glob("*.ttl")))
    rudof.read_shacl(shapes, format=pyrudof.ShaclFormat.Turtle)
    parse = time.perf_counter() - t
    times, findings = [], []
    for _ in range(args.repeats):
        t = time.perf_counter()
        report = rudof.validate_shacl(mode=pyrudof.ShaclValidationMode.Native)
        times.append(time.perf_counter() - t)
        findings = _pyrudof_findings(report)
    if args.findings:
        Path(args.findings).write_text(json.dumps(findings))
    return {"times": times, "parse_s": parse, "findings": len(findings)}


STEPS = {name[5:]: fn for name, fn in list(globals().items()) if name.startswith("step_")}
