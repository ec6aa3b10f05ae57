"""Who is signed in: a signed session cookie, a CSRF token for every form, failed sign-ins rate-limited.

The cookie (itsdangerous, signed with the deployment's secret: $SAMVERKAN_SESSION_SECRET or the one in the
editors file) carries the editor's name, a fingerprint of their password hash, a session id and the session's
CSRF token; it is HttpOnly, SameSite=Strict, Secure over https, and expires after `SESSION_MAX_AGE` seconds
($SAMVERKAN_SESSION_MAX_AGE). Signing out revokes the session id on the server; removing an editor or changing
their password ends their sessions. Before sign-in a form gets its CSRF token from a cookie of its own
(double submit)."""

from __future__ import annotations

import hmac
import os
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from fastapi.responses import Response
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from samverkan import editors as editor_file
from samverkan.editors import Editor
from samverkan.errors import SamverkanError

SESSION_COOKIE = "samverkan_session"
CSRF_COOKIE = "samverkan_csrf"
#: failed sign-ins allowed per user name and per client within the window before 429
MAX_FAILURES = 5
FAILURE_WINDOW = 300.0


def session_max_age() -> int:
    raw = os.environ.get("SAMVERKAN_SESSION_MAX_AGE", "").strip()
    return int(raw) if raw.isdigit() and int(raw) > 0 else 8 * 3600


@dataclass(frozen=True)
class Session:
    editor: Editor
    csrf: str
    sid: str


class RateLimiter:
    """Failed attempts per key (user name, client address) within a sliding window."""

    def __init__(self, limit: int = MAX_FAILURES, window: float = FAILURE_WINDOW):
        self.limit, self.window = limit, window
        self._failures: dict[str, deque] = defaultdict(deque)
        self._lock = threading.Lock()

    def _recent(self, key: str, now: float) -> deque:
        failures = self._failures[key]
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures

    def retry_after(self, *keys: str) -> int:
        """Seconds until another attempt is allowed for all `keys` (0: allowed now)."""
        now = time.monotonic()
        with self._lock:
            waits = [self._recent(k, now)[0] + self.window - now for k in keys
                     if len(self._recent(k, now)) >= self.limit]
        return int(max(waits) + 1) if waits else 0

    def failed(self, *keys: str) -> None:
        now = time.monotonic()
        with self._lock:
            for key in keys:
                self._recent(key, now).append(now)


class Auth:
    """The app's sign-in state: where the editors are, the signer, revoked sessions, the rate limiter."""

    def __init__(self, path=None):
        self.path = Path(path) if path else None
        self.revoked: set[str] = set()
        self.limiter = RateLimiter()
        self._serializer: URLSafeTimedSerializer | None = None

    @property
    def enabled(self) -> bool:
        """Whether anybody can sign in (an editors file is configured)."""
        return self.path is not None

    def editors(self) -> dict[str, Editor]:
        return editor_file.load(self.path) if self.path else {}

    def serializer(self) -> URLSafeTimedSerializer | None:
        if self._serializer is None:
            secret = editor_file.session_secret(self.path)
            if secret:
                self._serializer = URLSafeTimedSerializer(secret, salt="samverkan-session")
        return self._serializer

    def session(self, request: Request) -> Session | None:
        """The signed-in editor's session, or None (no cookie, bad signature, expired, revoked, editor gone)."""
        raw = request.cookies.get(SESSION_COOKIE)
        try:  # an unreadable editors file signs nobody in (the sign-in page says why); the pages still work
            serializer = self.serializer() if raw else None
            if serializer is None:
                return None
            data = serializer.loads(raw, max_age=session_max_age())
            if not isinstance(data, dict) or data.get("s") in self.revoked:
                return None
            editor = self.editors().get(data.get("u", ""))
        except (SignatureExpired, BadSignature, SamverkanError):
            return None
        if editor is None or not hmac.compare_digest(editor.fingerprint, str(data.get("f", ""))):
            return None
        return Session(editor, str(data.get("c", "")), str(data.get("s", "")))

    def start(self, response: Response, request: Request, editor: Editor) -> None:
        value = self.serializer().dumps({"u": editor.name, "f": editor.fingerprint, "s": secrets.token_urlsafe(16),
                                         "c": secrets.token_urlsafe(32)})
        _set_cookie(response, request, SESSION_COOKIE, value, session_max_age())
        response.delete_cookie(CSRF_COOKIE, path="/")

    def end(self, response: Response, request: Request) -> None:
        session = self.session(request)
        if session:
            self.revoked.add(session.sid)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")


def _set_cookie(response: Response, request: Request, name: str, value: str, max_age: int) -> None:
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")


def get_auth(request: Request) -> Auth:
    """The app's Auth (api.app.create_app makes it from the settings' editors file)."""
    return request.app.state.auth


def form_csrf(request: Request) -> tuple[str, bool]:
    """The CSRF token a form on this page carries: the session's, else the pre-sign-in cookie's; and whether
    that cookie is new (the caller sets it with `set_csrf_cookie`)."""
    session = get_auth(request).session(request)
    if session:
        return session.csrf, False
    token = request.cookies.get(CSRF_COOKIE) or ""
    return (token, False) if len(token) >= 32 else (secrets.token_urlsafe(32), True)


def set_csrf_cookie(response: Response, request: Request, token: str) -> None:
    _set_cookie(response, request, CSRF_COOKIE, token, 3600)


def csrf_ok(request: Request, submitted: str) -> bool:
    """Whether a POSTed form's token matches the session's (or, before sign-in, the CSRF cookie's)."""
    session = get_auth(request).session(request)
    expected = session.csrf if session else request.cookies.get(CSRF_COOKIE, "")
    return bool(expected) and bool(submitted) and hmac.compare_digest(expected.encode(), submitted.encode())
