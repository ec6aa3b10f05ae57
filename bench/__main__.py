"""`python -m bench` (= `make bench`): generate national graphs, time every step against the naive stack,
write bench/RESULTS.md.

    python -m bench [--sizes 10k,100k] [--repeats 3] [--cap 300] [--api-seconds 5] [--out bench/RESULTS.md]

Each step runs in a fresh process (python -m bench.steps STEP …); its peak memory is that process's
resource.getrusage(RUSAGE_SELF).ru_maxrss, which counts native (pyoxigraph, Rust) allocations too.
The API server's peak is taken from os.wait4 when it stops. Naive steps that run past --cap are killed
and reported as skipped.
"""

from __future__ import annotations

import argparse
import collections
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

from .steps import _pct

SIZES = {"tiny": (2, 2), "10k": (10, 3), "100k": (30, 10), "1m": (290, 10)}
FAST = ["build_full", "build_incremental", "validate_one", "validate_all", "queries",
        "network_municipality", "network_national", "api"]
NAIVE = ["naive_build", "naive_validate_all", "naive_queries"]
REPO = Path(__file__).resolve().parent.parent


def run_step(step: str, data: Path, store: Path, args, timeout: float, findings: Path | None = None) -> dict:
    cmd = [sys.executable, "-m", "bench.steps", step, "--data", str(data), "--store", str(store),
           "--repeats", str(args.repeats), "--query-repeats", str(args.query_repeats),
           "--seconds", str(args.api_seconds if step == "api" else args.cap), "--clients", str(args.clients)]
    if findings:
        cmd += ["--findings", str(findings)]
    started = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    except subprocess.TimeoutExpired:  # only a naive step over its cap is a deliberate skip
        status = "skipped" if step.startswith("naive_") else "failed"
        return {"status": status, "reason": f"exceeded the cap of {timeout:.0f} s", "times": []}
    wall = time.perf_counter() - started
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"status": "failed", "reason": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300], "times": []}
    result = json.loads(lines[-1])
    result["wall_s"] = wall
    return result


def measure_size(name: str, args, log) -> dict:
    municipalities, years = SIZES[name]
    base = Path(args.work) / name
    data, store = base / "data", base / "store"
    from samverkan.generate import generate  # noqa: PLC0415

    t = time.perf_counter()
    gen = generate(data, municipalities, years, args.seed, force=True)
    gen_s = time.perf_counter() - t
    shutil.rmtree(store, ignore_errors=True)
    built = subprocess.run([sys.executable, "-c", "from samverkan.cli import main; main()", "build", "--store", str(store), str(data)],
                           capture_output=True, text=True, cwd=REPO)
    log(f"[{name}] generated {gen.agreements} agreements in {gen_s:.1f} s; {built.stdout.splitlines()[0] if built.stdout else built.stderr}")
    result = {"size": name, "municipalities": municipalities, "years": years, "agreements": gen.agreements,
              "commitments": gen.commitments, "files": gen.files, "generate_s": gen_s, "steps": {}}
    fast_findings, naive_findings = base / "findings-fast.json", base / "findings-naive.json"
    for step in FAST + NAIVE:
        if args.only and step not in args.only:
            continue
        naive = step.startswith("naive_")
        findings = fast_findings if step == "validate_all" else naive_findings if step == "naive_validate_all" else None
        timeout = args.cap if naive else args.fast_cap
        log(f"[{name}] {step} …")
        out = run_step(step, data, store, args, timeout, findings)
        result["steps"][step] = out
        if "triples" in out:
            result["triples"] = out["triples"]
        log(f"[{name}] {step}: {out.get('status')} median={out.get('median')} peak={out.get('peak_mb', 0):.0f} MB {out.get('reason', '')}")
    if fast_findings.exists() and naive_findings.exists():
        result["equality"] = compare_findings(json.loads(fast_findings.read_text()), json.loads(naive_findings.read_text()))
    return result


def compare_findings(fast: list, naive: list) -> dict:
    """Multisets of (severity, focus node) from both engines (paths are left out: the fast path names a
    path for SPARQL-based results where pyshacl reports none)."""
    a = collections.Counter(tuple(x[:2]) for x in fast)
    b = collections.Counter(tuple(x[:2]) for x in naive)
    only_fast, only_naive = a - b, b - a
    return {"identical": not only_fast and not only_naive, "fast": sum(a.values()), "naive": sum(b.values()),
            "only_fast": sum(only_fast.values()), "only_naive": sum(only_naive.values()),
            "examples_only_fast": [list(k) for k in list(only_fast)[:3]],
            "examples_only_naive": [list(k) for k in list(only_naive)[:3]]}


# --- the report ---------------------------------------------------------------------------------

def _s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _ratio(naive: float | None, fast: float | None) -> str:
    if not naive or not fast:
        return "–"
    return f"{naive / fast:.1f}×"


def _status(step: dict | None) -> str:
    if not step:
        return "not run"
    if step.get("status") == "ok":
        return ""
    return f"{step.get('status')}: {step.get('reason', '')}".replace("|", "/")[:160]


def machine() -> list[str]:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 1024 / 1024:.1f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    versions = []
    for pkg in ("pyoxigraph", "rdflib", "pyshacl", "networkx", "fastapi", "uvicorn", "httpx"):
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    return [f"- Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem}",
            f"- Python {platform.python_version()}; " + ", ".join(versions),
            f"- Date: {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}"]


def render(results: list[dict], args) -> str:
    out = ["# Benchmarks: samverkan vs the naive stack", "",
           "Written by `make bench` (`python -m bench`). Generated data: `samverkan generate --seed "
           f"{args.seed}` (municipalities × years per size below).", ""]
    out += machine()
    out += ["", f"Medians of {args.repeats} runs per step (queries: p50/p95 of {args.query_repeats} runs). Each step runs in a fresh "
            "process; **peak** is that process's `ru_maxrss` (getrusage RUSAGE_SELF, includes native memory). "
            f"Naive steps (rdflib Graph + plain pyshacl + rdflib SPARQL) are capped at {args.cap:.0f} s and skipped beyond. "
            "Ratio = naive ÷ fast (higher is better for samverkan).", ""]
    for r in results:
        steps = r["steps"]
        out += [f"## {r['size']}: {r.get('triples', '?')} triples "
                f"({r['municipalities']} municipalities × {r['years']} years, {r['agreements']} agreements, "
                f"{r['commitments']} commitments, {r['files']} files; generated in {r['generate_s']:.1f} s)", ""]
        out += ["| step | samverkan | peak | naive | naive peak | ratio | note |", "|---|---|---|---|---|---|---|"]
        pairs = [("full build", "build_full", "naive_build", "naive: parse every file into an rdflib Graph"),
                 ("incremental build (one agreement changed)", "build_incremental", "naive_build", "naive has no incremental path: it re-parses everything"),
                 ("validate one agreement", "validate_one", "naive_validate_all", "naive can only validate the whole graph (parse not included)"),
                 ("validate whole graph", "validate_all", "naive_validate_all", "plain pyshacl, no inference (parse not included)"),
                 ("network + metrics, one municipality", "network_municipality", None, ""),
                 ("network + metrics, national", "network_national", None, "")]
        for label, fast, naive, note in pairs:
            f, n = steps.get(fast, {}), steps.get(naive, {}) if naive else {}
            extra = "; ".join(x for x in (note, _status(f), _status(n) if naive else "") if x)
            if naive and n.get("parse_s"):
                extra += f"; naive parse {_s(n['parse_s'])}"
            if f.get("nodes") is not None:
                extra += f"; {f['nodes']} nodes, {f['edges']} edges"
            naive_time = _s(n.get("median")) if naive else "n/a"
            naive_peak = f"{n.get('peak_mb', 0):.0f} MB" if naive and n.get("peak_mb") else "–"
            ratio = _ratio(n.get("median"), f.get("median")) if naive else "–"
            fast_time = _s(f.get("median")) + (f" (first call {_s(f['first_s'])})" if f.get("first_s") is not None else "")
            out.append(f"| {label} | {fast_time} | {f.get('peak_mb', 0):.0f} MB | {naive_time} | {naive_peak} | {ratio} | {extra} |")
        eq = r.get("equality")
        if eq:
            out += ["", f"Findings, whole graph: samverkan {eq['fast']}, plain pyshacl {eq['naive']} → "
                    + ("**identical**." if eq["identical"] else
                       f"**different**: {eq['only_fast']} only in samverkan (e.g. {eq['examples_only_fast'][:2]}), "
                       f"{eq['only_naive']} only in pyshacl (e.g. {eq['examples_only_naive'][:2]}).")]
        out += ["", "Named queries (p50 / p95) on the on-disk store (as `samverkan query` runs them) and on its in-memory copy "
                "(as `samverkan serve` answers them); ratio = naive ÷ on disk:", "",
                "| query | on disk p50 | p95 | in memory p50 | p95 | naive p50 | ratio | note |", "|---|---|---|---|---|---|---|---|"]
        fq = steps.get("queries", {}).get("queries", {})
        nq = steps.get("naive_queries", {}).get("queries", {})
        if not fq:
            out.append(f"| (all) | – | – | – | – | – | – | {_status(steps.get('queries'))} |")
        if _status(steps.get("naive_queries")):
            out.append(f"| (naive, all) | | | | | – | – | {_status(steps.get('naive_queries'))} |")
        for key in sorted(fq):
            f, n = fq[key], nq.get(key, {})
            fp50 = statistics.median(f["times"]) if f.get("times") else None
            mp50 = statistics.median(f["memory_times"]) if f.get("memory_times") else None
            np50 = statistics.median(n["times"]) if n.get("times") else None
            answered = f"{f['rows']} rows" if f.get("rows") is not None else ""
            note = "; ".join(x for x in (answered, f.get("error", ""), ("naive: " + n["error"]) if n.get("error") else "") if x)
            out.append(f"| {key} | {_s(fp50)} | {_s(_pct(f.get('times', []), 95))} | {_s(mp50)} | "
                       f"{_s(_pct(f.get('memory_times', []), 95))} | {_s(np50)} | {_ratio(np50, fp50)} | {note[:150]} |")
        api = steps.get("api", {})
        out += ["", f"API under load ({args.clients} clients, {args.api_seconds:.0f} s per endpoint, `samverkan serve` in a second process"
                + (f", server peak {api['server_peak_mb']:.0f} MB" if api.get("server_peak_mb") else "") + "):", "",
                "| endpoint | req/s | p50 | p99 | first (cold) request | statuses |", "|---|---|---|---|---|---|"]
        if not api.get("endpoints"):
            out.append(f"| (all) | – | – | – | – | {_status(api)} |")
        for name, e in api.get("endpoints", {}).items():
            out.append(f"| {name} (`{e['url'].split(':', 2)[-1].split('/', 1)[-1]}`) | {e['rps']:.0f} | {_s(e['p50'])} | "
                       f"{_s(e['p99'])} | {_s(e.get('first_request_s'))} | {e['statuses']} |")
        out.append("")
    out += targets(results[-1], results, args.cap) if results else []
    return "\n".join(out) + "\n"


def targets(r: dict, results: list[dict] | None = None, cap: float | None = None) -> list[str]:
    steps = r["steps"]

    def med(step):
        return steps.get(step, {}).get("median")

    fq = steps.get("queries", {}).get("queries", {})
    paged = {key.rsplit(" (", 1)[0] for key, v in fq.items() if v.get("page")}

    def question(key: str, v: dict) -> str:
        """selective, whole-country (as a reader sees the answer: a paged table's first page) or export."""
        if v.get("kind") == "whole-country" and key.rsplit(" (", 1)[0] in paged:
            return "export"
        return "selective" if v.get("kind") == "selective" else "whole-country"

    def slowest(kind, column="times"):
        values = [(statistics.median(v[column]), key) for key, v in fq.items() if question(key, v) == kind and v.get(column)]
        return max(values) if values else (None, "")

    (sel, sel_q), (whole, whole_q), (export, export_q) = slowest("selective"), slowest("whole-country"), slowest("export")
    sel_mem, whole_mem, export_mem = (slowest(k, "memory_times")[0] for k in ("selective", "whole-country", "export"))
    api = steps.get("api", {}).get("endpoints", {}).get("agreement page", {})
    fast_peaks = [steps[s].get("peak_mb", 0) for s in FAST if steps.get(s, {}).get("status") == "ok"]
    naive_all, fast_all = med("naive_validate_all"), med("validate_all")
    eq = r.get("equality", {})
    ratio_note = ""
    if not (naive_all and fast_all):  # plain pyshacl over its cap here: the largest size where both ran
        compared = [x for x in (results or []) if x["steps"].get("naive_validate_all", {}).get("median")
                    and x["steps"].get("validate_all", {}).get("median")]
        if compared:
            best = compared[-1]
            naive_all, fast_all = best["steps"]["naive_validate_all"]["median"], best["steps"]["validate_all"]["median"]
            eq = best.get("equality", {})
            ratio_note = f" at {best['size']}"
            if fast_all and cap and med("validate_all"):
                ratio_note += (f" (at {r['size']} plain pyshacl ran past the {cap:.0f} s cap: ≥ "
                               f"{cap / med('validate_all'):.1f}× against our {_s(med('validate_all'))})")
    rows = [
        ("validate one agreement ≤ 0.3 s", med("validate_one"), lambda v: v <= 0.3, _s(med("validate_one"))),
        ("validate whole graph ≥ 10× plain pyshacl, identical findings",
         (naive_all / fast_all) if naive_all and fast_all else None,
         lambda v: v >= 10 and eq.get("identical", False),
         f"{_ratio(naive_all, fast_all)}{ratio_note}, findings {'identical' if eq.get('identical') else 'not identical' if eq else 'not compared'}"),
        ("incremental rebuild ≤ 1 s", med("build_incremental"), lambda v: v <= 1, _s(med("build_incremental"))),
        ("full build ≤ 30 s", med("build_full"), lambda v: v <= 30, _s(med("build_full"))),
        ("selective named queries p50 ≤ 50 ms (slowest, on disk)", sel, lambda v: v <= 0.05,
         f"{_s(sel)} on disk ({sel_q}); {_s(sel_mem)} in memory"),
        ("whole-country queries p50 ≤ 1 s (slowest, on disk; a table read by agreement: its first page)", whole,
         lambda v: v <= 1, f"{_s(whole)} on disk ({whole_q}); {_s(whole_mem)} in memory"),
        ("API agreement page p50 ≤ 30 ms", api.get("p50"), lambda v: v <= 0.03, _s(api.get("p50"))),
        ("API agreement page ≥ 200 req/s", api.get("rps"), lambda v: v >= 200, f"{api['rps']:.0f} req/s" if api.get("rps") else "–"),
        ("peak memory ≤ 1.5 GB (largest samverkan step)", max(fast_peaks) if fast_peaks else None, lambda v: v <= 1536,
         f"{max(fast_peaks):.0f} MB" if fast_peaks else "–"),
    ]
    out = [f"## Targets (issue 9), checked at the largest size measured: {r['size']} ({r.get('triples', '?')} triples)", "",
           "| target | measured | met? |", "|---|---|---|"]
    for label, value, ok, shown in rows:
        verdict = "not measured" if value is None else ("met" if ok(value) else "**not met**")
        out.append(f"| {label} | {shown} | {verdict} |")
    if export is not None:
        out += ["", f"Not a target: the slowest whole table read in full (CSV export of every row) took {_s(export)} on disk "
                f"({export_q}), {_s(export_mem)} in memory."]
    return out + [""]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help=f"comma-separated, from {', '.join(SIZES)}")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--query-repeats", type=int, default=20)
    parser.add_argument("--cap", type=float, default=300, help="seconds a naive step may run before it is skipped")
    parser.add_argument("--fast-cap", type=float, default=1800, help="seconds a samverkan step may run")
    parser.add_argument("--api-seconds", type=float, default=5)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", default=str(REPO / "var" / "bench"))
    parser.add_argument("--only", default="", help="comma-separated step names to run (default: all)")
    parser.add_argument("--out", default=str(REPO / "bench" / "RESULTS.md"))
    parser.add_argument("--json", default="", help="also write the raw results here")
    args = parser.parse_args(argv)
    args.only = [s for s in args.only.split(",") if s]
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    results = [measure_size(size, args, log) for size in sizes]
    from samverkan.output import write_output  # noqa: PLC0415

    write_output(render(results, args), args.out)
    if args.json:
        write_output(json.dumps(results, indent=1), args.json)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
