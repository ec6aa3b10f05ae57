"""`python -m bench` (= `make bench`): generate national graphs, time every step against the naive stack and the
peers (oxigraph load / serve, pyrudof), load the server with distinct resources, write bench/RESULTS.md.

    python -m bench [--sizes 10k,100k] [--repeats 3] [--cap 300] [--pass-seconds 30] [--out bench/RESULTS.md]

Each step runs in a fresh process (python -m bench.steps STEP …; steps in bench/steps.py, naive.py, peers.py,
serving.py); its peak memory is that process's resource.getrusage(RUSAGE_SELF).ru_maxrss, which counts native
(pyoxigraph, Rust) allocations too. A server's peak is taken from os.wait4 when it stops. The naive stack's
parse has its own allowance (--parse-cap); the work after it has --cap, and a run past it says so in its row.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .compare import compare_findings
from .plan import CAPPED, SIZES, STEPS
from .render import render

REPO = Path(__file__).resolve().parent.parent
SEED_TEXTS = REPO.parent / "shared" / "seeds"


def run_step(step: str, data: Path, store: Path, args, timeout: float, extra: list[str] | None = None) -> dict:
    seconds = args.pass_seconds if step == "load" else args.cap
    cmd = [sys.executable, "-m", "bench.steps", step, "--data", str(data), "--store", str(store),
           "--repeats", str(args.repeats), "--query-repeats", str(args.query_repeats),
           "--seconds", str(seconds), "--clients", str(args.clients), *(extra or [])]
    env = {**os.environ, "SAMVERKAN_SOURCE_TEXTS": str(SEED_TEXTS)}
    started = time.perf_counter()
    load_before = os.getloadavg()[0]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)
    except subprocess.TimeoutExpired:
        status = "skipped" if step in CAPPED else "failed"
        return {"status": status, "reason": f"exceeded the cap of {timeout:.0f} s (parse included)", "times": []}
    wall = time.perf_counter() - started
    lines = [line for line in proc.stdout.splitlines() if line.startswith("{")]
    if proc.returncode != 0 or not lines:
        return {"status": "failed", "reason": (proc.stderr.strip().splitlines() or ["no output"])[-1][:300], "times": []}
    result = json.loads(lines[-1])
    result["wall_s"] = wall
    result["load_before"], result["load_after"] = load_before, os.getloadavg()[0]
    return result


def build_store(data: Path | None, store: Path, log) -> None:
    shutil.rmtree(store, ignore_errors=True)
    cmd = [sys.executable, "-c", "from samverkan.cli import main; main()", "build", "--store", str(store)]
    built = subprocess.run(cmd + ([str(data)] if data else []), capture_output=True, text=True, cwd=REPO)
    if built.returncode != 0:
        raise SystemExit(f"samverkan build failed: {built.stderr.strip()[-500:]}")
    log(f"  {built.stdout.splitlines()[0] if built.stdout else ''}")


def measure_seed(args, log) -> dict:
    """Every page kind on the seed graph (graph/): issue 14's ≤ 50 ms."""
    base = Path(args.work) / "seed"
    store, prepared = base / "store", base / "prepared.json"
    base.mkdir(parents=True, exist_ok=True)
    log("[seed] build graph/ …")
    build_store(None, store, log)
    result = {"size": "seed", "steps": {}, "load_start": os.getloadavg()}
    for step in ("prepare", "pages"):
        out = run_step(step, REPO / "graph", store, args, args.fast_cap, ["--prepared", str(prepared)])
        result["steps"][step] = out
        log(f"[seed] {step}: {out.get('status')} {out.get('reason', '')}")
    result["triples"] = result["steps"]["prepare"].get("triples")
    result["load_end"] = os.getloadavg()
    return result


def measure_size(name: str, args, log, save=lambda result: None) -> dict:
    municipalities, years = SIZES[name]
    base = Path(args.work) / name
    data, store, prepared = base / "data", base / "store", base / "prepared.json"
    from samverkan.generate import generate  # noqa: PLC0415

    t = time.perf_counter()
    gen = generate(data, municipalities, years, args.seed, force=True)
    gen_s = time.perf_counter() - t
    for stale in ("store.nq", "oxigraph-store"):  # the peers' copies of the previous build
        shutil.rmtree(base / stale, ignore_errors=True) if (base / stale).is_dir() else (base / stale).unlink(missing_ok=True)
    log(f"[{name}] generated {gen.agreements} agreements in {gen_s:.1f} s")
    result = {"size": name, "municipalities": municipalities, "years": years, "agreements": gen.agreements,
              "commitments": gen.commitments, "files": gen.files, "generate_s": gen_s, "steps": {},
              "load_start": os.getloadavg()}
    findings = {"validate_all": base / "findings-fast.json", "naive_validate_all": base / "findings-naive.json",
                "pyrudof_validate": base / "findings-pyrudof.json"}
    for f in findings.values():
        f.unlink(missing_ok=True)
    if not args.only or "build_full" in args.only:  # its last build becomes the store the other steps read
        log(f"[{name}] build_full …")
        out = run_step("build_full", data, store, args, args.fast_cap)
        result["steps"]["build_full"] = out
        log(f"[{name}] build_full: {out.get('status')} median={out.get('median')} {out.get('reason', '')}")
    if result["steps"].get("build_full", {}).get("status") != "ok":
        build_store(data, store, log)
    out = run_step("prepare", data, store, args, args.fast_cap, ["--prepared", str(prepared)])
    if out.get("status") != "ok":
        raise SystemExit(f"[{name}] prepare failed: {out.get('reason')}")
    result["steps"]["prepare"], result["triples"] = out, out["triples"]
    for step in STEPS:
        if step == "build_full" or (args.only and step not in args.only):
            continue
        extra = ["--prepared", str(prepared)] + (["--findings", str(findings[step])] if step in findings else [])
        timeout = args.parse_cap + args.cap if step in CAPPED else args.fast_cap
        log(f"[{name}] {step} …")
        out = run_step(step, data, store, args, timeout, extra)
        result["steps"][step] = out
        save(result)
        log(f"[{name}] {step}: {out.get('status')} median={out.get('median')} peak={out.get('peak_mb', 0):.0f} MB "
            f"{out.get('reason', '')}")
    result["load_end"] = os.getloadavg()
    fast = findings["validate_all"]
    for other, key in (("naive_validate_all", "equality"), ("pyrudof_validate", "equality_pyrudof")):
        if fast.exists() and findings[other].exists():
            result[key] = compare_findings(json.loads(fast.read_text()), json.loads(findings[other].read_text()))
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10k,100k", help=f"comma-separated, from {', '.join(SIZES)}")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--query-repeats", type=int, default=20)
    parser.add_argument("--cap", type=float, default=300, help="seconds the naive stack and pyrudof may work after their parse")
    parser.add_argument("--parse-cap", type=float, default=300, help="seconds allowed for their parse, on top of --cap")
    parser.add_argument("--fast-cap", type=float, default=1800, help="seconds a samverkan step may run")
    parser.add_argument("--pass-seconds", type=float, default=30, help="seconds a load pass over distinct resources may run")
    parser.add_argument("--api-seconds", type=float, default=None, help=argparse.SUPPRESS)  # older name of --pass-seconds
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-seed-graph", action="store_true", help="skip the page timings on the seed graph")
    parser.add_argument("--work", default=str(REPO / "var" / "bench"))
    parser.add_argument("--only", default="", help="comma-separated step names to run (default: all)")
    parser.add_argument("--out", default=str(REPO / "bench" / "RESULTS.md"))
    parser.add_argument("--json", default="", help="also write the raw results here (after every step)")
    parser.add_argument("--render-from", default="", help="write RESULTS.md from a --json file of an earlier (or stopped) run")
    args = parser.parse_args(argv)
    if args.api_seconds is not None:
        args.pass_seconds = args.api_seconds
    args.only = [s for s in args.only.split(",") if s]
    sizes = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in sizes if s not in SIZES]
    if unknown:
        parser.error(f"unknown size(s) {', '.join(unknown)}; choose from {', '.join(SIZES)}")

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    from samverkan.output import write_output  # noqa: PLC0415

    if args.render_from:
        raw = json.loads(Path(args.render_from).read_text())
        args.note = raw.get("note", "")
        for key, value in raw.get("args", {}).items():  # the settings of the run, not of this call
            if key not in ("out", "render_from", "json"):
                setattr(args, key, value)
        write_output(render([r for r in raw["sizes"] if r.get("steps")], raw.get("seed"), args), args.out)
        log(f"wrote {args.out} from {args.render_from}")
        return 0
    seed = None if args.no_seed_graph else measure_seed(args, log)
    results: list[dict] = []

    def save(current: dict) -> None:  # after every step, so a run stopped later keeps what finished
        if args.json:
            done = [r for r in results if r is not current] + [current]
            Path(args.json).write_text(json.dumps({"seed": seed, "sizes": done, "args": vars(args)}, indent=1))

    for size in sizes:
        results.append(measure_size(size, args, log, save))
    write_output(render(results, seed, args), args.out)
    if args.json:
        write_output(json.dumps({"seed": seed, "sizes": results, "args": vars(args)}, indent=1), args.json)
    log(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
