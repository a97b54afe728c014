"""GET /brief: the case brief per market, composed when the index was built, so serving it is a read."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from caseqa.brief.markdown import market_markdown
from caseqa.brief.records import MarketBrief
from caseqa.service.api.brief_schemas import BriefIndex, MarketBriefResponse, market_brief_response, market_summary
from caseqa.service.api.deps import EngineDep
from caseqa.service.api.errors import ApiError
from caseqa.service.api.schemas import ErrorResponse
from caseqa.service.engine import Engine

router = APIRouter(tags=["brief"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (404, 503)}


def _market(engine: Engine, slug: str) -> MarketBrief:
    market = engine.index.brief.market(slug)
    if market is None:
        known = ", ".join(m.slug for m in engine.index.brief.markets) or "none"
        raise ApiError(404, "unknown_market", f"no market {slug!r} in the brief of index {engine.version} (markets: {known})")
    return market


@router.get("/brief", response_model=BriefIndex, responses=_ERRORS)
def list_markets(engine: EngineDep) -> BriefIndex:
    """The markets the sources tie the company's expansion to, the most written-about first."""
    return BriefIndex(markets=[market_summary(m) for m in engine.index.brief.markets], index_version=engine.version)


@router.get(
    "/brief/{slug}.md",
    response_class=PlainTextResponse,
    responses={200: {"content": {"text/markdown": {}}}, **_ERRORS},
)
def market_brief_markdown(slug: str, engine: EngineDep) -> PlainTextResponse:
    """One market's brief as Markdown with numbered footnote citations."""
    return PlainTextResponse(market_markdown(_market(engine, slug)), media_type="text/markdown; charset=utf-8")


@router.get("/brief/{slug}", response_model=MarketBriefResponse, responses=_ERRORS)
def market_brief(slug: str, engine: EngineDep) -> MarketBriefResponse:
    """One market: cited sentences per facet, its dated events, and where its sources differ."""
    return market_brief_response(_market(engine, slug), engine.version)
