"""Hybrid search over a loaded index: composes the BM25 and dense retrievers, fuses, filters by document or section."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from caseqa.config import SearchSettings
from caseqa.errors import IndexStaleError, QueryError, UnknownDocumentError
from caseqa.index.analyzer import Analyzer
from caseqa.index.embedding import Embedder
from caseqa.index.store import Index
from caseqa.records import Hit
from caseqa.retrieval.base import Query, Ranking, Retriever
from caseqa.retrieval.dense import DenseRetriever
from caseqa.retrieval.fusion import boost, promote, reciprocal_rank_fusion, weighted_fusion
from caseqa.retrieval.lexical import BM25Retriever
from caseqa.retrieval.lexicon import load_lexicon
from caseqa.retrieval.query import validate_query
from caseqa.retrieval.source_references import SourceReferences

MODES = ("hybrid", "bm25", "dense")


class Searcher:
    """Searches one loaded index with the embedder that built it: BM25, dense, or both fused."""

    def __init__(
        self,
        index: Index,
        embedder: Embedder,
        settings: SearchSettings | None = None,
        sentence_embedder: Embedder | None = None,
    ) -> None:
        sentence_embedder = sentence_embedder or embedder
        for built, configured in ((index.model_id, embedder.model_id), (index.sentence_model_id, sentence_embedder.model_id)):
            if built != configured:
                raise IndexStaleError(
                    f"{index.path}: built with model {built}, but the configured model is {configured};"
                    " rebuild with `caseqa index`"
                )
        self.index = index
        self.embedder = embedder
        self.sentence_embedder = sentence_embedder
        self.settings = settings or SearchSettings()
        self.analyzer = Analyzer()
        lexicon = load_lexicon(self.settings.lexicon_file)
        self.lexical = BM25Retriever(index.bm25, self.analyzer, lexicon.place_adjectives)
        self.dense = DenseRetriever(index.chunk_vectors, index.sentence_vectors, index.chunks, index.sentences)
        self.references = SourceReferences((entry.source for entry in index.documents.values()), lexicon.source_kinds)
        self._chunk_docs = np.array([chunk.doc_id for chunk in index.chunks], dtype=object)

    @property
    def places(self) -> dict[str, str]:
        """Place adjectives to their places ("spanish" to "spain") in index terms."""
        return self.lexical.places

    def encode(self, text: str) -> Query:
        """The query with its vectors from each model (one embedding when one model does both)."""
        vector = self.embedder.embed_query(text)
        same = self.sentence_embedder is self.embedder
        return Query(text, vector, vector if same else self.sentence_embedder.embed_query(text))

    def retrievers(self, mode: str) -> list[Retriever]:
        """The sides a mode ranks with, lexical first."""
        if mode not in MODES:
            raise QueryError(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        sides: dict[str, list[Retriever]] = {"bm25": [self.lexical], "dense": [self.dense], "hybrid": [self.lexical, self.dense]}
        return sides[mode]

    def search(
        self,
        query: str,
        k: int = 10,
        mode: str = "hybrid",
        doc_ids: Sequence[str] | None = None,
        section: str | None = None,
        encoded: Query | None = None,
    ) -> list[Hit]:
        """The ``k`` best chunks for ``query``; ``section`` keeps chunks whose section path mentions it.

        ``encoded`` is the query already embedded (the answerer needs the vectors too).
        """
        text = validate_query(query)
        retrievers = self.retrievers(mode)
        if k < 1:
            raise QueryError("k must be at least 1")
        allowed = self._allowed(doc_ids, section)
        candidates = max(k * self.settings.candidate_factor, self.settings.min_candidates)
        if encoded is not None:
            request = encoded
        elif any(r.needs_vector for r in retrievers):
            request = self.encode(text)
        else:
            request = Query(text)
        rankings = [retriever.rank(request, candidates, allowed) for retriever in retrievers]
        fused = self._fuse(rankings)
        if not doc_ids:
            named = self.references.referenced(text)
            favoured = (p for p, _ in fused if self.index.chunks[p].doc_id in named)
            fused = boost(fused, favoured, self.settings.source_boost)
        side_ranks = {
            retriever: {doc: rank for rank, (doc, _) in enumerate(ranking, start=1)}
            for retriever, ranking in zip(retrievers, rankings)
        }
        lexical_rank = side_ranks.get(self.lexical, {})
        dense_rank = side_ranks.get(self.dense, {})
        return [
            Hit(
                rank=rank,
                chunk=self.index.chunks[position],
                title=self.index.documents[self.index.chunks[position].doc_id].source.title,
                score=score,
                bm25_rank=lexical_rank.get(position),
                dense_rank=dense_rank.get(position),
            )
            for rank, (position, score) in enumerate(fused[:k], start=1)
        ]

    def _fuse(self, rankings: list[Ranking]) -> Ranking:
        """One side's ranking as it is; two fused, with the dense side's best passage kept near the top
        (RRF buries a paraphrase that only the dense side finds)."""
        if len(rankings) == 1:
            return rankings[0]
        lexical, dense = rankings
        weights = self.settings.weights
        if self.settings.fusion == "weighted":
            fused = weighted_fusion([lexical, dense], weights)
        else:
            ids = [[doc for doc, _ in lexical], [doc for doc, _ in dense]]
            fused = reciprocal_rank_fusion(ids, k=self.settings.rrf_k, weights=weights)
        if dense and weights[1] > 0:
            fused = promote(fused, dense[0][0], self.settings.dense_leader_rank)
        return fused

    def _allowed(self, doc_ids: Sequence[str] | None, section: str | None) -> np.ndarray | None:
        if not doc_ids and not section:
            return None
        mask = np.ones(len(self.index.chunks), dtype=bool)
        if doc_ids:
            unknown = sorted(set(doc_ids) - self.index.documents.keys())
            if unknown:
                known = ", ".join(sorted(self.index.documents))
                raise UnknownDocumentError(f"unknown doc_id {', '.join(unknown)}; known: {known}")
            mask &= np.isin(self._chunk_docs, list(doc_ids))
        if section:
            needle = section.casefold()
            mask &= np.array([needle in " > ".join(c.section).casefold() for c in self.index.chunks])
        return mask
