"""Tests of the metric functions on cases small enough to compute by hand."""

import math

import pytest

from caseqa.evaluation.metrics import (
    answer_scores,
    auroc,
    answer_supported,
    evidence_recall,
    first_relevant_rank,
    ndcg_at_k,
    percentile,
    recall_at_k,
    reciprocal_rank,
    retrieval_scores,
    summarise,
    summarise_by_facet,
    token_f1,
    token_recall,
)
from caseqa.records import Answer, AnswerSentence, Citation, Span

QUOTE_A = "Alibaba entered Russia through AliExpress in 2010 and grew quickly there"
QUOTE_B = "Lazada gave Alibaba a logistics network across six Southeast Asian markets"
NOISE = "The weather in Hangzhou is mild in spring and hot in summer every year"


def test_relevant_at_rank_two():
    relevant = [False, True, False]
    assert first_relevant_rank(relevant) == 2
    assert recall_at_k(relevant, 1) == 0.0
    assert recall_at_k(relevant, 3) == 1.0
    assert reciprocal_rank(relevant) == 0.5


def test_nothing_relevant():
    relevant = [False] * 10
    assert first_relevant_rank(relevant) is None
    assert reciprocal_rank(relevant) == 0.0
    assert ndcg_at_k(relevant, 2) == 0.0


def test_reciprocal_rank_stops_at_cutoff():
    assert reciprocal_rank([False] * 10 + [True]) == 0.0


def test_ndcg_by_hand():
    relevant = [False, True, False, True]
    dcg = 1 / math.log2(3) + 1 / math.log2(5)
    ideal = 1 + 1 / math.log2(3)  # two gold quotes: two relevant items at ranks 1 and 2
    assert ndcg_at_k(relevant, n_gold=2) == pytest.approx(dcg / ideal)
    assert ndcg_at_k(relevant, n_gold=2) == pytest.approx(0.6509, abs=1e-4)


def test_ndcg_is_capped_when_chunks_repeat_a_quote():
    assert ndcg_at_k([True, True], n_gold=1) == 1.0
    assert ndcg_at_k([True], n_gold=1) == 1.0


def test_evidence_recall_counts_quotes_found_in_top_k():
    matrix = [[False, False], [True, False]] + [[False, False]] * 8 + [[False, True]]
    assert evidence_recall(matrix) == 0.5  # quote B only at rank 11
    assert evidence_recall(matrix, k=11) == 1.0


def test_retrieval_scores_from_passage_texts():
    passages = [NOISE, "Context. " + QUOTE_B + " More text.", NOISE, QUOTE_A]
    scores = retrieval_scores(passages, [QUOTE_A, QUOTE_B])
    assert scores["rank"] == 2
    assert (scores["recall@1"], scores["recall@3"], scores["recall@5"], scores["recall@10"]) == (0, 1, 1, 1)
    assert scores["rr@10"] == 0.5
    assert scores["ndcg@10"] == pytest.approx(0.6509, abs=1e-4)
    assert scores["evidence_recall@10"] == 1.0


def test_token_f1_and_recall():
    assert token_f1("the cat sat", "cat sat down") == pytest.approx(2 / 3)
    assert token_f1("a a b", "a b b") == pytest.approx(2 / 3)  # counts respect multiplicity
    assert token_f1("Cat, SAT!", "cat sat") == 1.0
    assert token_f1("", "cat") == 0.0
    assert token_f1("", "") == 1.0
    assert token_recall("a long sentence where the cat sat", "cat sat down") == pytest.approx(2 / 3)
    assert token_recall("", "cat") == 0.0


def sentence(source: str, text: str, doc_id: str = "doc-a", shift: int = 0) -> AnswerSentence:
    start = source.index(text) + shift
    span = Span(start, start + len(text))
    return AnswerSentence(text, Citation(doc_id, "A", ("1 Intro",), span), score=1.0)


SOURCE = f"Intro. {QUOTE_A}. Then {NOISE}."


def test_answer_supported():
    assert answer_supported([NOISE, QUOTE_A + "."], [QUOTE_A])
    assert not answer_supported([NOISE], [QUOTE_A])
    assert not answer_supported([], [QUOTE_A])


def test_answer_scores_for_a_supported_answer_with_one_bad_citation():
    answer = Answer(
        "q", True, 0.8, (sentence(SOURCE, QUOTE_A + "."), sentence(SOURCE, NOISE, shift=3)), ()
    )
    scores = answer_scores(answer, [QUOTE_A], "through AliExpress in 2010", True, {"doc-a": SOURCE})
    assert scores["supported"] is True
    assert scores["recall"] == 1.0
    assert scores["f1"] == pytest.approx(2 * 4 / (len(answer.text.split()) + 4))
    assert (scores["cited_sentences"], scores["exact_citations"]) == (2, 1)
    assert scores["abstain_correct"] is None and scores["false_abstain"] is False


def test_answer_scores_for_abstentions():
    abstained = Answer("q", False, 0.1, (), ())
    unanswerable = answer_scores(abstained, [], "", False, {})
    assert unanswerable["abstain_correct"] is True
    assert unanswerable["supported"] is None and unanswerable["f1"] is None
    answerable = answer_scores(abstained, [QUOTE_A], "AliExpress", True, {})
    assert answerable["false_abstain"] is True and answerable["supported"] is False
    assert answerable["f1"] == 0.0


def test_answering_an_unanswerable_question_is_wrong():
    answer = Answer("q", True, 0.9, (sentence(SOURCE, NOISE),), ())
    assert answer_scores(answer, [], "", False, {"doc-a": SOURCE})["abstain_correct"] is False


def test_citation_to_unknown_document_is_inexact():
    answer = Answer("q", True, 0.9, (sentence(SOURCE, NOISE, doc_id="doc-z"),), ())
    assert answer_scores(answer, [QUOTE_A], "x", True, {"doc-a": SOURCE})["exact_citations"] == 0


def test_percentile():
    assert percentile([10, 20, 30, 40], 50) == 25.0
    assert percentile([10, 20, 30, 40], 95) == pytest.approx(38.5)
    assert percentile([], 50) is None


def test_summarise_skips_inapplicable_values_and_pools_citations():
    rows = [
        {"facet": "drivers", "supported": True, "f1": 0.5, "abstain_correct": None,
         "cited_sentences": 3, "exact_citations": 3, "latency_ms": 10.0},
        {"facet": "drivers", "supported": False, "f1": 0.0, "abstain_correct": None,
         "cited_sentences": 1, "exact_citations": 0, "latency_ms": 30.0},
        {"facet": "unanswerable", "supported": None, "f1": None, "abstain_correct": True,
         "cited_sentences": 0, "exact_citations": 0, "latency_ms": 20.0},
    ]
    summary = summarise(rows)
    assert summary["n"] == 3
    assert summary["supported"] == 0.5
    assert summary["f1"] == 0.25
    assert summary["abstention_accuracy"] == 1.0
    assert summary["citation_exactness"] == 0.75  # 3 of 4 sentences, not the mean of 1.0 and 0.0
    assert summary["latency_p50_ms"] == 20.0
    assert "recall@5" not in summary
    by_facet = summarise_by_facet(rows)
    assert list(by_facet) == ["drivers", "unanswerable"]
    assert by_facet["drivers"]["n"] == 2 and by_facet["drivers"]["supported"] == 0.5
    assert "supported" not in by_facet["unanswerable"]


def test_auroc_counts_how_often_a_supported_answer_outranks_an_unsupported_one():
    assert auroc([0.9, 0.8, 0.3, 0.2], [True, True, False, False]) == 1.0
    assert auroc([0.2, 0.3, 0.8, 0.9], [True, True, False, False]) == 0.0
    assert auroc([0.5, 0.5], [True, False]) == 0.5  # a tie counts half
    assert auroc([0.9, 0.1], [True, True]) is None  # no unsupported answer to compare with


def test_summaries_report_the_confidence_auroc_of_answerable_questions():
    rows = [
        {"supported": True, "confidence": 0.9},
        {"supported": False, "confidence": 0.4},
        {"supported": None, "confidence": 0.95},  # unanswerable: not graded
    ]
    assert summarise(rows)["confidence_auroc"] == 1.0
