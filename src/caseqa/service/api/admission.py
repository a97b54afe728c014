"""A bound on the questions and searches in flight: past it, a clear 503 with Retry-After instead of a queue."""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from caseqa.service.api.errors import error_response

#: The routes that run the model; everything else (health, documents, the page) is cheap and always admitted.
BOUNDED_PATHS = frozenset({"/ask", "/search"})
#: Seconds a refused client is asked to wait: about the time the admitted work takes to drain.
RETRY_AFTER_SECONDS = 1


class InFlightLimitMiddleware:
    """Admits at most ``limit`` model-bound requests at once. Queueing more only makes every answer late (at 128
    clients the p99 reached 12 s); refusing them at once keeps the admitted ones fast and tells the rest when to
    come back. The count lives on the event loop, so it needs no lock."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.in_flight = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] not in BOUNDED_PATHS:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            message = f"the service is busy ({self.limit} questions in flight); retry in {RETRY_AFTER_SECONDS} s"
            refusal = error_response(503, "overloaded", message, {"Retry-After": str(RETRY_AFTER_SECONDS)})
            await refusal(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1
