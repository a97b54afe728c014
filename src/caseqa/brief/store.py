"""The brief as JSON: written into the index build beside the other files and checked like them."""

from __future__ import annotations

from typing import Any

from caseqa.brief.records import FACETS, Alternative, Brief, BriefItem, DatedItem, Disagreement, MarketBrief
from caseqa.records import Citation, span_from_json, span_json


def brief_json(brief: Brief) -> dict[str, Any]:
    return {"markets": [_market_json(market) for market in brief.markets]}


def brief_from_json(data: dict[str, Any]) -> Brief:
    """The brief of ``data``; a KeyError, TypeError or ValueError means a damaged file."""
    return Brief(tuple(_market(row) for row in data["markets"]))


def citation_json(citation: Citation) -> dict[str, Any]:
    return {
        "doc_id": citation.doc_id,
        "title": citation.title,
        "section": list(citation.section),
        **span_json(citation.span),
        "page": citation.page,
    }


def item_json(item: BriefItem) -> dict[str, Any]:
    citations = [{**citation_json(c), "text": quote} for c, quote in zip(item.citations, item.quotes)]
    return {"text": item.text, "citations": citations, "score": item.score}


def _market_json(market: MarketBrief) -> dict[str, Any]:
    return {
        "slug": market.slug,
        "name": market.name,
        "facets": {facet: [item_json(i) for i in market.facets[facet]] for facet in FACETS},
        "timeline": [{"date": d.date, "year": d.year, "item": item_json(d.item)} for d in market.timeline],
        "disagreements": [
            {
                "about": d.about,
                "alternatives": [{"value": a.value, "items": [item_json(i) for i in a.items]} for a in d.alternatives],
            }
            for d in market.disagreements
        ],
    }


def _citation(row: dict[str, Any]) -> Citation:
    page = row["page"]
    return Citation(row["doc_id"], row["title"], tuple(row["section"]), span_from_json(row), None if page is None else int(page))


def _item(row: dict[str, Any]) -> BriefItem:
    citations = row["citations"]
    return BriefItem(
        row["text"], tuple(_citation(c) for c in citations), float(row["score"]), tuple(str(c["text"]) for c in citations)
    )


def _market(row: dict[str, Any]) -> MarketBrief:
    return MarketBrief(
        slug=row["slug"],
        name=row["name"],
        facets={facet: tuple(_item(i) for i in row["facets"][facet]) for facet in FACETS},
        timeline=tuple(DatedItem(d["date"], int(d["year"]), _item(d["item"])) for d in row["timeline"]),
        disagreements=tuple(
            Disagreement(
                d["about"], tuple(Alternative(a["value"], tuple(_item(i) for i in a["items"])) for a in d["alternatives"])
            )
            for d in row["disagreements"]
        ),
    )
