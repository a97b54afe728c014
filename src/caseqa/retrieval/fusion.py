"""Fusing the two rankings: reciprocal rank fusion on ranks, weighted sums on normalised scores."""

from __future__ import annotations

from collections.abc import Iterable, Sequence


def reciprocal_rank_fusion(
    rankings: Sequence[Sequence[int]], k: int = 60, weights: Sequence[float] | None = None
) -> list[tuple[int, float]]:
    """Sum ``w / (k + rank)`` over the rankings (best first, rank from 1): ranks only, scales never mix.

    A side with weight 0 is ignored entirely. Ties go to the better best rank, then the lower doc.
    """
    if k < 0:
        raise ValueError(f"RRF k must be >= 0, got {k}")
    weights = _check_weights(len(rankings), weights)
    totals: dict[int, float] = {}
    best: dict[int, int] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        if weight == 0:
            continue
        for rank, doc in enumerate(dict.fromkeys(ranking), start=1):  # a repeat keeps its first rank
            totals[doc] = totals.get(doc, 0.0) + weight / (k + rank)
            best[doc] = min(best.get(doc, rank), rank)
    return _ordered(totals, best)


def weighted_fusion(
    scored: Sequence[Sequence[tuple[int, float]]], weights: Sequence[float]
) -> list[tuple[int, float]]:
    """Weighted sum of each side's scores min-max normalised over its own candidates (absent = 0).

    Normalising first is what makes BM25 and cosine scores addable. A side
    whose scores are all equal maps them to 1.0; weight 0 ignores a side.
    Ties go to the better best rank (position in a side), then the lower doc.
    """
    weights = _check_weights(len(scored), weights)
    totals: dict[int, float] = {}
    best: dict[int, int] = {}
    for side, weight in zip(scored, weights, strict=True):
        if weight == 0:
            continue
        firsts: dict[int, float] = {}
        for doc, value in side:
            firsts.setdefault(doc, value)  # a doc listed twice keeps its first (best) place
        low, high = min(firsts.values(), default=0.0), max(firsts.values(), default=0.0)
        for rank, (doc, value) in enumerate(firsts.items(), start=1):
            normalised = (value - low) / (high - low) if high > low else 1.0
            totals[doc] = totals.get(doc, 0.0) + weight * normalised
            best[doc] = min(best.get(doc, rank), rank)
    return _ordered(totals, best)


def boost(fused: Sequence[tuple[int, float]], favoured: Iterable[int], share: float) -> list[tuple[int, float]]:
    """Raise the ``favoured`` docs of a fused ranking by ``share`` of its top score, keeping order among equals.

    Relative to the top score, so it means the same under either fusion; a
    share of 1 puts a favoured doc the fused list ranked anywhere near the top
    ahead of all the others.
    """
    favoured = set(favoured)
    if not fused or not favoured or share <= 0:
        return list(fused)
    lift = share * max(score for _, score in fused)
    raised = [(doc, score + lift if doc in favoured else score) for doc, score in fused]
    order = sorted(range(len(raised)), key=lambda i: (-raised[i][1], i))
    return [raised[i] for i in order]


def promote(fused: Sequence[tuple[int, float]], doc: int, rank: int) -> list[tuple[int, float]]:
    """Move ``doc`` up to ``rank`` (from 1) when fusion put it lower, at the score of the one it passes.

    RRF ranks a passage that only one side finds below any that both sides rank
    middling: the passage whose sentence is closest to a paraphrased question
    can fall out of the top ten that way.
    """
    order = [d for d, _ in fused]
    if rank < 1 or doc not in order or order.index(doc) < rank:
        return list(fused)
    moved = [item for item in fused if item[0] != doc]
    moved.insert(rank - 1, (doc, moved[rank - 1][1]))
    return moved


def _check_weights(sides: int, weights: Sequence[float] | None) -> list[float]:
    if weights is None:
        return [1.0] * sides
    if len(weights) != sides or any(w < 0 for w in weights):
        raise ValueError(f"need {sides} non-negative weights, got {list(weights)}")
    return [float(w) for w in weights]


def _ordered(totals: dict[int, float], best: dict[int, int]) -> list[tuple[int, float]]:
    return sorted(totals.items(), key=lambda item: (-item[1], best[item[0]], item[0]))
