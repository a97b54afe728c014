"""Answer-type detection from the question, and the span to highlight in a sentence."""

import pytest

from caseqa.answer_types import AnswerType, detect_answer_type, find_answer_span


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("When did Alibaba acquire Lazada?", AnswerType.DATE),
        ("In what year did AliExpress enter Russia?", AnswerType.DATE),
        ("How much did Alibaba invest in Lazada?", AnswerType.NUMBER),
        ("What share of revenue came from abroad?", AnswerType.NUMBER),
        ("How many buyers does AliExpress have?", AnswerType.NUMBER),
        ("Who is the CEO of Lazada?", AnswerType.NAME),
        ("Which company did Alibaba buy in Southeast Asia?", AnswerType.NAME),
        ("What drove Alibaba to expand abroad?", AnswerType.LIST),
        ("Why did Alibaba acquire rather than build?", AnswerType.LIST),
        ("How did AliExpress enter Russia?", AnswerType.LIST),
        ("What were the challenges in Western markets?", AnswerType.LIST),
        ("What is AliExpress?", AnswerType.OTHER),
    ],
)
def test_answer_type_detection(question, expected):
    assert detect_answer_type(question) == expected


@pytest.mark.parametrize(
    ("sentence", "answer_type", "question", "span"),
    [
        ("In April 2016, Alibaba acquired Lazada.", AnswerType.DATE, "When did Alibaba acquire Lazada?", "April 2016"),
        ("It raised its stake in 2017 to 83% with US\\$1 billion.", AnswerType.NUMBER, "What stake?", "83%"),
        ("Revenue rose to 7 trillion yuan in 2017.", AnswerType.NUMBER, "How much?", "7 trillion yuan"),
        ("Peng Lei will serve as CEO of Lazada.", AnswerType.NAME, "Who is the CEO of Lazada?", "Peng Lei"),
        ("The deal closed in 2016.", AnswerType.NUMBER, "How much did it cost?", None),
        ("It was founded in 1999 and listed in 2014.", AnswerType.DATE, "When was it founded, after 1999?", "2014"),
    ],
)
def test_answer_span(sentence, answer_type, question, span):
    found = find_answer_span(sentence, answer_type, question)
    assert (sentence[slice(*found)] if found else None) == span
