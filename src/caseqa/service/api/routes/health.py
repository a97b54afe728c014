"""GET /health: whether an index is in service, and whether it still matches the corpus and settings."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request

from caseqa.config import Settings
from caseqa.service.api.deps import SettingsDep, first_build_progress, unavailable_reason
from caseqa.service.api.schemas import Health, JobProgress

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health)
async def health(request: Request, settings: SettingsDep) -> Health:
    """Always answers, even without an index: "unavailable" then carries the reason.

    It runs on the event loop, not in the thread pool, and its corpus check is cached (StalenessCheck):
    a monitor gets its answer at once even while every worker is busy answering questions.
    """
    engine = request.app.state.engine
    if engine is None:
        progress = first_build_progress(request)
        if progress is not None:
            stage, done, total = progress
            return _without_index(settings, "building", None, JobProgress(stage=stage, done=done, total=total))
        return _without_index(settings, "unavailable", unavailable_reason(request), None)
    reasons = request.app.state.staleness.reasons(engine.index)
    return Health(
        status="stale" if reasons else "ok",
        index_version=engine.version,
        documents=len(engine.index.documents),
        chunks=len(engine.index.chunks),
        model=engine.index.model_id,
        sentence_model=engine.index.sentence_model_id,
        stale=bool(reasons),
        stale_reasons=reasons,
        error=None,
        confidence_bands=engine.confidence_bands,
    )


def _without_index(settings: Settings, status: Literal["building", "unavailable"], error: str | None, progress: JobProgress | None) -> Health:
    """Health while no index serves: the configured models, and why not (or how far the first build has got)."""
    return Health(
        status=status,
        index_version=None,
        documents=0,
        chunks=0,
        model=settings.model,
        sentence_model=settings.sentence_model_setting,
        stale=False,
        stale_reasons=[],
        error=error,
        progress=progress,
    )
