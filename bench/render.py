"""bench/RESULTS.md from the raw results of `python -m bench`: one section per size, then the targets table."""

from __future__ import annotations

import datetime
import os
import platform
import statistics
from importlib import metadata
from pathlib import Path

from .load import pct
from .plan import STEPS
from .targets import targets

PACKAGES = ("pyoxigraph", "oxigraph", "rdflib", "pyshacl", "pyrudof", "networkx", "fastapi", "uvicorn", "httpx",
            "weasyprint", "playwright")


def s_(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}×" if a and b else "–"


def status(step: dict | None) -> str:
    if not step:
        return "not run"
    if step.get("status") == "ok":
        return ""
    return f"{step.get('status')}: {step.get('reason', '')}".replace("|", "/")[:200]


def mb(step: dict | None, key: str = "peak_mb") -> str:
    return f"{step[key]:.0f} MB" if step and step.get(key) else "–"


def load3(values) -> str:
    return " / ".join(f"{v:.2f}" for v in values) if values else "–"


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
    for pkg in PACKAGES:
        try:
            versions.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{pkg} (not installed)")
    return [f"- Machine: {platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), {mem}",
            f"- Python {platform.python_version()}; " + ", ".join(versions),
            f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M')} UTC"]


def render(results: list[dict], seed: dict | None, args) -> str:
    """Sizes smallest first whatever order they ran in (a run may start with the largest, so that a deadline cuts
    the small ones); the targets are checked at the largest."""
    results = sorted(results, key=lambda r: (r.get("triples") or 0))
    out = ["# Benchmarks: samverkan beside its peers and the naive stack", "",
           "Written by `make bench` (`python -m bench`). Generated data: `samverkan generate --seed "
           f"{args.seed}` (municipalities × years per size below; with its invented follow-up history).", ""]
    out += machine()
    out += ["", f"Medians of up to {args.repeats} runs per step (a full build or a naive parse stops repeating once another run "
            f"would take it past 150 s or its cap; named queries: p50/p95 of {args.query_repeats} runs after a warm-up, or of at least 3 where they take over 10 s together). Each step runs in "
            "a fresh process; **peak** is that process's `ru_maxrss` (getrusage, includes native memory); a server's "
            "peak comes from `wait4` when it stops. The naive stack (rdflib Graph + plain pyshacl + rdflib SPARQL) "
            f"and pyrudof get {args.parse_cap:.0f} s for their parse and then {args.cap:.0f} s for the work; a run past "
            "the cap says so in its row. **The triple count of a size** is the store's distinct triples in the graphs "
            "loaded from a source file (the ontology and every data file): the build's bookkeeping graph and anything "
            "derived from the sources are left out. The machine is shared: the load average (1 / 5 / 15 min, "
            "`os.getloadavg`) is given per size and per step in the raw results.", ""]
    if getattr(args, "note", ""):
        out += [f"**About this run:** {args.note}", ""]
    if seed:
        out += seed_section(seed)
    for r in results:
        out += size_section(r, args)
    if results:
        out += targets(results, seed)
    return "\n".join(out) + "\n"


def seed_section(seed: dict) -> list[str]:
    out = [f"## Seed graph (`graph/`, {seed.get('triples', '?')} triples): every page kind", "",
           f"Load average at the start {load3(seed.get('load_start'))}, at the end {load3(seed.get('load_end'))}.", ""]
    return out + pages_table(seed["steps"].get("pages"))


def size_section(r: dict, args) -> list[str]:
    steps = r["steps"]
    prep = steps.get("prepare", {})
    out = [f"## {r['size']}: {r.get('triples', '?')} triples "
           f"({r['municipalities']} municipalities × {r['years']} years, {r['agreements']} agreements, "
           f"{r['commitments']} commitments, {r['files']} files with the follow-up history; generated in {r['generate_s']:.1f} s)",
           "", f"{prep.get('quads', '?')} quads in the store in all (with the bookkeeping); "
           f"{prep.get('agreements', '?')} agreements, {prep.get('organisations', '?')} organisations, "
           f"{prep.get('forums', '?')} forums, {prep.get('police_areas', '?')} police areas. "
           f"Load average at the start {load3(r.get('load_start'))}, at the end {load3(r.get('load_end'))}.", ""]
    missing = [step for step in STEPS if step not in steps]
    if missing:
        out += [f"**Not run** (the run was stopped before them, or `--only` left them out): {', '.join(missing)}.", ""]
    out += work_table(r)
    out += queries_table(steps)
    out += sparql_table(steps.get("sparql_peer"))
    out += serve_table(steps.get("serve_start"))
    out += load_table(steps.get("load"), args)
    out += pages_table(steps.get("pages"))
    out += first_paint_line(steps.get("first_paint"))
    return out


def work_table(r: dict) -> list[str]:
    steps = r["steps"]
    out = ["| step | samverkan | peak | peer | peer time | peer peak | samverkan ÷ peer | naive | naive peak | naive ÷ samverkan | note |",
           "|---|---|---|---|---|---|---|---|---|---|---|"]

    def row(label, fast, peer_name=None, peer=None, naive=None, note="", fast_time=None, peer_time=None):
        f = steps.get(fast, {})
        p = steps.get(peer, {}) if peer else {}
        n = steps.get(naive, {}) if naive else {}
        fm = f.get("median") if fast_time is None else fast_time
        pm = p.get("median") if peer_time is None else peer_time
        notes = [x for x in (note, status(f), ("peer " + status(p)) if peer and status(p) else "",
                             ("naive " + status(n)) if naive and status(n) else "") if x]
        if p.get("parse_s"):
            notes.append(f"pyrudof read {s_(p['parse_s'])}")
        if n.get("parse_s"):
            notes.append(f"naive parse {s_(n['parse_s'])}")
        if f.get("first_s") is not None:
            notes.append(f"first call in a process {s_(f['first_s'])}")
        if f.get("nodes") is not None:
            notes.append(f"{f['nodes']} nodes, {f['edges']} edges")
        out.append(f"| {label} | {s_(fm)} | {mb(f)} | {peer_name or '–'} | {s_(pm) if peer else '–'} | "
                   f"{mb(p) if peer else '–'} | {ratio(fm, pm) if peer else '–'} | {s_(n.get('median')) if naive else 'n/a'} | "
                   f"{mb(n) if naive else '–'} | {ratio(n.get('median'), fm) if naive else '–'} | {'; '.join(notes)} |")

    row("full build (with the follow-up history)", "build_full", "`oxigraph load` of the same quads", "oxigraph_load",
        "naive_build", "naive: parse every file into an rdflib Graph")
    row("incremental build (one agreement changed)", "build_incremental", naive="naive_build",
        note="naive has no incremental path: it re-parses everything")
    row("validate one agreement (with its follow-ups)", "validate_one", naive="naive_validate_all",
        note="naive can only validate the whole graph (parse not included)")
    row("validate whole graph", "validate_all", "pyrudof (native engine, same shapes)", "pyrudof_validate", "naive_validate_all",
        "naive: plain pyshacl, no inference (parse not included)")
    row("network + metrics, one municipality", "network_municipality")
    row("network + metrics, national (`samverkan network --metrics`)", "network_national")
    rep = steps.get("report", {})
    row(f"council report as HTML ({rep.get('agreement', '').rsplit('/', 1)[-1]} {rep.get('year', '')})", "report",
        note=f"first call in a process {s_(rep.get('first_html_s'))}" if rep.get("first_html_s") else "")
    out.append(f"| … its PDF from that HTML (WeasyPrint alone) | {s_(rep.get('pdf_median'))} | {mb(rep)} | – | – | – | – | n/a | – | – | "
               f"{('first call in a process ' + s_(rep.get('first_pdf_s'))) if rep.get('first_pdf_s') else status(rep)} |")
    out.append("")
    for key, who in (("equality", "plain pyshacl"), ("equality_pyrudof", "pyrudof")):
        eq = r.get(key)
        if not eq:
            out.append(f"Findings, whole graph, samverkan vs {who}: not compared ({who} did not finish).")
            continue
        out.append(f"Findings, whole graph: samverkan {eq['fast']}, {who} {eq['naive']} → " + (
            "**identical**." if eq["identical"] else
            f"**different**: {eq['only_fast']} only in samverkan (e.g. {eq['examples_only_fast'][:2]}), "
            f"{eq['only_naive']} only in {who} (e.g. {eq['examples_only_naive'][:2]}); by severity samverkan "
            f"{eq.get('by_severity_fast')}, {who} {eq.get('by_severity_other')}."))
    return out + [""]


def queries_table(steps: dict) -> list[str]:
    nstep = steps.get("naive_queries", {})
    out = ["Named queries (p50 / p95) on the on-disk store (as `samverkan query` runs them) and on its in-memory copy; "
           "ratio = naive ÷ on disk" + (f" (the naive stack: {s_(nstep.get('budget_s'))} after its parse of "
                                         f"{s_(nstep.get('parse_s'))}, at most {s_(nstep.get('per_query_cap_s'))} a query)"
                                         if nstep.get("budget_s") else "") + ":", "",
           "| query | on disk p50 | p95 | in memory p50 | p95 | naive p50 | ratio | note |", "|---|---|---|---|---|---|---|---|"]
    fq = steps.get("queries", {}).get("queries", {})
    nq = nstep.get("queries", {})
    if not fq:
        out.append(f"| (all) | – | – | – | – | – | – | {status(steps.get('queries'))} |")
    if status(nstep):
        out.append(f"| (naive, all) | | | | | – | – | {status(nstep)} |")
    for key in sorted(fq):
        f, n = fq[key], nq.get(key, {})
        fp50 = statistics.median(f["times"]) if f.get("times") else None
        mp50 = statistics.median(f["memory_times"]) if f.get("memory_times") else None
        np50 = statistics.median(n["times"]) if n.get("times") else None
        shown_ratio = ratio(np50, fp50) if np50 else (f"> {n['capped'] / fp50:.0f}×" if n.get("capped") and fp50 else "–")
        naive_time = s_(np50) if np50 else (f"> {s_(n['capped'])}" if n.get("capped") else "–")
        answered = f"{f['rows']} rows" if f.get("rows") is not None else ""
        note = "; ".join(x for x in (answered, f.get("error", ""), ("naive: " + n["error"]) if n.get("error") else "") if x)
        out.append(f"| {key} | {s_(fp50)} | {s_(pct(f.get('times', []), 95))} | {s_(mp50)} | "
                   f"{s_(pct(f.get('memory_times', []), 95))} | {naive_time} | {shown_ratio} | {note.replace('|', '/')[:150]} |")
    return out + [""]


OX_MEM = "oxigraph serve (in memory)"
OX_DISK = "oxigraph serve-read-only (on disk)"


def sparql_ratios(step: dict | None) -> dict[str, dict]:
    """samverkan server → {"vs_memory": [ratios], "vs_disk": [ratios]} over every query × format."""
    servers = (step or {}).get("servers", {})
    mem, disk = servers.get(OX_MEM, {}), servers.get(OX_DISK, {})
    out = {}
    for name, rows in servers.items():
        if name.startswith("oxigraph") or "error" in rows:
            continue
        out[name] = {"vs_memory": [r["p50"] / mem[k]["p50"] for k, r in rows.items() if k in mem and r.get("p50") and mem[k].get("p50")],
                     "vs_disk": [r["p50"] / disk[k]["p50"] for k, r in rows.items() if k in disk and r.get("p50") and disk[k].get("p50")]}
    return out


def sparql_table(step: dict | None) -> list[str]:
    if not step or step.get("status") != "ok":
        return [f"`/sparql` beside `oxigraph serve`: {status(step)}", ""]
    servers = step["servers"]
    names = list(servers)
    out = ["`/sparql` beside `oxigraph serve` (same SPARQL texts and Accept headers, union default graph on both, "
           "one client, p50 of the timed requests after a warm-up; in brackets: ÷ oxigraph in memory; "
           "*same* = the same rows as oxigraph's answer, in any order):", "",
           "| query | format | " + " | ".join(names) + " | same answer |", "|---|---|" + "---|" * (len(names) + 1)]
    mem = servers.get(OX_MEM, {})
    for key in mem:
        query, fmt = key.rsplit(" | ", 1)
        cells, same = [], []
        for name in names:
            row = servers[name].get(key) if "error" not in servers[name] else None
            if not row:
                cells.append(servers[name].get("error", "–")[:60] if "error" in servers[name] else "–")
                continue
            shown = s_(row.get("p50")) + ("" if row.get("status") == 200 else f" (HTTP {row.get('status')})")
            if not name.startswith("oxigraph"):
                shown += f" ({ratio(row.get('p50'), mem[key].get('p50'))})"
                if row.get("same_as_oxigraph") is not None:
                    same.append("yes" if row["same_as_oxigraph"] else f"**no** ({name.split('(')[-1].rstrip(')')})")
            cells.append(shown)
        out.append(f"| {query} | {fmt} | " + " | ".join(cells) + f" | {', '.join(sorted(set(same))) or '–'} |")
    out.append("")
    for name, r in sparql_ratios(step).items():
        if r["vs_memory"]:
            line = (f"- {name}: ÷ oxigraph in memory median {statistics.median(r['vs_memory']):.2f}×, worst "
                    f"{max(r['vs_memory']):.2f}×")
            if r["vs_disk"]:
                line += f"; ÷ oxigraph on disk median {statistics.median(r['vs_disk']):.2f}×, worst {max(r['vs_disk']):.2f}×"
            out.append(line)
    return out + [""]


def serve_table(step: dict | None) -> list[str]:
    if not step or step.get("status") != "ok":
        return [f"`samverkan serve` start-up: {status(step)}", ""]
    out = ["`samverkan serve` start-up (from the process's start; *first answered request* = the first 200 on "
           "`/api/agreements?limit=1`, asked every 20 ms; *RSS at rest* = psutil RSS after the second home page once three "
           "readings a second apart agree within 2 MB, i.e. after any background copy finished):", "",
           "| mode | first answered request | first home page | its request alone | second home page | RSS at rest | with worker processes | server peak |",
           "|---|---|---|---|---|---|---|---|"]
    for mode, e in step["modes"].items():
        if "error" in e:
            out.append(f"| `{mode}` | {e['error'][:150]} | | | | | | |")
            continue
        out.append(f"| `{mode}` | {s_(e.get('first_answer_s'))} | {s_(e.get('first_home_s'))} | {s_(e.get('home_request_s'))} | "
                   f"{s_(e.get('second_home_s'))} | {e.get('rss_mb', 0):.0f} MB (after {e.get('settled_after_s', 0):.0f} s) | "
                   f"{e.get('rss_with_children_mb', 0):.0f} MB | "
                   f"{e.get('peak_mb') or 0:.0f} MB |")
    return out + [""]


def load_table(step: dict | None, args) -> list[str]:
    if not step or step.get("status") != "ok":
        return [f"Load over distinct resources: {status(step)}", ""]
    out = [f"Load: {step.get('clients')} clients asking **distinct** resources in turn, each row on a freshly started "
           "`samverkan serve` (default mode): *misses* = the first pass over all of them, *hits* = the second pass; a pass "
           f"stops after {step.get('pass_cap_s', 0):.0f} s and then says how many it asked. *One URL* = the same URL "
           f"for 5 s (cache hits but the first). Server peak {mb(step, 'server_peak_mb')}.", "",
           "| endpoint | pass | asked / distinct | req/s | p50 | p99 | statuses |", "|---|---|---|---|---|---|---|"]
    for name, row in step["rows"].items():
        if "error" in row:
            out.append(f"| {name} | – | – | – | – | – | {row['error'][:150]} |")
            continue
        for label in ("misses", "hits", "one_url"):
            e = row.get(label)
            if not e:
                continue
            asked = f"{e['asked']} / {e['distinct']}" + (" (stopped at the cap)" if e.get("capped") else "")
            shown = {"misses": "misses (1st pass)", "hits": "hits (2nd pass)", "one_url": "one URL"}[label]
            out.append(f"| {name} (`{row.get('example', '')}`) | {shown} | {asked} | {e['rps']:.0f} | {s_(e['p50'])} | "
                       f"{s_(e['p99'])} | {e['statuses']} |")
    return out + [""]


def pages_table(step: dict | None) -> list[str]:
    if not step or step.get("status") != "ok":
        return [f"Pages: {status(step)}", ""]
    out = ["Every page kind, one client on loopback (`samverkan serve`, default mode), a few distinct pages of each kind "
           "asked in turn: p50 / p95 of the rounds after a warm-up round; *first* = the first request of the kind in the "
           "server's life:", "",
           "| page kind | example | p50 | p95 | first | statuses |", "|---|---|---|---|---|---|"]
    for kind, e in step["kinds"].items():
        out.append(f"| {kind} | `{e['example']}` | {s_(e['p50'])} | {s_(e['p95'])} | {s_(e['first_s'])} | {e['statuses']} |")
    return out + [""]


def first_paint_line(step: dict | None) -> list[str]:
    if not step or step.get("status") != "ok":
        return [f"Network page in chromium: {status(step)}", ""]
    first = step.get("first", {})
    return [f"Network page of a municipality in Debian's chromium (`{step['path']}`, 1366×900, a new browser context per "
            f"load): first-contentful-paint {s_(step.get('fcp_s'))}, network drawn (laid out: `data-ready`, or the older "
            f"page's canvas present) "
            f"{s_(step.get('drawn_s'))} (medians of {len(step['runs']) - 1} loads after the first; the first: "
            f"{s_(first.get('fcp_s'))} / {s_(first.get('drawn_s'))}).", ""]
