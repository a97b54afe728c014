"""The vector side of retrieval: chunks scored by their own similarity and their best sentence's."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from caseqa.index.vectors import DenseIndex
from caseqa.records import Chunk, Sentence
from caseqa.retrieval.base import Query, Ranking


class DenseRetriever:
    """Ranks chunks by the mean of their own cosine and their best sentence's (each side by its own model).

    A short question often matches one sentence of a chunk far better than the
    chunk as a whole, so the best sentence's similarity counts half. Candidates
    come from faiss (chunks) and from the best sentences; both are then scored exactly.
    """

    needs_vector = True
    #: Sentence candidates fetched per chunk candidate.
    SENTENCE_FACTOR = 3

    def __init__(
        self,
        chunk_vectors: DenseIndex,
        sentence_vectors: np.ndarray,
        chunks: Sequence[Chunk],
        sentences: Sequence[Sentence],
    ) -> None:
        self.chunk_vectors = chunk_vectors
        self.sentence_index = DenseIndex.build(sentence_vectors)
        position = {sentence.sentence_id: i for i, sentence in enumerate(sentences)}
        self._chunk_sentences = [np.array([position[s] for s in c.sentence_ids]) for c in chunks]
        self._sentence_chunks: list[list[int]] = [[] for _ in sentences]
        for chunk_position, members in enumerate(self._chunk_sentences):
            for sentence_position in members:
                self._sentence_chunks[sentence_position].append(chunk_position)

    def rank(self, query: Query, k: int, allowed: np.ndarray | None = None) -> Ranking:
        if query.vector is None or query.sentence_vector is None:
            raise ValueError("dense retrieval needs the query's vectors")
        vector, sentence_vector = query.vector, query.sentence_vector
        pool = {position for position, _ in self.chunk_vectors.search(vector, k, allowed)}
        for sentence, _ in self.sentence_index.search(sentence_vector, k * self.SENTENCE_FACTOR):
            pool.update(self._sentence_chunks[sentence])
        positions = np.array(sorted(p for p in pool if allowed is None or allowed[p]), dtype=np.int64)
        if positions.size == 0:
            return []
        members = [self._chunk_sentences[p] for p in positions]
        sentence_scores = self.sentence_index.similarities(sentence_vector, np.concatenate(members))
        starts = np.cumsum([0] + [len(m) for m in members[:-1]])
        best_sentence = np.maximum.reduceat(sentence_scores, starts)
        chunk_scores = self.chunk_vectors.similarities(vector, positions)
        combined = 0.5 * chunk_scores + 0.5 * best_sentence
        order = np.lexsort((positions, -combined))[:k]
        return [(int(positions[i]), float(combined[i])) for i in order]
