"""GET /health: whether an index is in service, and whether it still matches the corpus and settings."""

from __future__ import annotations

from fastapi import APIRouter, Request

from caseqa.errors import CaseqaError
from caseqa.index.builder import staleness
from caseqa.service.api.deps import SettingsDep
from caseqa.service.api.schemas import Health

router = APIRouter(tags=["service"])


@router.get("/health", response_model=Health)
def health(request: Request, settings: SettingsDep) -> Health:
    """Always answers, even without an index: "unavailable" then carries the reason."""
    engine = request.app.state.engine
    if engine is None:
        return Health(
            status="unavailable",
            index_version=None,
            documents=0,
            chunks=0,
            model=settings.model,
            sentence_model=settings.sentence_model_setting,
            stale=False,
            stale_reasons=[],
            error=request.app.state.engine_error or "the index is not loaded yet",
        )
    try:
        reasons = staleness(engine.index, settings)
    except CaseqaError as exc:  # a broken corpus makes the index stale, not the service down
        reasons = [f"cannot compare with the corpus: {exc}"]
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
    )
