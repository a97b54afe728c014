"""The dates and amounts a sentence gives, in a form that compares across sources ("US$1 billion" is
"$1 billion"), so that two sources giving one fact different values can be told apart from two facts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.answer.answer_types import AnswerType, answer_spans

#: Asked so that only amounts of money or with a scale word count, not every bare number.
_AMOUNT_QUESTION = "How much money, in millions or billions?"
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
#: An in-text reference, "(Forbes, 2012)": its year dates the source, not the event.
_REFERENCE = re.compile(r"\([^()]*\b(?:1[89]|20)\d\d[a-z]?\)")


@dataclass(frozen=True)
class Value:
    """A date or amount as the sentence writes it, and the key it compares by."""

    kind: str  # "date" or "amount"
    text: str
    key: str


def dates(text: str) -> list[Value]:
    """The dates of ``text`` that have a year, in reading order, leaving out the years of in-text references."""
    references = [m.span() for m in _REFERENCE.finditer(text)]
    found = []
    for start, end in answer_spans(text, AnswerType.DATE):
        if any(a <= start and end <= b for a, b in references):
            continue
        year = _YEAR.search(text, start, end)
        if year:
            found.append(Value("date", text[start:end], year.group()))
    return found


def amounts(text: str) -> list[Value]:
    """The amounts of money (or with a scale word: "150 million") that ``text`` gives."""
    found = []
    for start, end in answer_spans(text, AnswerType.NUMBER, _AMOUNT_QUESTION):
        written = text[start:end]
        key = re.sub(r"\b(?:us|usd)\b|us(?=\$)|\s+", "", written.lower()).replace("dollars", "$")
        found.append(Value("amount", written, key))
    return found
