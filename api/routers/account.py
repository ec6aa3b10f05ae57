"""Signing in and out: the editors of $SAMVERKAN_EDITORS (samverkan user add). Without that file the site is
read-only and the sign-in page says so."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import RedirectResponse

from samverkan import editors as editor_file
from samverkan.errors import SamverkanError

from .. import web
from ..auth import csrf_ok, form_csrf, get_auth, set_csrf_cookie

router = APIRouter(tags=["account"], include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only a path on this site (never //elsewhere or a full URL) to go to after signing in."""
    return target if target.startswith("/") and not target.startswith("//") and "\\" not in target else "/"


def sign_in_page(request: Request, status: int = 200, message: str = "", user: str = "", next: str = "/",
                 headers: dict | None = None):
    """The sign-in form (with a fresh CSRF cookie when there is none)."""
    auth = get_auth(request)
    token, new = form_csrf(request)
    response = web.render(request, "sign_in.html.j2", status, enabled=auth.enabled, message=message, user=user,
                          next=_safe_next(next), csrf=token, session=auth.session(request))
    if new:
        set_csrf_cookie(response, request, token)
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


@router.get("/sign-in")
def sign_in_form(request: Request, next: str = "/"):
    """The sign-in page."""
    return sign_in_page(request, next=next)


@router.post("/sign-in")
async def sign_in(request: Request, user: str = Form(""), password: str = Form(""), csrf: str = Form(""),
                  next: str = Form("/")):
    """Check the name and password; a session cookie and back to `next`, else the form again with why."""
    lang = web.get_lang(request)
    auth = get_auth(request)
    if not auth.enabled:
        return sign_in_page(request, 403, web.translate("sign_in_disabled", lang))
    if not csrf_ok(request, csrf):
        return sign_in_page(request, 403, web.translate("csrf_refused", lang), user, next)
    keys = (f"user:{user.strip().lower()}", f"client:{request.client.host if request.client else '-'}")
    wait = auth.limiter.retry_after(*keys)
    if wait:
        return sign_in_page(request, 429, web.translate("sign_in_rate_limited", lang, seconds=wait), user, next,
                            headers={"Retry-After": str(wait)})
    try:
        editors = auth.editors()
        if auth.serializer() is None:  # a hand-written file without "session_secret" and no $SAMVERKAN_SESSION_SECRET
            raise SamverkanError("no session secret")
    except SamverkanError:
        return sign_in_page(request, 503, web.translate("sign_in_broken", lang), user, next)
    editor = await run_in_threadpool(editor_file.verify, editors, user.strip(), password)
    if editor is None:
        auth.limiter.failed(*keys)
        return sign_in_page(request, 401, web.translate("sign_in_failed", lang), user, next)
    target = _safe_next(next)
    response = RedirectResponse(web.page_url("/", lang) if target == "/" else target, status_code=303)
    auth.start(response, request, editor)
    return response


@router.post("/sign-out")
async def sign_out(request: Request, csrf: str = Form("")):
    """End the session (revoked on the server too) and go to the home page."""
    lang = web.get_lang(request)
    if not csrf_ok(request, csrf):
        return sign_in_page(request, 403, web.translate("csrf_refused", lang))
    response = RedirectResponse(web.page_url("/", lang), status_code=303)
    get_auth(request).end(response, request)
    return response
