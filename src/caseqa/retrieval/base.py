"""The retriever protocol: what the hybrid searcher composes, one ranking side at a time."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

#: (chunk position in the index, score), best first.
Ranking = list[tuple[int, float]]


@dataclass(frozen=True)
class Query:
    """A validated query, with its vector when a dense side needs one (embedded once per question)."""

    text: str
    vector: np.ndarray | None = None


class Retriever(Protocol):
    """Ranks the chunks of one loaded index for a query."""

    #: Whether ``rank`` needs ``query.vector``.
    needs_vector: bool

    def rank(self, query: Query, k: int, allowed: np.ndarray | None = None) -> Ranking:
        """The ``k`` best chunks, restricted to ``allowed`` (a boolean mask over chunk positions) when given."""
        ...
