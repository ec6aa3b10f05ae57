"""The targets of issues 17, 13 (Scale) and 14 (Speed), checked against the figures of the same run."""

from __future__ import annotations

import statistics

from .server import serve_modes

FOLLOW_UP_QUERIES = ("follow-up-status", "commitments-not-followed-up", "overdue-commitments", "follow-up-progress",
                     "indicator-values")
PAGE_ROWS = ("agreement page (HTML, with its follow-up status table)", "agreement (API)", "organisation page (HTML)",
             "organisation (API)", "forum page (HTML)", "forum (API)")
QUERY_ROWS = ("named query police-area-commitments, every police area (API)",
              "named query responsibilities, every organisation (API)")


def _s(value):
    from .render import s_

    return s_(value)


def _queries(steps: dict) -> dict:
    return steps.get("queries", {}).get("queries", {})


def _question(fq: dict, key: str, v: dict) -> str:
    """selective, whole-country (a table read by agreement counts by its first page) or export."""
    paged = {k.rsplit(" (", 1)[0] for k, x in fq.items() if x.get("page")}
    if v.get("kind") == "whole-country" and key.rsplit(" (", 1)[0] in paged:
        return "export"
    return "selective" if v.get("kind") == "selective" else "whole-country"


def _slowest(fq: dict, kind: str, column: str = "times", names: tuple[str, ...] | None = None):
    values = [(statistics.median(v[column]), key) for key, v in fq.items()
              if _question(fq, key, v) == kind and v.get(column) and (names is None or key.rsplit(" (", 1)[0] in names)]
    return max(values) if values else (None, "")


def _load_worst(steps: dict, names: tuple[str, ...]):
    """(lowest req/s, its row, highest p99, its row, passes seen, passes stopped at the cap)."""
    rows = steps.get("load", {}).get("rows", {})
    passes = [(f"{name}, {label}", e) for name in names for label in ("misses", "hits")
              if (e := rows.get(name, {}).get(label))]
    if not passes:
        return None
    low = min(passes, key=lambda x: x[1]["rps"])
    high = max(passes, key=lambda x: x[1]["p99"] or 0)
    return low[1]["rps"], low[0], high[1]["p99"], high[0], len(passes), sum(1 for _, e in passes if e.get("capped"))


def targets(results: list[dict], seed: dict | None) -> list[str]:
    r = results[-1]
    steps = r["steps"]

    def med(step):
        return steps.get(step, {}).get("median")

    fq = _queries(steps)
    rows: list[tuple[str, str, object, str]] = []  # (issue, target, ok: bool | None, measured)

    def add(issue, label, value, ok, shown):
        rows.append((issue, label, None if value is None else bool(ok(value)), shown))

    # --- issue 17 ---
    for names, label in ((PAGE_ROWS, "every agreement, organisation and forum page, HTML and API, 8 clients over all of "
                                     "them in turn: ≥ 300 req/s and p99 ≤ 100 ms (worst pass, misses and hits)"),
                         (QUERY_ROWS, "a named query with varying parameters, likewise")):
        worst = _load_worst(steps, names)
        if worst is None:
            add("17", label, None, None, "not measured")
            continue
        rps, rps_row, p99, p99_row, n, capped = worst
        add("17", label, (rps, p99), lambda v: v[0] >= 300 and v[1] <= 0.1,
            f"lowest {rps:.0f} req/s ({rps_row}); highest p99 {_s(p99)} ({p99_row})"
            + (f"; {capped} of {n} passes stopped at the time cap" if capped else ""))
    modes = steps.get("serve_start", {}).get("modes", {})
    default = modes.get("default", {})
    add("17", "`samverkan serve` → first answered request ≤ 2 s (default mode)", default.get("first_answer_s"),
        lambda v: v <= 2, _s(default.get("first_answer_s")))
    add("17", "`samverkan serve` → first home page ≤ 2 s (default mode)", default.get("first_home_s"),
        lambda v: v <= 2, _s(default.get("first_home_s")))
    rss = default.get("rss_with_children_mb")
    add("17", "memory at rest ≤ 300 MB (default mode, with its worker processes)", rss, lambda v: v <= 300,
        f"{rss:.0f} MB (the server process alone {default.get('rss_mb', 0):.0f} MB)" if rss else "–")
    for mode in ("--in-memory", "--on-disk"):
        e = modes.get(mode)
        if e and "first_answer_s" in e:
            rows.append(("17", f"(not a target) `{mode}`: first answered request / first home page / RSS at rest", None,
                         f"{_s(e['first_answer_s'])} / {_s(e.get('first_home_s'))} / {e.get('rss_with_children_mb', 0):.0f} MB"))
    from .render import sparql_ratios

    ratios = sparql_ratios(steps.get("sparql_peer"))
    in_memory = _in_memory_server(ratios)
    if in_memory:
        vs = ratios[in_memory]["vs_memory"]
        add("17", "`/sparql` within 1.2× of `oxigraph serve` in memory (every query × format)", max(vs),
            lambda v: v <= 1.2, f"{in_memory}: worst {max(vs):.2f}×, median {statistics.median(vs):.2f}× over {len(vs)}")
    else:
        add("17", "`/sparql` within 1.2× of `oxigraph serve` in memory", None, None, "not measured")
    for name, r2 in ratios.items():
        if name != in_memory and r2["vs_disk"]:
            rows.append(("17", f"(not a target) {name} ÷ `oxigraph serve-read-only` on disk", None,
                         f"worst {max(r2['vs_disk']):.2f}×, median {statistics.median(r2['vs_disk']):.2f}×"))
    sel, sel_q = _slowest(fq, "selective")
    sel_mem = _slowest(fq, "selective", "memory_times")[0]
    add("17", "selective named queries p50 ≤ 50 ms on the on-disk store (slowest)", sel, lambda v: v <= 0.05,
        f"{_s(sel)} ({sel_q}); in memory {_s(sel_mem)}")
    whole, whole_q = _slowest(fq, "whole-country")
    add("17", "whole-country aggregates ≤ 1 s on disk (a table read by agreement: its first page)", whole,
        lambda v: v <= 1, f"{_s(whole)} ({whole_q})")
    net = steps.get("network_national", {})
    add("17", "national network with metrics ≤ 5 s the first time in a process", net.get("first_s"), lambda v: v <= 5,
        _s(net.get("first_s")))
    add("17", "… and ≤ 1 s after", net.get("median"), lambda v: v <= 1, _s(net.get("median")))
    build, ox = med("build_full"), med("oxigraph_load")
    add("17", "full build ≤ 1.5× `oxigraph load` of the same data", (build / ox) if build and ox else None,
        lambda v: v <= 1.5, f"{build / ox:.2f}× ({_s(build)} vs {_s(ox)})" if build and ox else "–")
    add("17", "incremental build ≤ 1 s", med("build_incremental"), lambda v: v <= 1, _s(med("build_incremental")))
    add("17", "one agreement validated (with its follow-ups) ≤ 0.2 s", med("validate_one"), lambda v: v <= 0.2,
        _s(med("validate_one")))
    rows += _validation_rows(results)
    # --- issue 13 ---
    add("13", "(issue 9) full build with the follow-up history ≤ 30 s", build, lambda v: v <= 30, _s(build))
    fsel, fsel_q = _slowest(fq, "selective", names=FOLLOW_UP_QUERIES)
    fsel_mem = _slowest(fq, "selective", "memory_times", names=FOLLOW_UP_QUERIES)[0]
    add("13", "follow-up queries, selective, p50 ≤ 50 ms on the served store (slowest, on disk)", fsel, lambda v: v <= 0.05,
        f"{_s(fsel)} ({fsel_q}); in memory {_s(fsel_mem)}")
    page = steps.get("load", {}).get("rows", {}).get(PAGE_ROWS[0], {})
    worst = _load_worst(steps, PAGE_ROWS[:1])
    if worst:
        add("13", "agreement page with its status table, 8 clients over all agreements: ≥ 300 req/s, p99 ≤ 100 ms",
            worst[:3:2], lambda v: v[0] >= 300 and v[1] <= 0.1,
            f"misses {page['misses']['rps']:.0f} req/s, p99 {_s(page['misses']['p99'])}; hits {page['hits']['rps']:.0f} req/s, "
            f"p99 {_s(page['hits']['p99'])}")
    else:
        add("13", "agreement page with its status table under 8 clients", None, None, "not measured")
    rep = steps.get("report", {})
    add("13", "one council report as HTML ≤ 0.5 s", rep.get("median"), lambda v: v <= 0.5,
        f"{_s(rep.get('median'))} (first in a process {_s(rep.get('first_html_s'))})")
    pdf = rep["median"] + rep["pdf_median"] if rep.get("median") and rep.get("pdf_median") else None
    first_pdf = rep["first_html_s"] + rep["first_pdf_s"] if rep.get("first_html_s") and rep.get("first_pdf_s") else None
    add("13", "… as PDF ≤ 5 s (the report's data and HTML, then WeasyPrint)", pdf, lambda v: v <= 5,
        f"{_s(pdf)} (WeasyPrint alone {_s(rep.get('pdf_median'))}; first in a process {_s(first_pdf)})")
    # --- issue 14 ---
    for where, step, limit in (("the seed graph", (seed or {}).get("steps", {}).get("pages"), 0.05),
                               (f"{r['size']}", steps.get("pages"), 0.2)):
        kinds = (step or {}).get("kinds", {})
        slow = max(((e["p50"], k) for k, e in kinds.items() if e.get("p50") is not None), default=(None, ""))
        add("14", f"every page kind p50 ≤ {limit * 1000:.0f} ms on {where} (slowest)", slow[0], lambda v, x=limit: v <= x,
            f"{_s(slow[0])} ({slow[1]})")
    paint = steps.get("first_paint", {})
    add("14", "network page of a municipality: first paint ≤ 1 s (first-contentful-paint)", paint.get("fcp_s"),
        lambda v: v <= 1, f"{_s(paint.get('fcp_s'))}; the network drawn at {_s(paint.get('drawn_s'))}")

    size = f"{r['size']} ({r.get('triples', '?')} triples)"
    out = [f"## Targets: issues 17, 13 (Scale) and 14 (Speed), at the largest size measured: {size}", "",
           "| issue | target | measured | met? |", "|---|---|---|---|"]
    for issue, label, ok, shown in rows:
        verdict = "–" if label.startswith("(not a target)") else "not measured" if ok is None else "met" if ok else "**not met**"
        out.append(f"| {issue} | {label} | {shown} | {verdict} |")
    return out + [""]


def _in_memory_server(ratios: dict) -> str | None:
    """The samverkan server that answered from an in-memory copy: `--in-memory` where that flag exists, else the
    default (which then was the in-memory one, `--on-disk` being the option)."""
    for name in ratios:
        if "--in-memory" in name:
            return name
    if "--on-disk" in serve_modes():
        return next((n for n in ratios if "(default)" in n), None)
    return None


def _validation_rows(results: list[dict]) -> list[tuple]:
    """Whole-graph validation against plain pyshacl (at the largest size where it finished) and pyrudof."""
    r = results[-1]
    out = []
    compared = [x for x in results if x["steps"].get("naive_validate_all", {}).get("median")
                and x["steps"].get("validate_all", {}).get("median")]
    fast = r["steps"].get("validate_all", {}).get("median")
    if compared:
        best = compared[-1]
        n, f = best["steps"]["naive_validate_all"]["median"], best["steps"]["validate_all"]["median"]
        eq = best.get("equality", {})
        why = "did not finish within its cap" if "naive_validate_all" in r["steps"] else "was not run"
        where = "" if best is r else f" at {best['size']} (at {r['size']} plain pyshacl {why})"
        out.append(("17", "whole-graph validation ≥ 10× plain pyshacl, identical findings",
                    n / f >= 10 and eq.get("identical", False),
                    f"{n / f:.1f}×{where}; findings {'identical' if eq.get('identical') else 'not identical' if eq else 'not compared'}"))
    else:
        out.append(("17", "whole-graph validation ≥ 10× plain pyshacl, identical findings", None, "not measured"))
    rud = r["steps"].get("pyrudof_validate", {})
    eq = r.get("equality_pyrudof")
    if rud.get("median") and fast:
        out.append(("17", "whole-graph validation ahead of pyrudof (time; memory and findings shown)",
                    fast < rud["median"],
                    f"samverkan {fast:.2f} s / {r['steps']['validate_all'].get('peak_mb', 0):.0f} MB, pyrudof "
                    f"{rud['median']:.2f} s / {rud.get('peak_mb', 0):.0f} MB; findings "
                    + ("identical" if eq and eq["identical"] else
                       f"differ ({eq['only_fast']} only ours, {eq['only_naive']} only pyrudof's)" if eq else "not compared")))
    else:
        out.append(("17", "whole-graph validation ahead of pyrudof", None,
                    f"pyrudof: {rud.get('status', 'not run')} {rud.get('reason', '')}"[:160]))
    return out
