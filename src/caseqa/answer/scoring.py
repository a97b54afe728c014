"""Sentence scorers: the protocol the answerer calls, and the linear scorer whose weights are tuned data."""

from __future__ import annotations

from typing import Protocol

from caseqa.answer.features import FEATURES, SentenceFeatures
from caseqa.config import SentenceWeights


class SentenceScorer(Protocol):
    """Scores a candidate sentence from its features; higher answers the question better."""

    def score(self, features: SentenceFeatures) -> float: ...


class LinearSentenceScorer:
    """A weighted sum of the features; the weights are chosen on dev (evals/tune_scoring.py) and stored as data."""

    def __init__(self, weights: SentenceWeights) -> None:
        self.weights = [getattr(weights, name) for name in FEATURES]

    def score(self, features: SentenceFeatures) -> float:
        return sum(w * x for w, x in zip(self.weights, features.vector()))
