"""Sentence scorers: the protocol the answerer calls, and the linear scorer whose weights are fitted data."""

from __future__ import annotations

from typing import Protocol

from caseqa.answer.features import SentenceFeatures
from caseqa.config import SentenceWeights


class SentenceScorer(Protocol):
    """Scores a candidate sentence from its features; higher answers the question better."""

    def score(self, features: SentenceFeatures) -> float: ...


class LinearSentenceScorer:
    """A weighted sum of the features; the weights come from ``scoring.json``, not from code."""

    def __init__(self, weights: SentenceWeights) -> None:
        self.weights = weights

    def score(self, features: SentenceFeatures) -> float:
        w = self.weights
        bonus = (w.type_match if features.type_match else -w.type_match) if features.typed else 0.0
        score = w.semantic * features.semantic + w.lexical * features.lexical + w.passage_rank / features.passage_rank
        score += bonus
        if features.named_source:
            score += w.named_source
        if features.typed:  # a factoid's one sentence should hold what the question names
            score += w.factoid_coverage * features.coverage
        if features.about_the_text:  # sentences about the text itself rarely answer a question about the company
            score -= w.about_the_text
        return score
