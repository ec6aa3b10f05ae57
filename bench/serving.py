"""The measured steps of a running `samverkan serve`: start-up, load over distinct resources, every page kind,
the network page's first paint in chromium. Each runs in its own process like bench.steps (same arguments);
the resources come from the prepare step's file (--prepared)."""

from __future__ import annotations

import statistics
import time
from urllib.parse import quote

from .load import one_pass, one_url, sequential
from .server import Server, rss_mb, serve_modes, settled_rss_mb
from .steps import ID, prepared

#: Debian's chromium and its flags here, as tests/browser.py launches it
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]


#: the Cytoscape page marks its box data-ready="true" once laid out; a page whose box loads its data (data-source)
#: is drawn only then, another (the earlier pyvis frame) once its canvas exists
DRAWN, LOADS_DATA = '[data-ready="true"]', "[data-source]"


#: a first home page slower than this is reported as that (the target is 2 s)
HOME_TIMEOUT_S = 180.0


def slug(iri: str, kind: str) -> str:
    """The path of an IRI below /id/<kind>/ (org/polisen/lpo-boras → polisen/lpo-boras)."""
    return iri.split(f"{ID}{kind}/", 1)[-1]


def step_serve_start(args) -> dict:
    """Per serving mode: process start → first answered API request, → first home page; memory at rest."""
    import httpx

    modes = {}
    for mode in serve_modes():
        entry: dict = {}
        try:
            with Server(args.store, mode, timeout=HOME_TIMEOUT_S) as server:
                entry["first_answer_s"] = server.first_answer_s
                t = time.perf_counter()
                r = httpx.get(server.url("/"), timeout=HOME_TIMEOUT_S)
                entry["home_status"] = r.status_code
                entry["first_home_s"] = server.since_start()
                entry["home_request_s"] = time.perf_counter() - t
                t = time.perf_counter()
                httpx.get(server.url("/"), timeout=HOME_TIMEOUT_S)
                entry["second_home_s"] = time.perf_counter() - t
                entry["rss_first_mb"] = rss_mb(server.proc.pid)[1]
                entry["rss_mb"], entry["rss_with_children_mb"], entry["settled_after_s"] = settled_rss_mb(server.proc.pid)
                entry["stderr"] = server.stderr()[-600:]
            entry["peak_mb"] = server.peak_mb
        except Exception as exc:  # noqa: BLE001 - one mode failing must not hide the others
            entry["error"] = f"{type(exc).__name__}: {exc}"[:300]
        modes[mode] = entry
    return {"times": [], "modes": modes}


def endpoints(data: dict) -> dict[str, list[str]]:
    """Name → the distinct paths a load row asks in turn."""
    agreements = [slug(a, "agreement") for a in data["agreements"]]
    orgs = [slug(o, "org") for o in data["organisations"]]
    forums = [slug(f, "forum") for f in data["forums"]]
    police = [slug(p, "org") for p in data["police_areas"]]
    return {
        "agreement page (HTML, with its follow-up status table)": [f"/agreements/{a}" for a in agreements],
        "agreement (API)": [f"/api/agreements/{a}" for a in agreements],
        "organisation page (HTML)": [f"/organisations/{o}" for o in orgs],
        "organisation (API)": [f"/api/organisations/{o}" for o in orgs],
        "forum page (HTML)": [f"/forums/{f}" for f in forums],
        "forum (API)": [f"/api/forums/{f}" for f in forums],
        "named query police-area-commitments, every police area (API)":
            [f"/api/queries/police-area-commitments?police_area={quote(p)}" for p in police],
        "named query responsibilities, every organisation (API)":
            [f"/api/queries/responsibilities?actor={quote(o)}" for o in orgs],
    }


def step_load(args) -> dict:
    """Each row on a freshly started server (default mode): pass 1 asks every resource once (misses), pass 2 asks
    them all again (hits); each pass stops after --seconds and says how far it got. Then the one-URL figures."""
    data = prepared(args)
    rows = {}
    peaks = []
    for name, paths in endpoints(data).items():
        if not paths:
            rows[name] = {"error": "nothing of this kind in the data"}
            continue
        try:
            with Server(args.store, "default", timeout=300) as server:
                urls = [server.url(p) for p in paths]
                rows[name] = {"misses": one_pass(urls, args.clients, args.seconds),
                              "hits": one_pass(urls, args.clients, args.seconds), "example": paths[0]}
            peaks.append(server.peak_mb or 0)
        except Exception as exc:  # noqa: BLE001
            rows[name] = {"error": f"{type(exc).__name__}: {exc}"[:300]}
    chosen = data["chosen"]
    single = {"agreement (API), one URL": f"/api/agreements/{slug(chosen['agreement'], 'agreement')}",
              "agreement page (HTML), one URL": f"/agreements/{slug(chosen['agreement'], 'agreement')}",
              "named query police-area-commitments, one URL":
                  f"/api/queries/police-area-commitments?police_area={quote(slug(chosen['police'], 'org'))}"}
    with Server(args.store, "default", timeout=300) as server:
        for name, path in single.items():
            rows[name] = {"one_url": one_url(server.url(path), args.clients, min(args.seconds, 5.0)), "example": path}
    peaks.append(server.peak_mb or 0)
    return {"times": [], "rows": rows, "server_peak_mb": max(peaks), "clients": args.clients, "pass_cap_s": args.seconds}


def page_kinds(data: dict, distinct: int = 5) -> dict[str, list[str]]:
    """Every page kind of issue 14 → a few distinct paths of it."""
    chosen = data["chosen"]
    agreements = [slug(a, "agreement") for a in data["agreements"]][:distinct]
    orgs = [slug(o, "org") for o in data["organisations"]][:distinct]
    forums = [slug(f, "forum") for f in data["forums"]][:distinct]
    police = quote(slug(chosen["police"], "org"))
    municipality = "org/" + quote(slug(chosen["municipality"], "org"))  # as the network page's own form names it
    return {
        "home": ["/"], "agreements list": ["/agreements"], "agreement": [f"/agreements/{a}" for a in agreements],
        "organisation": [f"/organisations/{o}" for o in orgs], "forum": [f"/forums/{f}" for f in forums],
        "organisations list": ["/organisations"], "forums list": ["/forums"],
        "police areas": ["/police-areas"], "themes": ["/themes"], "methods": ["/methods"],
        "validation summary": ["/validation"], "validation, one agreement": [f"/validation?agreement={a}" for a in agreements],
        "queries page": ["/queries"],
        "queries page, one query answered": [f"/queries?name=police-area-commitments&police_area={police}"],
        "document page": [f"/documents/{a}" for a in agreements],
        "network page (municipality)": [f"/network?municipality={municipality}"],
    }


def step_pages(args) -> dict:
    """One client asks each page kind's paths in turn (--repeats rounds after a warm-up round): p50 per kind."""
    data = prepared(args)
    kinds = {}
    with Server(args.store, "default", timeout=300) as server:
        for kind, paths in page_kinds(data).items():
            kinds[kind] = {**sequential([server.url(p) for p in paths], max(args.repeats, 5)), "example": paths[0]}
    return {"times": [], "kinds": kinds}


def step_first_paint(args) -> dict:
    """The network page of the chosen municipality in Debian's chromium (as tests/browser.py launches it):
    first-contentful-paint from the Performance API, and the time until the network is drawn (DRAWN)."""
    from playwright.sync_api import sync_playwright

    data = prepared(args)
    path = f"/network?municipality=org/{quote(slug(data['chosen']['municipality'], 'org'))}"
    runs = []
    with Server(args.store, "default", timeout=300) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for _ in range(args.repeats + 1):
                context = browser.new_context(viewport={"width": 1366, "height": 900})
                page = context.new_page()
                t = time.perf_counter()
                page.goto(server.url(path), wait_until="commit")
                drawn = None
                deadline = time.monotonic() + 30
                while time.monotonic() < deadline and drawn is None:
                    for frame in page.frames:
                        try:
                            if frame.query_selector(DRAWN) or (frame.query_selector("canvas")
                                                               and not page.query_selector(LOADS_DATA)):
                                drawn = time.perf_counter() - t
                                break
                        except Exception:  # noqa: BLE001 - a frame navigating away
                            pass
                    else:
                        time.sleep(0.01)
                page.wait_for_load_state("load")
                fcp = page.evaluate("""() => { const e = performance.getEntriesByName('first-contentful-paint')[0];
                                              return e ? e.startTime / 1000 : null; }""")
                runs.append({"fcp_s": fcp, "drawn_s": drawn})
                context.close()
        finally:
            browser.close()
    later = runs[1:] or runs
    med = lambda key: statistics.median([r[key] for r in later if r[key] is not None]) if any(r[key] is not None for r in later) else None  # noqa: E731
    return {"times": [], "path": path, "runs": runs, "first": runs[0], "fcp_s": med("fcp_s"), "drawn_s": med("drawn_s")}


STEPS = {name[5:]: fn for name, fn in list(globals().items()) if name.startswith("step_")}
