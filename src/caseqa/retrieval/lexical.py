"""The BM25 side of retrieval: analysed query terms scored against the index's precomputed BM25 matrix."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from caseqa.index.analyzer import Analyzer
from caseqa.index.bm25 import BM25Index
from caseqa.retrieval.base import Query, Ranking
from caseqa.retrieval.lexicon import load_lexicon
from caseqa.retrieval.place_names import place_stems


class BM25Retriever:
    """Ranks chunks by BM25; "the Spanish market" also asks for "Spain"."""

    needs_vector = False

    def __init__(self, bm25: BM25Index, analyzer: Analyzer, place_adjectives: Mapping[str, str] | None = None) -> None:
        self.bm25 = bm25
        self.analyzer = analyzer
        adjectives = load_lexicon().place_adjectives if place_adjectives is None else place_adjectives
        #: Place adjectives to their places ("spanish" to "spain") in index terms.
        self.places = place_stems(analyzer.tokenize, adjectives)

    def query_terms(self, text: str) -> list[str]:
        terms = self.analyzer.tokenize(text)
        return terms + [self.places[term] for term in terms if term in self.places]

    def rank(self, query: Query, k: int, allowed: np.ndarray | None = None) -> Ranking:
        return self.bm25.search(self.query_terms(query.text), k, allowed)
