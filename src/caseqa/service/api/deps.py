"""What routes depend on: the settings, the engine in service, the job manager, and request preconditions."""

from __future__ import annotations

import hmac
from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Depends, Request, Response
from fastapi.routing import APIRoute

from caseqa.config import Settings
from caseqa.service.api.errors import ApiError
from caseqa.service.engine import Engine
from caseqa.service.jobs import Job, JobManager

#: While the first index is built, clients are asked to come back after this many seconds.
BUILDING_RETRY_SECONDS = 5


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    """The engine in service, read once: the whole request then uses this one index version."""
    engine = request.app.state.engine
    if engine is None:
        progress = first_build_progress(request)
        if progress is not None:
            stage, done, total = progress
            message = f"the index is being built ({stage}: {done} of {total}); ask again in a few seconds"
            raise ApiError(503, "index_building", message, headers={"Retry-After": str(BUILDING_RETRY_SECONDS)})
        raise ApiError(503, "index_unavailable", f"the index is unavailable: {unavailable_reason(request)}")
    return engine


def _first_build(request: Request) -> Job | None:
    """The job building the first index (``serve --build-missing``), if there was one."""
    job_id = request.app.state.first_build
    return request.app.state.jobs.get(job_id) if job_id else None


def first_build_progress(request: Request) -> tuple[str, int, int] | None:
    """(stage, done, total) while the first index is being built; None once it is not."""
    job = _first_build(request)
    if job is None or job.state not in ("queued", "running"):
        return None
    return job.progress or ("starting", 0, 0)


def unavailable_reason(request: Request) -> str:
    """Why no index serves: the first build's error when it failed, else why loading failed."""
    job = _first_build(request)
    if job is not None and job.state == "failed":
        return f"building the index failed: {job.error}"
    return request.app.state.engine_error or "the index is not loaded yet"


def get_jobs(request: Request) -> JobManager:
    return request.app.state.jobs


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
JobsDep = Annotated[JobManager, Depends(get_jobs)]


def authorize(request: Request) -> None:
    """Admin routes need ``Authorization: Bearer <CASEQA_ADMIN_TOKEN>``; without a configured token they are off."""
    expected = request.app.state.settings.admin_token
    if not expected:
        raise ApiError(403, "admin_disabled", "admin routes are disabled; set CASEQA_ADMIN_TOKEN to enable them")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(token.strip().encode(), expected.encode()):
        raise ApiError(401, "unauthorized", "a valid admin token is required", {"WWW-Authenticate": "Bearer"})


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").partition(";")[0].strip().lower()


def guarded(*, admin: bool = False, media_type: str | None = None) -> type[APIRoute]:
    """A route class whose checks run before FastAPI reads the body.

    A dependency would run only after the body was parsed, so an
    unauthenticated 20 MB upload would be read in full, and a body of the
    wrong type would get a 422 about its fields instead of a 415.
    """

    class GuardedRoute(APIRoute):
        def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
            handler = super().get_route_handler()

            async def checked(request: Request) -> Response:
                if admin:
                    authorize(request)
                if media_type is not None and _media_type(request) != media_type:
                    found = _media_type(request) or "no content type"
                    raise ApiError(415, "unsupported_media_type", f"send the body as {media_type}, not {found}")
                return await handler(request)

            return checked

    return GuardedRoute
