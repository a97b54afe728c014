"""Sources that give the asked date or figure differently are shown side by side; agreement and other facts are not."""

from __future__ import annotations

import numpy as np

from caseqa.answer.alternatives import differing_answers
from caseqa.answer.answer_types import AnswerType
from caseqa.answer.features import SentenceFeatures
from caseqa.answer.question import AnalysedQuestion
from caseqa.answer.selection import ScoredSentence
from caseqa.records import Sentence, Span

QUESTION = AnalysedQuestion("When did AliExpress enter Russia?", AnswerType.DATE, ("aliexpress", "enter", "russia"), frozenset(), 1)


def _scored(position: int, doc_id: str, text: str, semantic: float) -> ScoredSentence:
    features = SentenceFeatures(semantic, 0.5, 1, True, True, 1.0, 0.0)
    return ScoredSentence(position, Sentence(f"s{position}", doc_id, ("x",), text, Span(0, len(text)), 0), features, semantic)


def _vectors(*rows: list[float]) -> np.ndarray:
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


ANSWER = _scored(0, "paper", "AliExpress entered Russia in April 2010.", 0.86)


def test_another_source_with_another_year_is_an_alternative_after_the_answers_own():
    other = _scored(1, "thesis", "AliExpress entered the Russian market in 2012.", 0.84)
    agreeing = _scored(2, "news", "AliExpress first entered Russia in 2010.", 0.85)
    vectors = _vectors([1, 0.1], [1, 0.2], [1, 0.15])
    groups = differing_answers(QUESTION, ANSWER, [ANSWER, other, agreeing], vectors, margin=0.05, similarity=0.5)
    assert [(value, [s.position for s in sentences]) for value, sentences in groups] == [("April 2010", [0, 2]), ("2012", [1])]


def test_no_alternatives_when_the_sources_agree_or_only_one_speaks():
    same_source = _scored(1, "paper", "By 2012 AliExpress was in Russia.", 0.85)
    agreeing = _scored(2, "news", "AliExpress entered Russia in 2010.", 0.85)
    vectors = _vectors([1, 0], [1, 0.1], [1, 0.1])
    assert differing_answers(QUESTION, ANSWER, [same_source, agreeing], vectors, 0.05, 0.5) == []


def test_a_weaker_or_unrelated_sentence_is_no_alternative():
    weaker = _scored(1, "thesis", "AliExpress entered Russia in 2012.", 0.70)  # answers the question less well
    unrelated = _scored(2, "news", "Russian Post added flights in 2013.", 0.86)  # about something else
    vectors = _vectors([1, 0], [1, 0.1], [0, 1])
    assert differing_answers(QUESTION, ANSWER, [weaker, unrelated], vectors, 0.05, 0.5) == []


def test_figures_that_count_different_things_are_not_alternatives():
    question = AnalysedQuestion("How many purchases a month?", AnswerType.NUMBER, ("purchas",), frozenset(), 1)
    answer = _scored(0, "thesis", "AliExpress gets over 15.6 million purchases a month.", 0.8)
    days = _scored(1, "news", "Parcels took 60 days to arrive.", 0.8)
    assert differing_answers(question, answer, [days], _vectors([1, 0], [1, 0]), 0.05, 0.5) == []
