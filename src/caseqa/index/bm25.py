"""BM25 over analysed chunks: rank-bm25's Okapi scores, precomputed sparse, stored as plain files."""

from __future__ import annotations

import hashlib
import io
import json
import math
from dataclasses import dataclass
from importlib.metadata import version
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from caseqa.errors import IndexCorruptError

FORMAT_VERSION = 1
VOCAB_FILE = "bm25_vocab.json"
PARAMS_FILE = "bm25_params.json"
#: The matrix in compressed-sparse-column form: one postings list per term.
ARRAY_FILES = {"data": "bm25_data.npy", "indices": "bm25_indices.npy", "indptr": "bm25_indptr.npy"}


@dataclass(frozen=True, eq=False)
class BM25Index:
    """Each (document, term) pair's BM25 contribution, so a query's scores are a sum of a few columns.

    ``matrix`` is (n_docs, vocab) in CSC form: a column is a term's postings,
    which is all a query touches.
    """

    matrix: sparse.csc_matrix
    vocab: dict[str, int]
    k1: float
    b: float
    epsilon: float
    avgdl: float

    @classmethod
    def build(
        cls, corpus_tokens: list[list[str]], k1: float = 1.2, b: float = 0.75, epsilon: float = 0.25
    ) -> BM25Index:
        """Take rank-bm25's statistics (floored idf, lengths) and precompute every term weight."""
        from rank_bm25 import BM25Okapi

        if not any(corpus_tokens):
            raise ValueError("BM25 needs at least one document with at least one term")
        okapi = BM25Okapi(corpus_tokens, k1=k1, b=b, epsilon=epsilon)
        terms = sorted(okapi.idf)
        vocab = {term: column for column, term in enumerate(terms)}
        idf = np.array([okapi.idf[term] for term in terms])
        pairs = [len(frequencies) for frequencies in okapi.doc_freqs]
        rows = np.repeat(np.arange(len(pairs)), pairs)
        terms_in_docs = chain.from_iterable(okapi.doc_freqs)
        columns = np.fromiter(map(vocab.__getitem__, terms_in_docs), np.int64, sum(pairs))
        tf = np.fromiter(chain.from_iterable(map(dict.values, okapi.doc_freqs)), np.float64, sum(pairs))
        doc_len = np.asarray(okapi.doc_len, dtype=np.float64)[rows]
        weights = idf[columns] * tf * (k1 + 1) / (tf + k1 * (1 - b + b * doc_len / okapi.avgdl))
        matrix = sparse.csc_matrix((weights, (rows, columns)), shape=(len(pairs), len(vocab)))
        matrix.sort_indices()
        return cls(matrix, vocab, k1, b, epsilon, float(okapi.avgdl))

    @property
    def n_docs(self) -> int:
        return self.matrix.shape[0]

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        """Every doc's score as ``BM25Okapi.get_scores``: repeated terms count again, unknown ones 0."""
        scores = np.zeros(self.n_docs)
        m = self.matrix
        for term in query_tokens:
            column = self.vocab.get(term)
            if column is not None:
                start, end = m.indptr[column], m.indptr[column + 1]
                scores[m.indices[start:end]] += m.data[start:end]
        return scores

    def search(
        self, query_tokens: list[str], k: int, allowed: np.ndarray | None = None
    ) -> list[tuple[int, float]]:
        """Top ``k`` (doc, score) with score > 0 among ``allowed``, best first, ties to the lower doc."""
        scores = self.scores(query_tokens)
        keep = scores > 0
        if allowed is not None:
            if allowed.shape != (self.n_docs,) or allowed.dtype != np.bool_:
                raise ValueError(f"allowed must be a boolean mask of {self.n_docs} documents")
            keep &= allowed
        candidates = np.flatnonzero(keep)
        if k <= 0 or candidates.size == 0:
            return []
        if candidates.size > k:  # keep everything tied with the k-th score, then order exactly
            kth = np.partition(scores[candidates], -k)[-k]
            candidates = candidates[scores[candidates] >= kth]
        order = np.lexsort((candidates, -scores[candidates]))[:k]
        return [(int(doc), float(scores[doc])) for doc in candidates[order]]

    def save(self, directory: Path) -> None:
        """Write plain files (JSON and ``.npy`` without pickle); params record each array's sha256."""
        directory.mkdir(parents=True, exist_ok=True)
        hashes = {}
        for name, file in ARRAY_FILES.items():
            buffer = io.BytesIO()
            np.save(buffer, getattr(self.matrix, name), allow_pickle=False)
            (directory / file).write_bytes(buffer.getvalue())
            hashes[file] = hashlib.sha256(buffer.getvalue()).hexdigest()
        vocab_bytes = json.dumps(self.vocab, ensure_ascii=False).encode()
        (directory / VOCAB_FILE).write_bytes(vocab_bytes)
        hashes[VOCAB_FILE] = hashlib.sha256(vocab_bytes).hexdigest()
        params = {
            "format_version": FORMAT_VERSION,
            "k1": self.k1,
            "b": self.b,
            "epsilon": self.epsilon,
            "avgdl": self.avgdl,
            "n_docs": self.n_docs,
            "vocab_size": len(self.vocab),
            "nnz": int(self.matrix.nnz),
            "rank_bm25": version("rank-bm25"),
            "sha256": hashes,
        }
        (directory / PARAMS_FILE).write_text(json.dumps(params, indent=2) + "\n")

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        """Read what ``save`` wrote; a missing, altered or inconsistent file is IndexCorruptError."""
        params = _read_params(directory / PARAMS_FILE)
        vocab_path = directory / VOCAB_FILE
        vocab = json.loads(_read_checked(vocab_path, params))
        if not (
            isinstance(vocab, dict)
            and len(vocab) == params["vocab_size"]
            and all(isinstance(column, int) for column in vocab.values())
            and sorted(vocab.values()) == list(range(len(vocab)))
        ):
            raise IndexCorruptError(f"{vocab_path}: vocabulary does not match {PARAMS_FILE}")
        arrays = {}
        for name, file in ARRAY_FILES.items():
            try:
                content = io.BytesIO(_read_checked(directory / file, params))
                arrays[name] = np.load(content, allow_pickle=False)
            except ValueError as exc:
                raise IndexCorruptError(f"{directory / file}: not a readable array ({exc})") from exc
        data, indices, indptr = arrays["data"], arrays["indices"], arrays["indptr"]
        n_docs, nnz = params["n_docs"], params["nnz"]
        consistent = (
            data.shape == (nnz,)
            and indices.shape == (nnz,)
            and indptr.shape == (len(vocab) + 1,)
            and data.dtype.kind == "f"
            and indices.dtype.kind == indptr.dtype.kind == "i"
            and indptr[0] == 0
            and indptr[-1] == nnz
            and bool(np.all(np.diff(indptr) >= 0))
            and (nnz == 0 or (indices.min() >= 0 and indices.max() < n_docs))
        )
        if not consistent:
            raise IndexCorruptError(f"{directory / PARAMS_FILE}: counts disagree with the BM25 arrays")
        matrix = sparse.csc_matrix((data, indices, indptr), shape=(n_docs, len(vocab)))
        return cls(matrix, vocab, params["k1"], params["b"], params["epsilon"], params["avgdl"])


def _read_params(path: Path) -> dict[str, Any]:
    try:
        params = json.loads(path.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"{path}: unreadable ({exc})") from exc
    counts = ("n_docs", "vocab_size", "nnz")
    numbers = ("k1", "b", "epsilon", "avgdl", *counts)
    if not (
        isinstance(params, dict)
        and params.get("format_version") == FORMAT_VERSION
        and all(isinstance(params.get(n), int | float) and math.isfinite(params[n]) for n in numbers)
        and all(isinstance(params[key], int) and params[key] >= 0 for key in counts)
        and isinstance(params.get("sha256"), dict)
    ):
        raise IndexCorruptError(f"{path}: not BM25 parameters of format {FORMAT_VERSION}")
    return params


def _read_checked(path: Path, params: dict[str, Any]) -> bytes:
    """The file's bytes, refused unless they hash to what ``save`` recorded."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise IndexCorruptError(f"{path}: unreadable ({exc})") from exc
    if hashlib.sha256(content).hexdigest() != params["sha256"].get(path.name):
        raise IndexCorruptError(f"{path}: content does not match the checksum in {PARAMS_FILE}")
    return content
