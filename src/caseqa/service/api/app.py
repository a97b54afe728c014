"""The FastAPI app factory: engine loading in the lifespan, body limits, error handlers, routes and web page."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from caseqa import __version__
from caseqa.config import Settings
from caseqa.errors import CaseqaError, IndexMissingError, IndexStaleError
from caseqa.index.builder import Progress
from caseqa.index.freshness import StalenessCheck, corpus_changes
from caseqa.service.api.admission import InFlightLimitMiddleware
from caseqa.service.api.errors import ApiError, error_response, install_error_handlers
from caseqa.service.api.head import HeadAsGetMiddleware
from caseqa.service.api.routes import ask, brief, documents, health, index_jobs, search, sources
from caseqa.service.api.security import AllowedHostsMiddleware, SecurityHeadersMiddleware
from caseqa.service.engine import Engine, load_engine
from caseqa.service.jobs import JobManager
from caseqa.service.watcher import IndexWatcher

logger = logging.getLogger("caseqa.service.api")

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
MAX_JSON_BYTES = 64 * 1024
#: Request bodies may be this large on upload routes: the file plus room for the form fields.
UPLOAD_BODY_LIMITS = {"/sources": sources.MAX_UPLOAD_BYTES + MAX_JSON_BYTES}


def create_app(
    settings: Settings | None = None, *, build_missing: bool = False, build_progress: Progress | None = None
) -> FastAPI:
    """A new app serving ``settings`` (read from CASEQA_* when omitted).

    ``build_missing`` builds an absent or stale index in the background while the server already listens:
    ``/health`` says "building" with the progress, which ``build_progress`` hears too.
    """
    settings = settings or Settings.from_env()
    # FastAPIOffline: /docs and /redoc load Swagger UI and ReDoc from the package, not a CDN, so they work offline.
    app = FastAPIOffline(
        title="caseqa",
        version=__version__,
        summary="Answers questions about Alibaba's internationalization with verbatim, cited sentences.",
        lifespan=_lifespan(settings, build_missing, build_progress),
    )
    app.state.settings = settings
    app.state.engine = None
    app.state.engine_error = "the index is not loaded yet"
    app.state.staleness = StalenessCheck(settings)
    app.state.first_build = None  # the job building the first index, with --build-missing
    app.add_middleware(BodyLimitMiddleware, default=MAX_JSON_BYTES, by_path=UPLOAD_BODY_LIMITS)
    app.add_middleware(InFlightLimitMiddleware, limit=settings.max_in_flight)
    app.add_middleware(HeadAsGetMiddleware)
    app.add_middleware(AllowedHostsMiddleware, hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware)  # outermost: refusals carry the headers too
    install_error_handlers(app)
    for module in (ask, search, brief, documents, health, sources, index_jobs):
        app.include_router(module.router)
    # Low priority: API routes match first, so their 405s and the JSON 404s stay as they are.
    app.frontend("/", directory=WEB_DIR, fallback=None, check_dir=False)
    return app


def _lifespan(
    settings: Settings, build_missing: bool, build_progress: Progress | None
) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.jobs = JobManager(settings, _publisher(app), in_service=lambda: app.state.engine)
        await anyio.to_thread.run_sync(_load, app, settings, build_missing, build_progress)
        watcher = asyncio.create_task(IndexWatcher(app, settings, _publisher(app)).run())
        try:
            yield
        finally:
            watcher.cancel()
            await anyio.to_thread.run_sync(app.state.jobs.close)

    return lifespan


def _publisher(app: FastAPI) -> Callable[[Engine], None]:
    def publish(engine: Engine) -> None:
        # Compared with the corpus here, in the publishing thread: /health, on the event loop, then finds
        # the new index's answer cached. Computed there, under load, it held the loop for a quarter second.
        app.state.staleness.reasons(engine.index)
        app.state.engine = engine  # one assignment: a request holds the old engine or the new, never a mix
        app.state.engine_error = None

    return publish


def _load(app: FastAPI, settings: Settings, build_missing: bool, build_progress: Progress | None) -> None:
    """Put the engine in service, start building it, or record why not: the server keeps running either way,
    so it never crash-loops."""
    try:
        try:
            engine = load_engine(settings)
        except (IndexMissingError, IndexStaleError) as exc:
            if not build_missing:
                raise
            app.state.first_build = app.state.jobs.submit("first build", listener=build_progress).job_id
            app.state.engine_error = f"the index is being built ({exc})"
            logger.info("%s: building the index in the background (--build-missing); /health shows the progress", exc)
            return
    except CaseqaError as exc:
        app.state.engine_error = str(exc)
        logger.error("index unavailable, /ask and /search will answer 503: %s", exc)
        return
    except Exception as exc:  # the model or index failed in an unforeseen way; still serve /health with the reason
        app.state.engine_error = f"{type(exc).__name__}: {exc}"
        logger.error("index unavailable, /ask and /search will answer 503", exc_info=exc)
        return
    _publisher(app)(engine)
    logger.info("serving index %s (%d documents, %d chunks)", engine.version, len(engine.index.documents), len(engine.index.chunks))
    _resume_pending(app, settings, engine)


def _resume_pending(app: FastAPI, settings: Settings, engine: Engine) -> None:
    """A source stored by an upload whose rebuild failed or was killed sits unindexed: build it now, in the
    background, while the index it missed keeps serving. A corpus that cannot be read is left to /health."""
    try:
        changes = corpus_changes(engine.index, settings)
    except CaseqaError:
        return
    if changes:
        job = app.state.jobs.submit("resume")
        logger.info("the corpus changed since the index was built (%s): rebuild %s started", "; ".join(changes), job.job_id)


class _BodyTooLarge(ApiError):
    def __init__(self, limit: int) -> None:
        super().__init__(413, "payload_too_large", f"the request body is larger than {limit} bytes")


class BodyLimitMiddleware:
    """Refuses a body over its route's limit: by Content-Length before reading, else by counting while it is read."""

    def __init__(self, app: ASGIApp, default: int, by_path: dict[str, int]) -> None:
        self.app = app
        self.default = default
        self.by_path = by_path

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.by_path.get(scope["path"], self.default)
        declared = dict(scope["headers"]).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit:
            await _send_too_large(limit, scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            """Counts the bytes as the route reads them; the error raised there becomes the JSON 413."""
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _BodyTooLarge(limit)
            return message

        await self.app(scope, counted, send)


async def _send_too_large(limit: int, scope: Scope, receive: Receive, send: Send) -> None:
    error = _BodyTooLarge(limit)
    await error_response(error.status_code, error.code, error.detail)(scope, receive, send)
