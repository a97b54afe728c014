"""How crowded each sentence's neighbourhood is: a general sentence sits close to many others.

A sentence that only names a topic ("drivers will be analysed from the internal and external aspects")
is close to every sentence on that topic, so it is close to every question on it too, and wins on
similarity without answering. The mean similarity to a sentence's nearest neighbours measures that pull
(the "hubness" that cross-domain similarity local scaling, CSLS, subtracts); the sentence score weighs
it against similarity to the question.
"""

from __future__ import annotations

import faiss
import numpy as np

#: Bound on the rows compared at once, so memory stays small on large corpora.
_BATCH = 4096


def neighbourhood_similarity(vectors: np.ndarray, neighbours: int) -> np.ndarray:
    """For each unit row of ``vectors``, its mean cosine similarity to its ``neighbours`` nearest other rows."""
    count = len(vectors)
    if count < 2:
        return np.zeros(count, dtype=np.float32)
    k = min(neighbours, count - 1)
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    result = np.empty(count, dtype=np.float32)
    for start in range(0, count, _BATCH):
        similarities, ids = index.search(vectors[start : start + _BATCH], k + 1)
        rows = np.arange(start, min(start + _BATCH, count))[:, None]
        others = np.where(ids == rows, -np.inf, similarities)  # each sentence's match with itself goes last
        result[start : start + _BATCH] = -np.sort(-others, axis=1)[:, :k].mean(axis=1)
    return result
