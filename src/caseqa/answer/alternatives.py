"""Sources that answer a date or figure question differently: candidates from other sources that answer it
about as well as the answer, say nearly the same thing, and give another value."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from caseqa.answer.answer_types import AnswerType, find_answer_span
from caseqa.answer.question import AnalysedQuestion
from caseqa.answer.selection import ScoredSentence
from caseqa.answer.values import counted_word, value_key

#: The kinds of answer whose values compare: a date's year, a figure's amount (names are spelt too many ways).
COMPARABLE = frozenset({AnswerType.DATE, AnswerType.NUMBER})


def differing_answers(
    question: AnalysedQuestion,
    answer: ScoredSentence,
    candidates: Sequence[ScoredSentence],
    vectors: np.ndarray,
    margin: float,
    similarity: float,
) -> list[tuple[str, list[ScoredSentence]]]:
    """Each value the sources give, with its sentences, the answer's own first; [] when no other source gives
    another. A candidate counts when it comes from another source than the answer, is within ``margin`` of
    its closeness to the question and at least ``similarity`` close to the answer sentence."""
    if question.answer_type not in COMPARABLE:
        return []
    own = _value(answer, question)
    if own is None:
        return []
    groups: dict[str, tuple[str, list[ScoredSentence]]] = {own[0]: (own[2], [answer])}
    for candidate in candidates:
        if (
            candidate.sentence.doc_id == answer.sentence.doc_id
            or candidate.semantic < answer.semantic - margin
            or float(vectors[candidate.position] @ vectors[answer.position]) < similarity
        ):
            continue
        value = _value(candidate, question)
        if value is not None and value[1] == own[1]:  # "60 days" is no alternative to "15.6 million purchases"
            groups.setdefault(value[0], (value[2], []))[1].append(candidate)
    if len(groups) < 2:
        return []
    return list(groups.values())


def _value(candidate: ScoredSentence, question: AnalysedQuestion) -> tuple[str, str | None, str] | None:
    """The key, what a figure counts, and the written form of the asked value in the candidate's sentence."""
    text = candidate.sentence.text
    span = find_answer_span(text, question.answer_type, question.text)
    if span is None or not any(ch.isdigit() for ch in text[span[0] : span[1]]):
        return None  # "three quarters", "Double Eleven": words that count rarely state the asked figure
    counted = counted_word(text, *span) if question.answer_type is AnswerType.NUMBER else None
    return value_key(text, *span, question.answer_type), counted, text[span[0] : span[1]]
