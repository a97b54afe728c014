"""Rank fusion: hand-computed RRF, min-max weighted sums, deterministic ties, zero weights."""

import pytest

from caseqa.retrieval.fusion import boost, promote, reciprocal_rank_fusion, weighted_fusion

BM25 = [(4, 9.0), (2, 7.5), (7, 7.5), (1, 3.0)]
DENSE = [(2, 0.81), (9, 0.80), (4, 0.42)]


def docs(fused: list[tuple[int, float]]) -> list[int]:
    return [doc for doc, _ in fused]


def test_rrf_scores_by_hand() -> None:
    fused = reciprocal_rank_fusion([[4, 2, 7], [2, 9]], k=60)
    expected = {2: 1 / 62 + 1 / 61, 4: 1 / 61, 9: 1 / 62, 7: 1 / 63}
    assert docs(fused) == [2, 4, 9, 7]
    assert dict(fused) == pytest.approx(expected)


def test_rrf_weights_scale_each_side() -> None:
    fused = dict(reciprocal_rank_fusion([[1, 2], [2, 1]], k=0, weights=[2.0, 1.0]))
    assert fused == pytest.approx({1: 2 / 1 + 1 / 2, 2: 2 / 2 + 1 / 1})


def test_rrf_ties_break_by_best_rank_then_doc() -> None:
    # 5 and 3 score the same (ranks 1+2 each); 8 and 6 the same (rank 3, one side each).
    fused = reciprocal_rank_fusion([[5, 3, 8], [3, 5, 6]])
    assert fused[0][1] == fused[1][1] and fused[2][1] == fused[3][1]
    assert docs(fused) == [3, 5, 6, 8]
    assert reciprocal_rank_fusion([[3, 5, 6], [5, 3, 8]]) == fused


def test_rrf_tie_prefers_the_better_single_rank_over_the_lower_doc() -> None:
    # k=0, weights 1 and 2: doc 1 (rank 1) ties doc 3 (2/2) at 1.0; doc 50 (1/2) ties doc 5 (2/4).
    fused = reciprocal_rank_fusion([[1, 50], [2, 3, 4, 5]], k=0, weights=[1, 2])
    assert dict(fused)[50] == dict(fused)[5] and dict(fused)[1] == dict(fused)[3]
    assert docs(fused) == [2, 1, 3, 4, 50, 5]


def test_rrf_empty_sides() -> None:
    assert reciprocal_rank_fusion([[], []]) == []
    assert reciprocal_rank_fusion([]) == []
    assert docs(reciprocal_rank_fusion([[3, 1], []])) == [3, 1]


def test_rrf_repeated_doc_keeps_first_rank() -> None:
    assert dict(reciprocal_rank_fusion([[7, 7, 8]], k=0)) == pytest.approx({7: 1.0, 8: 1 / 2})


def test_rrf_zero_weight_removes_a_side() -> None:
    fused = reciprocal_rank_fusion([docs(BM25), docs(DENSE)], weights=[1, 0])
    assert docs(fused) == docs(BM25)
    assert 9 not in docs(fused)


def test_rrf_rejects_bad_weights() -> None:
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1], [2]], weights=[1.0])
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([[1], [2]], weights=[1.0, -1.0])


def test_weighted_fusion_normalises_each_side() -> None:
    fused = dict(weighted_fusion([BM25, DENSE], weights=[0.5, 0.5]))
    bm25 = {4: 1.0, 2: 0.75, 7: 0.75, 1: 0.0}
    dense = {2: 1.0, 9: (0.80 - 0.42) / (0.81 - 0.42), 4: 0.0}
    expected = {doc: 0.5 * bm25.get(doc, 0.0) + 0.5 * dense.get(doc, 0.0) for doc in bm25 | dense}
    assert fused == pytest.approx(expected)


def test_weighted_fusion_order_and_ties() -> None:
    fused = weighted_fusion([BM25, DENSE], weights=[0.5, 0.5])
    # 2 = 0.875; 4 = 0.5; 9 ~ 0.487; 7 = 0.375; 1 = 0
    assert docs(fused) == [2, 4, 9, 7, 1]


def test_weighted_fusion_equal_scores_map_to_one() -> None:
    fused = weighted_fusion([[(5, 3.0), (2, 3.0)], [(7, 0.2)]], weights=[1, 1])
    # all tie at 1.0: 5 and 7 are each first on their side (5 < 7), 2 is only second.
    assert fused == [(5, 1.0), (7, 1.0), (2, 1.0)]


def test_weighted_fusion_empty_side() -> None:
    assert weighted_fusion([[], []], weights=[1, 1]) == []
    assert docs(weighted_fusion([BM25, []], weights=[1, 1])) == docs(BM25)


@pytest.mark.parametrize("weights", [[1, 0], [0.3, 0]])
def test_weight_zero_on_dense_gives_exactly_the_bm25_order(weights: list[float]) -> None:
    # BM25 itself holds a tie (2 and 7 at 7.5): the fused order must keep BM25's.
    assert docs(weighted_fusion([BM25, DENSE], weights=weights)) == docs(BM25)
    assert docs(reciprocal_rank_fusion([docs(BM25), docs(DENSE)], weights=weights)) == docs(BM25)


def test_weight_zero_on_bm25_gives_the_dense_order() -> None:
    assert docs(weighted_fusion([BM25, DENSE], weights=[0, 1])) == docs(DENSE)


def test_boost_lifts_favoured_docs_by_a_share_of_the_top_score() -> None:
    fused = [(1, 1.0), (2, 0.8), (3, 0.7), (4, 0.5)]
    lifted = boost(fused, {3, 4}, 0.4)
    assert docs(lifted) == [3, 1, 4, 2]
    assert [score for _, score in lifted] == pytest.approx([1.1, 1.0, 0.9, 0.8])


def test_boost_keeps_the_order_among_equals_and_changes_nothing_without_favourites() -> None:
    fused = [(5, 0.5), (6, 0.5), (7, 0.1)]
    assert docs(boost(fused, {5, 6}, 1.0)) == [5, 6, 7]
    assert boost(fused, set(), 1.0) == fused
    assert boost(fused, {7}, 0.0) == fused
    assert boost([], {1}, 1.0) == []


def test_promote_moves_a_doc_up_to_a_rank_at_the_score_it_passes() -> None:
    fused = [(1, 0.9), (2, 0.8), (3, 0.7), (4, 0.6), (5, 0.5)]
    promoted = promote(fused, 5, 2)
    assert docs(promoted) == [1, 5, 2, 3, 4]
    assert [score for _, score in promoted] == [0.9, 0.8, 0.8, 0.7, 0.6]


def test_promote_leaves_a_doc_already_high_enough_and_can_be_turned_off() -> None:
    fused = [(1, 0.9), (2, 0.8), (3, 0.7)]
    assert promote(fused, 2, 2) == fused
    assert promote(fused, 3, 0) == fused
    assert promote(fused, 9, 1) == fused
    assert promote([], 1, 1) == []
