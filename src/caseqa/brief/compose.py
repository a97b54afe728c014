"""Composing the case brief when the index is built: for each market the corpus ties sentences to, the
sentences that best state each facet, its dated events, and the facts its sources give differently."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from caseqa.answer.values import Value, amounts, dates
from caseqa.brief.conflicts import Statement, differing_values, value_context
from caseqa.brief.facets import FacetClassifier
from caseqa.brief.markets import NAMED, find_markets, slug
from caseqa.brief.places import Gazetteer
from caseqa.brief.records import FACETS, Alternative, Brief, BriefItem, DatedItem, Disagreement, MarketBrief
from caseqa.config import BriefSettings
from caseqa.index.analyzer import Analyzer
from caseqa.index.store import DocumentEntry
from caseqa.records import Sentence


class BriefComposer:
    """Holds what every market's brief is drawn from: sentences, their vectors and their facet probabilities."""

    def __init__(
        self,
        sentences: Sequence[Sentence],
        vectors: np.ndarray,
        documents: Mapping[str, DocumentEntry],
        classifier: FacetClassifier,
        settings: BriefSettings,
        adjectives: Mapping[str, str] | None = None,
    ) -> None:
        self.sentences = sentences
        self.vectors = vectors
        self.documents = documents
        self.settings = settings
        self.mentions = find_markets(sentences, Gazetteer.load(settings.places_file, adjectives))
        self.scores = classifier.probabilities(vectors)
        self.tokenize = Analyzer().tokenize

    def compose(self) -> Brief:
        """Every place with enough items, most items first."""
        markets = [self.market(place) for place in self.mentions.ties]
        markets = [m for m in markets if m.items >= self.settings.min_items]
        markets.sort(key=lambda m: (-m.items, m.name))
        taken: set[str] = set()
        unique = []
        for market in markets:  # two places whose names slug alike keep the better-covered one
            if market.slug not in taken:
                taken.add(market.slug)
                unique.append(market)
        return Brief(tuple(unique))

    def market(self, place: str) -> MarketBrief:
        ties = self.mentions.ties[place]
        name = self.mentions.names[place]
        scored = {p: self.scores[p] for p in ties if self._answerable(p)}
        facets = {}
        cut = self.settings.min_probability
        for column, facet in enumerate(FACETS):
            chosen = [p for p, row in scored.items() if row.argmax() == column and row[column] >= cut]
            chosen.sort(key=lambda p: (-scored[p][column], p))
            probability = {p: float(scored[p][column]) for p in chosen}
            facets[facet] = tuple(self._merge(chosen, probability.__getitem__))[: self.settings.max_items]
        named = [p for p, tie in ties.items() if tie == NAMED and self._answerable(p)]
        return MarketBrief(slug(name), name, facets, self._timeline(scored), self._disagreements(named))

    def _answerable(self, position: int) -> bool:
        text = self.sentences[position].text
        return len(text.split()) >= self.settings.min_words and not text.endswith("?")

    def _timeline(self, scored: Mapping[int, np.ndarray]) -> tuple[DatedItem, ...]:
        """Sentences of the market that date an event and state a facet, in date order."""
        cut = self.settings.min_probability
        dated = [(p, found[0]) for p, row in scored.items() if row.max() >= cut and (found := dates(self.sentences[p].text))]
        dated.sort(key=lambda entry: (int(entry[1].key), entry[0]))
        events, seen = [], set()
        for position, value in dated:
            if position in seen:
                continue
            same = [p for p, v in dated if v.key == value.key and p not in seen and self._close(p, position)]
            seen.update(same)
            item = self._item(same, lambda p: float(scored[p].max()))
            events.append(DatedItem(value.text, int(value.key), item))
        return tuple(events)

    def _disagreements(self, positions: list[int]) -> tuple[Disagreement, ...]:
        found = []
        for extract in (dates, amounts):
            values = {p: extract(self.sentences[p].text) for p in positions}
            statements = [
                Statement(p, self.sentences[p].doc_id, v[0].key, value_context(self.sentences[p].text, v[0].start, v[0].end, self.tokenize))
                for p, v in values.items()
                if len(v) == 1
            ]
            for group in differing_values(statements, self.vectors, self.settings.same_fact_similarity):
                found.append(self._disagreement(group, {s.position: values[s.position][0] for s in group}))
        return tuple(found)

    def _disagreement(self, group: list[Statement], value_of: Mapping[int, Value]) -> Disagreement:
        by_key: dict[str, list[int]] = {}
        for statement in group:
            by_key.setdefault(statement.key, []).append(statement.position)
        alternatives = tuple(
            Alternative(value_of[positions[0]].text, tuple(self._merge(positions, lambda p: 1.0)))
            for positions in sorted(by_key.values(), key=lambda ps: (-len(ps), ps[0]))
        )
        first, value = group[0].position, value_of[group[0].position]
        text = self.sentences[first].text
        about = f"{text[: value.start]}…{text[value.end :]}"
        return Disagreement(about, alternatives)

    def _merge(self, positions: list[int], score: Callable[[int], float]) -> list[BriefItem]:
        """One item per group of near-copies, in the given order, citing each copy."""
        items, used = [], set()
        for position in positions:
            if position in used:
                continue
            copies = [p for p in positions if p not in used and self._close(p, position)]
            used.update(copies)
            items.append(self._item(copies, score))
        return items

    def _close(self, a: int, b: int) -> bool:
        return a == b or float(self.vectors[a] @ self.vectors[b]) >= self.settings.duplicate_similarity

    def _item(self, positions: list[int], score: Callable[[int], float]) -> BriefItem:
        first = positions[0]
        quotes = tuple(self.sentences[p].text for p in positions)
        citations = tuple(self.documents[self.sentences[p].doc_id].cite(self.sentences[p]) for p in positions)
        return BriefItem(quotes[0], citations, round(score(first), 4), quotes)
