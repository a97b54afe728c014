"""Choosing the answer sentences: the best one, then others that add new points (maximal marginal relevance)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from caseqa.answer.features import SentenceFeatures
from caseqa.config import AnswerSettings
from caseqa.records import Sentence


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence with its features and its score."""

    position: int
    sentence: Sentence
    features: SentenceFeatures
    score: float

    @property
    def semantic(self) -> float:
        return self.features.semantic

    @property
    def lexical(self) -> float:
        return self.features.lexical

    @property
    def coverage(self) -> float:
        return self.features.coverage

    @property
    def type_match(self) -> bool:
        return self.features.type_match


def choose(
    candidates: list[ScoredSentence], limit: int, vectors: np.ndarray, settings: AnswerSettings
) -> list[ScoredSentence]:
    """The best sentence, then up to ``limit`` in all that add new points (MMR), in reading order.

    ``candidates`` are sorted best first; a further sentence must score near the best one.
    """
    if limit == 1:
        return [candidates[0]]
    best = candidates[0].score
    pool = [c for c in candidates if c.score >= settings.list_keep_ratio * best]
    chosen = [pool.pop(0)]
    relevance = settings.mmr_lambda
    while pool and len(chosen) < limit:

        def marginal(c: ScoredSentence) -> float:
            overlap = max(float(vectors[c.position] @ vectors[s.position]) for s in chosen)
            return relevance * c.score - (1 - relevance) * overlap

        pick = max(pool, key=lambda c: (marginal(c), -c.position))
        if max(float(vectors[pick.position] @ vectors[s.position]) for s in chosen) > settings.near_copy_similarity:
            pool.remove(pick)  # a near-copy (the thesis repeats itself) adds nothing
            continue
        chosen.append(pick)
        pool.remove(pick)
    doc_order = list(dict.fromkeys(c.sentence.doc_id for c in chosen))
    return sorted(chosen, key=lambda c: (doc_order.index(c.sentence.doc_id), c.position))


def best_chosen(chosen: Sequence[ScoredSentence]) -> ScoredSentence:
    """The chosen sentence that scores highest (``choose`` returns them in reading order): the one the
    confidence and the sources-differ check are about."""
    return max(chosen, key=lambda c: (c.score, -c.position))
