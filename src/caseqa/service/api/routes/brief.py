"""GET /brief: the case brief per market, composed when the index was built, so serving it is a read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from caseqa.brief.markdown import market_markdown
from caseqa.service.api.brief_schemas import BriefIndex, MarketBriefResponse, brief_index, market_brief_response
from caseqa.service.api.deps import EngineDep
from caseqa.service.api.schemas import ErrorResponse

router = APIRouter(tags=["brief"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (404, 503)}


@router.get("/brief", response_model=BriefIndex, responses=_ERRORS)
def list_markets(engine: EngineDep) -> BriefIndex:
    """The markets the sources tie the company's expansion to, the most written-about first."""
    return brief_index(engine.index.brief, engine.version)


@router.get(
    "/brief/{slug}.md",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {}}}, **_ERRORS},
)
def market_brief_markdown(slug: str, engine: EngineDep) -> PlainTextResponse:
    """One market's brief as Markdown with numbered footnote citations."""
    return PlainTextResponse(market_markdown(engine.index.brief.market(slug)), media_type="text/markdown; charset=utf-8")


@router.get("/brief/{slug}", response_model=MarketBriefResponse, responses=_ERRORS)
def market_brief(slug: str, engine: EngineDep) -> MarketBriefResponse:
    """One market: cited sentences per facet, its dated events, and where its sources differ."""
    return market_brief_response(engine.index.brief.market(slug), engine.version)
