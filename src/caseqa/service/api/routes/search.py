"""GET /search: the best passages for a query, without choosing answer sentences."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Query

from caseqa.service.api.deps import EngineDep
from caseqa.service.api.schemas import ErrorResponse, SearchParams, SearchResponse, search_response

router = APIRouter(tags=["answers"])


@router.get(
    "/search",
    response_model=SearchResponse,
    responses={code: {"model": ErrorResponse} for code in (400, 422, 503)},
)
def search(params: Annotated[SearchParams, Query()], engine: EngineDep) -> SearchResponse:
    started = time.perf_counter()
    hits = engine.search(params.q, params.k, params.mode, params.doc_id or None)
    return search_response(params.q, params.mode, hits, engine.version, (time.perf_counter() - started) * 1000)
