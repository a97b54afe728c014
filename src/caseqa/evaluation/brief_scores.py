"""Scoring the case brief against a hand-built gold: per market and facet, the share of gold sentences the
brief gives (recall) and of its items the gold holds (precision), and whether every citation is exact."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from caseqa.brief.places import normal_form
from caseqa.brief.records import FACETS, Brief, BriefItem
from caseqa.errors import QueryError
from caseqa.evaluation.matching import spans_match, supports
from caseqa.evaluation.questions import Evidence


@dataclass(frozen=True)
class GoldMarket:
    """A market of the gold: the names that mean it, and the sentences a careful reader puts in each facet."""

    slug: str
    name: str
    split: str
    aliases: tuple[str, ...]
    facets: dict[str, tuple[Evidence, ...]]

    def matches(self, name: str) -> bool:
        """Whether the brief's market ``name`` is this market or a place it takes in ("Singapore" in Southeast Asia)."""
        return normal_form(name) in {normal_form(n) for n in (self.name, self.slug.replace("-", " "), *self.aliases)}


@dataclass
class CellScore:
    gold: int = 0
    found: int = 0  # gold sentences some item gives
    items: int = 0
    correct: int = 0  # items the gold holds

    def add(self, other: CellScore) -> None:
        self.gold += other.gold
        self.found += other.found
        self.items += other.items
        self.correct += other.correct

    def as_dict(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold,
            "items": self.items,
            "recall": round(self.found / self.gold, 3) if self.gold else None,
            "precision": round(self.correct / self.items, 3) if self.items else None,
        }


@dataclass
class BriefReport:
    split: str
    markets: dict[str, dict[str, CellScore]] = field(default_factory=dict)
    citations: int = 0
    exact_citations: int = 0

    def total(self, facet: str | None = None) -> CellScore:
        total = CellScore()
        for cells in self.markets.values():
            for name, cell in cells.items():
                if facet is None or name == facet:
                    total.add(cell)
        return total

    def as_dict(self) -> dict:
        return {
            "split": self.split,
            "overall": self.total().as_dict(),
            "by_facet": {facet: self.total(facet).as_dict() for facet in FACETS},
            "by_market": {slug: {f: c.as_dict() for f, c in cells.items()} for slug, cells in self.markets.items()},
            "citation_exactness": round(self.exact_citations / self.citations, 3) if self.citations else None,
        }


def load_brief_gold(path: Path) -> list[GoldMarket]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return [
            GoldMarket(
                slug=row["slug"],
                name=row["name"],
                split=row["split"],
                aliases=tuple(row.get("aliases", ())),
                facets={f: tuple(Evidence(e["doc_id"], e["quote"]) for e in row["facets"][f]) for f in FACETS},
            )
            for row in data["markets"]
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise QueryError(f"{path}: not a brief gold file ({exc})") from exc


def score_brief(brief: Brief, gold: list[GoldMarket], sources: Mapping[str, str], split: str) -> BriefReport:
    """Scores of ``brief`` on the gold markets of ``split`` ("all" for every one); ``sources`` maps doc_id to text.

    A gold market takes the items of every market of the brief it names (a region takes in the countries the
    gold folds into it); an item that the gold puts in another facet of the market counts as wrong.
    """
    report = BriefReport(split)
    for market in gold:
        if split not in ("all", market.split):
            continue
        matched = [m for m in brief.markets if market.matches(m.name)]
        cells = {}
        for facet in FACETS:
            items = list({i.text: i for m in matched for i in m.facets[facet]}.values())
            cells[facet] = _cell(items, market.facets[facet])
            for item in items:
                for citation, quote in zip(item.citations, item.quotes):
                    report.citations += 1
                    report.exact_citations += spans_match(sources[citation.doc_id], citation.span, quote)
        report.markets[market.slug] = cells
    return report


def _cell(items: list[BriefItem], gold: tuple[Evidence, ...]) -> CellScore:
    def gives(item: BriefItem, evidence: Evidence) -> bool:
        return any(c.doc_id == evidence.doc_id and supports(q, evidence.quote) for c, q in zip(item.citations, item.quotes))

    found = sum(any(gives(item, e) for item in items) for e in gold)
    correct = sum(any(gives(item, e) for e in gold) for item in items)
    return CellScore(gold=len(gold), found=found, items=len(items), correct=correct)


def format_brief_table(reports: list[BriefReport]) -> str:
    """Recall and precision per split, overall and by facet, as a Markdown table."""

    def cell(score: CellScore) -> str:
        values = score.as_dict()
        recall, precision = values["recall"], values["precision"]
        return f"{'-' if recall is None else f'{recall:.3f}'} / {'-' if precision is None else f'{precision:.3f}'} ({score.items})"

    lines = ["| split | overall | " + " | ".join(FACETS) + " | exact citations |", "|---" * (len(FACETS) + 3) + "|"]
    for report in reports:
        exact = report.as_dict()["citation_exactness"]
        facets = " | ".join(cell(report.total(facet)) for facet in FACETS)
        lines.append(f"| {report.split} | {cell(report.total())} | {facets} | {exact} |")
    return "\n".join([*lines, "", "Each cell: recall / precision (items)."])
