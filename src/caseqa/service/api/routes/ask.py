"""POST /ask: a question answered with cited, verbatim sentences, or an abstention."""

from __future__ import annotations

import time

from fastapi import APIRouter

from caseqa.service.api.deps import EngineDep, guarded
from caseqa.service.api.schemas import AskRequest, AskResponse, ErrorResponse, ask_response

router = APIRouter(tags=["answers"], route_class=guarded(media_type="application/json"))


@router.post(
    "/ask",
    response_model=AskResponse,
    responses={code: {"model": ErrorResponse} for code in (400, 413, 415, 422, 503)},
)
def ask(body: AskRequest, engine: EngineDep) -> AskResponse:
    """Answer from the sources; ``answer`` is empty and ``answerable`` false when they do not say."""
    started = time.perf_counter()
    answer = engine.ask(body.question, body.top_k, body.mode, body.doc_ids)
    return ask_response(answer, engine.version, (time.perf_counter() - started) * 1000)
