"""What every response carries for the browser's protection, and which Host names the server answers to."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caseqa.service.api.errors import error_response

#: The page loads nothing but its own files: no inline script or style, no other origin, no framing.
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self';"
    " frame-ancestors 'none'"
)
#: Swagger UI and ReDoc start from an inline script and style themselves inline; still only our own files.
DOCS_POLICY = (
    "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
    " worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_PATHS = ("/docs", "/redoc")


class SecurityHeadersMiddleware:
    """Adds ``X-Content-Type-Options``, ``Referrer-Policy`` and a ``Content-Security-Policy`` to every response:
    a cited sentence is shown as text, and these keep a browser from reading any response otherwise."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = DOCS_POLICY if scope["path"].startswith(DOCS_PATHS) else PAGE_POLICY
        extra = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"),
            (b"content-security-policy", policy.encode()),
        ]

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, with_headers)


class AllowedHostsMiddleware:
    """Answers only requests whose Host is one of ``hosts`` ("*" any, "*.example.org" its subdomains); others
    get 400 ``bad_host`` in the error shape. Behind a proxy, this stops requests forged for another name."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]) -> None:
        self.app = app
        self.hosts = tuple(host.lower() for host in hosts)
        self.any = "*" in self.hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.any or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        host = _host_name(Headers(scope=scope).get("host", ""))
        if self.allows(host):
            await self.app(scope, receive, send)
            return
        response = error_response(400, "bad_host", f"this server does not answer for the host {host!r}")
        await response(scope, receive, send)

    def allows(self, host: str) -> bool:
        return any(host == allowed or (allowed.startswith("*.") and host.endswith(allowed[1:])) for allowed in self.hosts)


def _host_name(header: str) -> str:
    """The Host header without its port: "example.org:8000" -> "example.org", "[::1]:8000" -> "[::1]"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.split(":")[0]
