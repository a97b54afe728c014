"""Evaluation metrics as pure functions: retrieval, answers, latency and their aggregation."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from caseqa.evaluation.matching import spans_match, supports, word_tokens
from caseqa.records import Answer

RECALL_KS = (1, 3, 5, 10)
#: Rank cut-off of MRR, nDCG and evidence recall (and how many hits the runner asks for).
CUTOFF = 10

#: Per-question row keys averaged into a summary (None values skipped), and their summary names.
_MEANS = (
    *((f"recall@{k}", f"recall@{k}") for k in RECALL_KS),
    ("rr@10", "mrr@10"),
    ("ndcg@10", "ndcg@10"),
    ("evidence_recall@10", "evidence_recall@10"),
    ("supported", "supported"),
    ("f1", "f1"),
    ("recall", "recall"),
    ("abstain_correct", "abstention_accuracy"),
    ("false_abstain", "false_abstention_rate"),
)


def support_matrix(passages: Sequence[str], quotes: Sequence[str]) -> list[list[bool]]:
    """``m[i][j]``: whether ranked passage ``i`` supports gold quote ``j``."""
    return [[supports(p, q) for q in quotes] for p in passages]


def first_relevant_rank(relevant: Sequence[bool]) -> int | None:
    """1-based rank of the first relevant passage, or None when none is."""
    return next((i for i, r in enumerate(relevant, start=1) if r), None)


def recall_at_k(relevant: Sequence[bool], k: int) -> float:
    """1.0 when any relevant passage is in the top ``k``: the question is found or not."""
    return float(any(relevant[:k]))


def reciprocal_rank(relevant: Sequence[bool], k: int = CUTOFF) -> float:
    """1/rank of the first relevant passage within the top ``k``, else 0."""
    rank = first_relevant_rank(relevant[:k])
    return 0.0 if rank is None else 1.0 / rank


def ndcg_at_k(relevant: Sequence[bool], n_gold: int, k: int = CUTOFF) -> float:
    """nDCG with binary gains; the ideal ranking puts ``min(n_gold, k)`` relevant passages first.

    The ideal is sized by the gold quotes because we cannot know how many
    corpus chunks carry them. Overlapping chunks can each carry the same quote
    and push DCG past that ideal, so the score is capped at 1.
    """
    ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(n_gold, k) + 1))
    if ideal == 0:
        return 0.0
    dcg = sum(1.0 / math.log2(i + 1) for i, r in enumerate(relevant[:k], start=1) if r)
    return min(1.0, dcg / ideal)


def evidence_recall(matrix: Sequence[Sequence[bool]], k: int = CUTOFF) -> float:
    """Share of gold quotes supported by at least one of the top ``k`` passages."""
    top = matrix[:k]
    n_quotes = len(matrix[0]) if matrix else 0
    if not top or n_quotes == 0:
        return 0.0
    return sum(any(row[j] for row in top) for j in range(n_quotes)) / n_quotes


def retrieval_scores(passages: Sequence[str], quotes: Sequence[str]) -> dict[str, Any]:
    """Every retrieval metric of one question, from its ranked passage texts and gold quotes."""
    matrix = support_matrix(passages[:CUTOFF], quotes)
    relevant = [any(row) for row in matrix]
    scores: dict[str, Any] = {"rank": first_relevant_rank(relevant)}
    scores |= {f"recall@{k}": recall_at_k(relevant, k) for k in RECALL_KS}
    scores["rr@10"] = reciprocal_rank(relevant)
    scores["ndcg@10"] = ndcg_at_k(relevant, len(quotes))
    scores["evidence_recall@10"] = evidence_recall(matrix) if quotes else 0.0
    return scores


def answer_supported(sentences: Sequence[str], quotes: Sequence[str]) -> bool:
    """Whether at least one answer sentence carries a gold quote."""
    return any(supports(s, q) for s in sentences for q in quotes)


def _overlap(prediction: str, gold: str) -> tuple[int, int, int]:
    """Shared token count (with multiplicity), prediction length and gold length."""
    pred, ref = word_tokens(prediction), word_tokens(gold)
    return sum((Counter(pred) & Counter(ref)).values()), len(pred), len(ref)


def token_f1(prediction: str, gold: str) -> float:
    """SQuAD-style token F1 on word tokens (no stop-word or article removal)."""
    same, n_pred, n_gold = _overlap(prediction, gold)
    if n_pred == 0 or n_gold == 0:
        return float(n_pred == n_gold)
    if same == 0:
        return 0.0
    precision, recall = same / n_pred, same / n_gold
    return 2 * precision * recall / (precision + recall)


def token_recall(prediction: str, gold: str) -> float:
    """Share of gold-answer tokens in the prediction: whole sentences are long, so F1 undersells them."""
    same, n_pred, n_gold = _overlap(prediction, gold)
    return same / n_gold if n_gold else float(n_pred == 0)


def answer_scores(
    answer: Answer,
    quotes: Sequence[str],
    gold_answer: str,
    answerable: bool,
    source_texts: Mapping[str, str],
) -> dict[str, Any]:
    """Every answer metric of one question; keys that do not apply to it are None.

    Citations are checked against ``source_texts`` (doc_id to stored file text);
    an unknown document counts as an inexact citation.
    """
    answered = answer.answerable
    sentences = answer.sentences if answered else ()
    exact = sum(
        s.citation.doc_id in source_texts
        and spans_match(source_texts[s.citation.doc_id], s.citation.span, s.text)
        for s in sentences
    )
    return {
        "abstained": not answered,
        "confidence": answer.confidence,
        "supported": (answered and answer_supported([s.text for s in sentences], quotes))
        if answerable
        else None,
        "f1": token_f1(answer.text, gold_answer) if answerable else None,
        "recall": token_recall(answer.text, gold_answer) if answerable else None,
        "abstain_correct": None if answerable else not answered,
        "false_abstain": not answered if answerable else None,
        "cited_sentences": len(sentences),
        "exact_citations": exact,
    }


def auroc(scores: Sequence[float], labels: Sequence[bool]) -> float | None:
    """The chance that a random positive scores above a random negative (ties count half); None without both."""
    positives = [s for s, label in zip(scores, labels) if label]
    negatives = [s for s, label in zip(scores, labels) if not label]
    if not positives or not negatives:
        return None
    wins = sum((p > n) + 0.5 * (p == n) for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def percentile(values: Iterable[float], q: float) -> float | None:
    """The ``q``-th percentile (linear interpolation), or None for no values."""
    data = list(values)
    return float(np.percentile(data, q)) if data else None


def summarise(rows: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Aggregate per-question rows: means of the applicable metrics, latency percentiles.

    Citation exactness is pooled over sentences, not averaged over questions,
    so a long answer weighs as much as its sentences.
    """
    summary: dict[str, Any] = {"n": len(rows)}
    for row_key, key in _MEANS:
        values = [float(r[row_key]) for r in rows if r.get(row_key) is not None]
        if values:
            summary[key] = sum(values) / len(values)
    # Does a higher confidence mean a more often supported answer? (answerable questions only)
    graded = [r for r in rows if r.get("supported") is not None and r.get("confidence") is not None]
    separation = auroc([r["confidence"] for r in graded], [bool(r["supported"]) for r in graded])
    if separation is not None:
        summary["confidence_auroc"] = separation
    cited = sum(r.get("cited_sentences", 0) for r in rows)
    if cited:
        summary["citation_exactness"] = sum(r["exact_citations"] for r in rows) / cited
    latencies = [r["latency_ms"] for r in rows if r.get("latency_ms") is not None]
    summary["latency_p50_ms"] = percentile(latencies, 50)
    summary["latency_p95_ms"] = percentile(latencies, 95)
    return summary


def summarise_by_facet(rows: Sequence[Mapping[str, Any]]) -> dict[str, dict[str, Any]]:
    """One summary per facet, facets in sorted order."""
    groups: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["facet"]].append(row)
    return {facet: summarise(groups[facet]) for facet in sorted(groups)}
