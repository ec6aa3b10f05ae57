"""HEAD and OPTIONS for every route, and an `Allow` header that lists every method a path has (RFC 9110).

FastAPI routes declare GET or POST only. This middleware answers HEAD like GET without the body, OPTIONS
with 204 and `Allow`, and puts the methods of all routes on the path in the `Allow` header of a 405
(Starlette names only those of the first route that matched the path). CORS preflight requests (OPTIONS
with Origin and Access-Control-Request-Method) are answered by the CORS middleware before they get here.
"""

from __future__ import annotations

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: the methods a route may declare
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")


def allowed_methods(app, scope: Scope) -> set[str]:
    """The methods the app's routes have for the request's path (empty when no route has the path).
    Asks each top-level route (FastAPI nests included routers) whether it fully matches the path and method."""
    return {method for method in METHODS
            if any(route.matches({**scope, "method": method})[0] is Match.FULL for route in app.router.routes)}


def allow_header(methods: set[str]) -> str:
    every = methods | ({"HEAD"} if "GET" in methods else set()) | {"OPTIONS"}
    return ", ".join(sorted(every))


class MethodsMiddleware:
    """See the module docstring; `owner` is the app whose routes are read, `inner` the next ASGI app.
    Only HEAD, OPTIONS and a 405 look at the routes (≈ 0.5 ms); other requests pass straight through."""

    def __init__(self, inner: ASGIApp, owner) -> None:
        self.inner, self.owner = inner, owner

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.inner(scope, receive, send)
            return
        method = scope["method"]
        if method in ("HEAD", "OPTIONS"):
            methods = allowed_methods(self.owner, scope)
            if methods and method not in methods:
                if method == "OPTIONS":
                    await send({"type": "http.response.start", "status": 204,
                                "headers": [(b"allow", allow_header(methods).encode())]})
                    await send({"type": "http.response.body", "body": b""})
                    return
                if "GET" in methods:
                    await self.inner({**scope, "method": "GET"}, receive, _without_body(send))
                    return
        await self.inner(scope, receive, self._allow_on_405(scope, send))

    def _allow_on_405(self, scope: Scope, send: Send) -> Send:
        """`send` with the Allow header of a 405 answer replaced by every method of the path."""
        async def sender(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 405:
                allow = allow_header(allowed_methods(self.owner, scope)).encode()
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"allow"]
                message = {**message, "headers": [*headers, (b"allow", allow)]}
            await send(message)
        return sender


def _without_body(send: Send) -> Send:
    """Send the GET answer's status and headers (its Content-Length included), not its body."""
    async def sender(message: Message) -> None:
        if message["type"] == "http.response.body":
            if not message.get("more_body", False):
                await send({"type": "http.response.body", "body": b""})
            return
        await send(message)
    return sender
