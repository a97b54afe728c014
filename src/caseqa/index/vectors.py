"""Vector search over chunk embeddings: an exact inner-product faiss index, saved with faiss's own writer."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np

from caseqa.errors import IndexCorruptError


class DenseIndex:
    """Cosine similarity search (vectors are unit length, so inner product is cosine)."""

    def __init__(self, index: faiss.Index) -> None:
        self._index = index

    @classmethod
    def build(cls, vectors: np.ndarray) -> DenseIndex:
        index = faiss.IndexFlatIP(vectors.shape[1])
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
        return cls(index)

    def __len__(self) -> int:
        return self._index.ntotal

    @property
    def dimension(self) -> int:
        return self._index.d

    def vectors(self) -> np.ndarray:
        """All stored vectors, in insertion order (reused by incremental rebuilds)."""
        return self._index.reconstruct_n(0, self._index.ntotal) if len(self) else np.zeros((0, self.dimension), "f4")

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top ``k`` (position, similarity), best first; ``allowed`` is an optional boolean mask of positions."""
        if len(self) == 0 or k <= 0:
            return []
        params = None
        if allowed is not None:
            ids = np.flatnonzero(allowed).astype(np.int64)
            if ids.size == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(ids))  # type: ignore[call-arg]
        k = min(k, len(self))
        scores, ids = self._index.search(np.asarray(query, dtype=np.float32).reshape(1, -1), k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def similarities(self, query: np.ndarray, ids: np.ndarray) -> np.ndarray:
        """Similarity of the query to each of ``ids``, in that order.

        ``einsum`` rather than a BLAS product: a BLAS call leaves OpenBLAS
        threads spinning, which doubles the next question's embedding time on a
        two-core machine; and reading only these rows avoids a full scan.
        """
        ids = np.asarray(ids, dtype=np.int64)
        if ids.size == 0:
            return np.zeros(0, dtype=np.float32)
        rows = self._index.reconstruct_batch(ids)
        return np.einsum("ij,j->i", rows, np.asarray(query, dtype=np.float32))

    def save(self, path: Path) -> None:
        faiss.write_index(self._index, str(path))

    @classmethod
    def load(cls, path: Path, expected_count: int, expected_dimension: int) -> DenseIndex:
        try:
            index = faiss.read_index(str(path))
        except RuntimeError as exc:
            raise IndexCorruptError(f"{path}: not a readable faiss index; rebuild with `caseqa index`") from exc
        if index.ntotal != expected_count or index.d != expected_dimension:
            raise IndexCorruptError(
                f"{path}: holds {index.ntotal} vectors of dimension {index.d}, the manifest says"
                f" {expected_count} of {expected_dimension}; rebuild with `caseqa index`"
            )
        return cls(index)
