"""The yearly follow-up form: /agreements/{slug}/follow-up/{year}.

Anyone may read the agreement page; opening the form needs a signed-in editor, and so does saving, whose
organisations include a party of the agreement. A save checks the CSRF token and the rules of the import
(samverkan.followup.record), writes graph/follow-ups/<agreement>/<year>.ttl atomically under a lock only when
the file is still the version the form was opened on (else 409 showing what changed), and replaces that one
named graph in the served store (an on-disk one as `samverkan build FILE` would, then opened again). Refused
requests change nothing: a body over $SAMVERKAN_MAX_FORM_BYTES (1 MB) is refused with 413 before it is parsed,
and a form with more rows or fields than the agreement's form has with 422. /api/agreements/{id}/follow-ups…
(follow_up_api.py) answers the same as JSON."""

from __future__ import annotations

import os
from pathlib import Path

import pyoxigraph as ox
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException

from samverkan import i18n, resources
from samverkan.errors import Ambiguous, NotFound, SamverkanError
from samverkan.followup import record as rec
from samverkan.followup.document import Entry, agreement_plan, render_follow_up
from samverkan.followup.naming import follow_up_path, report_iri
from samverkan.followup.status import (
    STATUSES,
    due_years,
    recorded_statuses,
    status_labels,
)
from samverkan.namespaces import ID
from samverkan.paths import graph_dir
from samverkan.build import build
from samverkan.followup.files import atomic_write
from samverkan.store import EmbeddedStore, Store, StoreInUse, writing_briefly
from samverkan.summaries import refresh as refresh_summaries

from .. import web
from ..auth import csrf_ok, get_auth
from ..dependencies import SettingsDep, StoreDep
from .pages import _not_found, _resolve

router = APIRouter(tags=["follow-up"], include_in_schema=False)


def graph_root(settings) -> Path:
    """The folder whose follow-ups/ the form writes: the deployment's graph folder, else the package's graph/."""
    return Path(settings.graph) if settings.graph else graph_dir()


def form_years(store: Store, agreement: str) -> list[int]:
    """The years a form may be opened for: those due (ended, with a yearly follow-up promised) and those recorded."""
    recorded = {y for years in recorded_statuses(store, agreement).values() for y in years}
    return sorted(set(due_years(store, agreement)) | recorded)


def _parties(store: Store, agreement: str, lang: str) -> set[str]:
    return {p["id"] for p in resources.agreement_detail(store, agreement, lang)["parties"]}


def _current(store: Store, agreement: str, year: int) -> dict[str, Entry]:
    """What the store holds for the year: commitment → Entry."""
    out = {}
    for c, years in recorded_statuses(store, agreement).items():
        for r in years.get(year, [])[:1]:
            out[c] = Entry(r.status, r.comment, r.date, r.value, r.unit)
    return out


def _access(request: Request, store: Store, agreement: str, lang: str):
    """(editor, None) when the signed-in editor may edit the agreement, else (None, the refusing response)."""
    session = get_auth(request).session(request)
    if session is None:
        if request.method == "GET":
            return None, RedirectResponse(web.page_url("/sign-in", lang, next=request.url.path), status_code=303)
        return None, _refused(request, 401, "follow_up_sign_in_needed")
    if not (set(session.editor.organisations) & _parties(store, agreement, lang)):
        return None, _refused(request, 403, "follow_up_not_your_agreement")
    return session, None


def _refused(request: Request, status: int, key: str):
    lang = web.get_lang(request)
    return web.render(request, "error.html.j2", status, title="follow_up_refused", what="", value="",
                      message=web.translate(key, lang), candidates=[])


def _page(request: Request, store: Store, agreement: str, year: int, session, *, status: int = 200,
          values: dict[str, Entry] | None = None, problems: dict | None = None, conflict: list | None = None,
          version: str | None = None, path: Path):
    lang = web.get_lang(request)
    plan = agreement_plan(store, agreement, year, lang)
    attributions = rec.attributions(store, agreement, year)
    return web.render(request, "follow_up_form.html.j2", status, plan=plan, slug=agreement.rsplit("/", 1)[-1],
                      year=year, statuses=status_labels(store, lang), order=STATUSES,
                      values=values if values is not None else _current(store, agreement, year),
                      problems=problems or {}, conflict=conflict or [], attributions=attributions,
                      version=version or rec.file_version(path), csrf=session.csrf, editor=session.editor.name)


def _agreement_year(request: Request, store: Store, slug: str, year: int):
    try:
        iri = _resolve(store, slug, "agreement", "agreement/")
    except (NotFound, Ambiguous) as exc:
        return None, _not_found(request, exc, "agreement")
    if year not in form_years(store, iri):
        lang = web.get_lang(request)
        return None, web.render(request, "error.html.j2", 404, title="not_found", what="", value="",
                                message=web.translate("follow_up_no_year", lang, year=year), candidates=[])
    return iri, None


def _editable(request: Request, store: Store, slug: str, year: int):
    """(agreement IRI, session, None) when the year has a form and the signed-in editor may edit the agreement,
    else (None, None, the refusing response): 404 for an unknown agreement or year, sign-in, 401 or 403."""
    iri, refused = _agreement_year(request, store, slug, year)
    if refused:
        return None, None, refused
    session, refused = _access(request, store, iri, web.get_lang(request))
    if refused:
        return None, None, refused
    return iri, session, None


@router.get("/agreements/{slug}/follow-up/{year}")
def follow_up_form(request: Request, store: StoreDep, settings: SettingsDep, slug: str, year: int):
    """The form: one row per commitment with its status, comment, date and indicator value for the year."""
    iri, session, refused = _editable(request, store, slug, year)
    if refused:
        return refused
    return _page(request, store, iri, year, session, path=follow_up_path(iri, year, graph_root(settings)))


def submitted_rows(form) -> dict[str, dict[str, str]]:
    """The form's rows: commitment IRI (hidden field c-N) → its fields."""
    rows = {}
    for key in form:
        if key.startswith("c-"):
            n = key[2:]
            rows[str(form[key])] = {f: str(form.get(f"{f}-{n}", "")) for f in rec.FIELDS}
    return rows


def _changes(store: Store, agreement: str, year: int, current: bytes | None, mine: dict[str, Entry], lang: str):
    """Rows where the file as saved by someone else differs from this form: (commitment label, theirs, mine)."""
    theirs: dict[str, Entry] = {}
    if current:
        scratch = EmbeddedStore(None)
        scratch.replace_graphs({report_iri(agreement, year): list(ox.parse(current, format=ox.RdfFormat.TURTLE,
                                                                            base_iri=ID))})
        theirs = _current(scratch, agreement, year)
    labels = status_labels(store, lang)
    plan = agreement_plan(store, agreement, year, lang)

    def say(e: Entry | None) -> str:
        if e is None or not any((e.status, e.comment, e.date, e.value, e.unit)):
            return "–"
        parts = [labels.get(e.status, "") if e.status else "", e.comment or "", e.date or "",
                 " ".join(x for x in (e.value, e.unit) if x)]
        return " · ".join(p for p in parts if p)

    out = []
    for row in plan.rows:
        a, b = theirs.get(row["id"]), mine.get(row["id"])
        if say(a) != say(b):
            out.append({"label": row["label"], "theirs": say(a), "mine": say(b)})
    return out


#: the largest follow-up form body a save reads (bytes); $SAMVERKAN_MAX_FORM_BYTES
MAX_FORM_BYTES = 1_000_000


def max_form_bytes() -> int:
    """$SAMVERKAN_MAX_FORM_BYTES when it is a whole number ≥ 1, else MAX_FORM_BYTES."""
    raw = (os.environ.get("SAMVERKAN_MAX_FORM_BYTES") or "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else MAX_FORM_BYTES


async def _read_bounded(request: Request, limit: int) -> bool:
    """Read the body if it is at most `limit` bytes (then request.form() parses what was read); False, having
    read no more than limit + one chunk, when it is larger or says it is."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return False
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return False
        chunks.append(chunk)
    request._body = b"".join(chunks)  # Starlette's own cache of the body: form() reads it from here
    return True


def form_fields(plan) -> int:
    """How many fields the form of `plan` has: csrf, version, and per commitment its id and the record's fields."""
    return 2 + len(plan.rows) * (1 + len(rec.FIELDS))


def _too_many(form, plan, lang: str) -> str | None:
    """Why a form with more rows than the agreement has commitments, or fields the form does not have, is refused."""
    numbers = {key[2:] for key in form if key.startswith("c-")}
    if len(numbers) > len(plan.rows):
        return web.translate("follow_up_too_many_rows", lang, rows=len(numbers), commitments=len(plan.rows))
    known = {"csrf", "version", *(f"c-{n}" for n in numbers), *(f"{f}-{n}" for f in rec.FIELDS for n in numbers)}
    unknown = sorted(set(form) - known)
    if unknown:
        return web.translate("follow_up_unknown_fields", lang, fields=", ".join(unknown[:5]))
    return None


@router.post("/agreements/{slug}/follow-up/{year}")
async def save_follow_up(request: Request, store: StoreDep, settings: SettingsDep, slug: str, year: int):
    """Save the form: all-or-nothing, only by an editor of a party, only over the version it was opened on."""
    lang = web.get_lang(request)
    limit = max_form_bytes()
    if not await _read_bounded(request, limit):
        return _refused_text(request, 413, web.translate("follow_up_too_large", lang,
                                                         size=i18n.format_number(limit, lang)))
    iri, session, refused = _editable(request, store, slug, year)
    if refused:
        return refused
    plan = agreement_plan(store, iri, year, lang)
    try:
        form = await request.form(max_files=0, max_fields=form_fields(plan))
    except HTTPException:  # Starlette's refusal of more fields (or any file) than that
        return _refused_text(request, 422, web.translate("follow_up_unknown_fields", lang, fields="…"))
    if not csrf_ok(request, str(form.get("csrf", ""))):
        return _refused(request, 403, "csrf_refused")
    too_many = _too_many(form, plan, lang)
    if too_many:
        return _refused_text(request, 422, too_many)
    path = follow_up_path(iri, year, graph_root(settings))
    statuses = status_labels(store, "sv")
    try:
        checked = rec.check_entries(plan, submitted_rows(form), statuses, lang)
    except SamverkanError as exc:
        return _refused_text(request, 422, i18n.error_text(exc, lang))
    version = str(form.get("version", ""))
    if checked.problems:
        return _page(request, store, iri, year, session, status=422, values=checked.entries,
                     problems=checked.problems, version=version, path=path)
    before = _current(store, iri, year)
    changed = {c for c, e in checked.entries.items() if e != before.get(c, Entry())}
    text = rec.attributed(render_follow_up(plan, checked.entries, statuses), plan, changed, session.editor.name,
                          rec.attributions(store, iri, year))
    try:
        await run_in_threadpool(_save_and_load, store, path, text, version, report_iri(iri, year))
    except rec.Conflict as exc:
        conflict = _changes(store, iri, year, exc.current, checked.entries, lang)
        return _page(request, store, iri, year, session, status=409, values=checked.entries, conflict=conflict,
                     version=version, path=path)
    except StoreInUse:
        return _refused_text(request, 503, web.translate("follow_up_store_busy", lang))
    except SamverkanError as exc:
        return _refused_text(request, 400, i18n.error_text(exc, lang))
    target = web.page_url(f"/agreements/{slug}", lang, saved=str(year)) + "#follow-up-status"
    return RedirectResponse(target, status_code=303)


#: seconds a save waits for another writer (a `samverkan build`) to let go of the on-disk store
STORE_WAIT = 10.0


def _save_and_load(store: Store, path: Path, text: str, version: str, graph: str) -> None:
    """Write the file (rec.save) and put its graph into the served store, all-or-nothing.

    A read-only on-disk store is opened read-write first (waiting for a build that holds it; StoreInUse, nothing
    written, when it does not let go), so no other writer comes between the file and the store; the one file is
    then loaded as `samverkan build FILE` does (its graph and the build's record of it, one transaction) and the
    served store opened again at once. A kill after the file is written leaves the store behind the file until
    the next build, which loads it. Any other store gets the graph replaced in place, as before."""
    if not (isinstance(store, EmbeddedStore) and store.read_only and store.path is not None):
        triples = rec.save(path, text, version)
        store.replace_graphs({graph: triples})
        refresh_summaries(store, [graph], missing=False)
        resources.forget(store, summaries_current=True)
        return
    with writing_briefly(store.path, STORE_WAIT) as writer:
        before = path.read_bytes() if path.exists() else None
        rec.save(path, text, version)
        try:
            build(writer, [path])
        except BaseException:
            _put_back(path, text, before)
            raise
    store.refresh(now=True)
    resources.forget(store, summaries_current=True)  # build() refreshed the summaries the file affects


def _put_back(path: Path, text: str, before: bytes | None) -> None:
    """Undo a save whose graph could not be loaded, unless another save came since."""
    with rec.file_lock(path):
        if path.exists() and path.read_bytes() == text.encode("utf-8"):
            if before is None:
                path.unlink()
            else:
                atomic_write(path, before)


def _refused_text(request: Request, status: int, message: str):
    return web.render(request, "error.html.j2", status, title="follow_up_refused", what="", value="",
                      message=message, candidates=[])


@router.get("/agreements/{slug}/report/{year}")
async def council_report(request: Request, store: StoreDep, slug: str, year: int, format: str = "html"):
    """The council's report on the year's follow-up (samverkan.report): HTML to print, or ?format=pdf."""
    from samverkan.report import render_html, render_pdf, report_data

    lang = web.get_lang(request)
    iri, refused = _agreement_year(request, store, slug, year)
    if refused:
        return refused
    if format not in ("html", "pdf"):
        return _refused_text(request, 400, web.translate("report_format", lang))
    html = await run_in_threadpool(lambda: render_html(report_data(store, iri, year, lang)))
    if format == "html":
        return HTMLResponse(html)
    pdf = await run_in_threadpool(render_pdf, html)
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="rapport-{slug}-{year}.pdf"'})
