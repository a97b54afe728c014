"""The retriever protocol: what the hybrid searcher composes, one ranking side at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

#: (chunk position in the index, score), best first.
Ranking = list[tuple[int, float]]


@dataclass(frozen=True)
class Query:
    """A validated query with its vectors, embedded once per question: by the passage model (``vector``) and by
    the sentence model (``sentence_vector``, the same array when one model does both)."""

    text: str
    vector: np.ndarray | None = None
    sentence_vector: np.ndarray | None = None


class Retriever(Protocol):
    """Ranks the chunks of one loaded index for a query."""

    #: Whether ``rank`` needs the query's vectors.
    needs_vector: bool

    def rank(self, query: Query, k: int, allowed: np.ndarray | None = None) -> Ranking:
        """The ``k`` best chunks, restricted to ``allowed`` (a boolean mask over chunk positions) when given."""
        ...
