"""Neighbourhood similarity: a sentence near many others scores high, an outlier low, and no row counts itself."""

from __future__ import annotations

import numpy as np

from caseqa.index.hubness import neighbourhood_similarity


def _unit(rows: np.ndarray) -> np.ndarray:
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32)


def test_a_sentence_in_a_crowd_scores_above_an_outlier():
    rng = np.random.default_rng(0)
    crowd = _unit(np.array([1.0, 0.0, 0.0, 0.0]) + 0.05 * rng.standard_normal((6, 4)))
    outlier = _unit(np.array([[0.0, 0.0, 0.0, 1.0]]))
    values = neighbourhood_similarity(np.vstack([crowd, outlier]), neighbours=3)
    assert values.shape == (7,) and values.dtype == np.float32
    assert values[:6].min() > 0.9 > 0.3 > values[6]


def test_each_row_leaves_itself_out_and_matches_the_brute_force_mean():
    rng = np.random.default_rng(1)
    vectors = _unit(rng.standard_normal((50, 8)))
    similarities = vectors @ vectors.T
    np.fill_diagonal(similarities, -np.inf)
    expected = -np.sort(-similarities, axis=1)[:, :5].mean(axis=1)
    np.testing.assert_allclose(neighbourhood_similarity(vectors, 5), expected, atol=1e-5)


def test_neighbours_are_capped_by_the_corpus_and_one_sentence_has_none():
    vectors = _unit(np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]))
    np.testing.assert_allclose(neighbourhood_similarity(vectors, 30), [(0 + 0.7071) / 2, (0 + 0.7071) / 2, 0.7071], atol=1e-4)
    assert neighbourhood_similarity(vectors[:1], 30).tolist() == [0.0]
