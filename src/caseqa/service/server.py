"""Running the app under uvicorn with the guards it lacks: a time limit on reading a request, and a connection cap."""

from __future__ import annotations

import asyncio
import logging
import resource
from functools import partial
from typing import Any

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from caseqa.config import Settings

logger = logging.getLogger("caseqa.service.server")

#: On SIGTERM, requests in progress get this long to finish; then they are cancelled and the server exits.
SHUTDOWN_SECONDS = 5
#: File descriptors kept free for the index, the model, logs and the corpus when the cap is derived from the limit.
RESERVED_DESCRIPTORS = 64


class GuardedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, plus two guards against slow or idle clients.

    - A request, headers and body, must arrive within ``request_timeout`` seconds of its first byte (or of
      the connection): a client that sends half a request and stalls is cut off instead of holding a
      descriptor for ever. Time the app takes to answer does not count.
    - Past ``max_connections`` open connections a new one is closed at once, so descriptors never run out
      and the connections already open, ``/health`` included, keep being served.

    Idle keep-alive connections are closed by uvicorn's own ``timeout_keep_alive``.
    """

    def __init__(self, *args: Any, request_timeout: float, max_connections: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_timeout = request_timeout
        self.max_connections = max_connections
        self._read_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.max_connections:
            logger.warning("refused a connection: %d open, the cap is %d", len(self.connections) - 1, self.max_connections)
            transport.abort()
            return
        self._start_read_timer()

    def data_received(self, data: bytes) -> None:
        if self._read_timer is None and (self.cycle is None or self.cycle.response_complete):
            self._start_read_timer()  # the first bytes of the next request on a kept-alive connection
        super().data_received(data)
        if self.cycle is not None and not self.cycle.more_body:
            self._stop_read_timer()  # the whole request is in; answering it may take as long as it takes

    def connection_lost(self, exc: Exception | None) -> None:
        self._stop_read_timer()
        super().connection_lost(exc)

    def _start_read_timer(self) -> None:
        self._stop_read_timer()
        self._read_timer = self.loop.call_later(self.request_timeout, self._request_timed_out)

    def _stop_read_timer(self) -> None:
        if self._read_timer is not None:
            self._read_timer.cancel()
            self._read_timer = None

    def _request_timed_out(self) -> None:
        self._read_timer = None
        if not self.transport.is_closing():
            logger.info("closed a connection that sent no complete request in %g s", self.request_timeout)
            self.transport.abort()


def connection_cap(settings: Settings) -> int:
    """The configured cap, lowered to fit the process's open-file limit (each connection is a descriptor)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return settings.max_connections
    return max(1, min(settings.max_connections, soft - RESERVED_DESCRIPTORS))


def server_config(app: Any, settings: Settings, **overrides: Any) -> uvicorn.Config:
    """uvicorn settings for ``app``: the guarded protocol, keep-alive and shutdown times, host and port."""
    protocol = partial(
        GuardedH11Protocol, request_timeout=settings.request_timeout, max_connections=connection_cap(settings)
    )
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "http": protocol,
        "timeout_keep_alive": settings.keep_alive_timeout,
        "timeout_graceful_shutdown": SHUTDOWN_SECONDS,
    }
    return uvicorn.Config(app, **{**options, **overrides})
