"""The case brief's response models (GET /brief, /brief/{slug}) and their conversion from the brief's records."""

from __future__ import annotations

from pydantic import BaseModel, Field

from caseqa.brief.records import Alternative, Brief, BriefItem, MarketBrief
from caseqa.service.api.schemas import Citation, citation


class MarketSummary(BaseModel):
    slug: str
    name: str
    items: int = Field(description="Distinct cited sentences under the four facets.")
    documents: int = Field(description="Sources the market's brief cites.")
    facets: dict[str, int] = Field(description="Items under each facet (a sentence may sit under two).")


class BriefIndex(BaseModel):
    markets: list[MarketSummary]
    index_version: str


class ItemCitation(Citation):
    text: str = Field(description="The sentence as this source words it: what start..end slices to.")


class Item(BaseModel):
    text: str = Field(description="A verbatim source sentence.")
    citations: list[ItemCitation] = Field(description="Every source that says it (near-copies are merged).")
    score: float = Field(description="How plainly it states the facet: higher is plainer (not a probability).")


class Facets(BaseModel):
    drivers: list[Item]
    entry_modes: list[Item]
    outcomes: list[Item]
    challenges: list[Item]


class TimelineEvent(BaseModel):
    date: str = Field(description='As the source writes it: "April 2010", "2012".')
    sentence: Item


class AlternativeValue(BaseModel):
    value: str
    sentences: list[Item]


class SourcesDiffer(BaseModel):
    about: str = Field(description="One of the sentences, with its value left out.")
    alternatives: list[AlternativeValue] = Field(description="Each value the sources give, the most cited first.")


class MarketBriefResponse(BaseModel):
    market: str
    slug: str
    facets: Facets
    timeline: list[TimelineEvent]
    disagreements: list[SourcesDiffer]
    index_version: str


def brief_index(brief: Brief, index_version: str) -> BriefIndex:
    """The GET /brief object; `caseqa brief --json` prints the same."""
    return BriefIndex(markets=[_market_summary(m) for m in brief.markets], index_version=index_version)


def _market_summary(market: MarketBrief) -> MarketSummary:
    return MarketSummary(
        slug=market.slug,
        name=market.name,
        items=market.items,
        documents=market.documents,
        facets={facet: len(items) for facet, items in market.facets.items()},
    )


def item(brief_item: BriefItem) -> Item:
    citations = [
        ItemCitation(**citation(c).model_dump(), text=quote) for c, quote in zip(brief_item.citations, brief_item.quotes)
    ]
    return Item(text=brief_item.text, citations=citations, score=brief_item.score)


def _alternative(alternative: Alternative) -> AlternativeValue:
    return AlternativeValue(value=alternative.value, sentences=[item(i) for i in alternative.items])


def market_brief_response(market: MarketBrief, index_version: str) -> MarketBriefResponse:
    """The GET /brief/{slug} object; `caseqa brief SLUG --json` prints the same."""
    return MarketBriefResponse(
        market=market.name,
        slug=market.slug,
        facets=Facets(**{facet: [item(i) for i in items] for facet, items in market.facets.items()}),
        timeline=[TimelineEvent(date=event.date, sentence=item(event.item)) for event in market.timeline],
        disagreements=[
            SourcesDiffer(about=d.about, alternatives=[_alternative(a) for a in d.alternatives]) for d in market.disagreements
        ],
        index_version=index_version,
    )
