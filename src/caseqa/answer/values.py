"""The dates and figures a sentence gives, keyed so that they compare across sources: "April 2010" is the year
2010, "30 thousands" is 30,000 and "US$1 billion" is $1 billion. Two sources giving one fact different keys
disagree; the same key is agreement, however it is written."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.answer.answer_types import AnswerType, answer_spans

#: Asked so that only amounts of money or with a scale word count, not every bare number.
_AMOUNT_QUESTION = "How much money, in millions or billions?"
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
#: An in-text reference, "(Forbes, 2012)": its year dates the source, not the event.
_REFERENCE = re.compile(r"\([^()]*\b(?:1[89]|20)\d\d[a-z]?\)")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_SCALE = re.compile(r"\s?(thousand|million|billion|trillion|bn)s?\b", re.IGNORECASE)
_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_CURRENCY = re.compile(r"[$¥€£]|\b(?:RMB|yuan|USD|dollars?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Value:
    """A date or figure as the sentence writes it, where it is, and the key it compares by."""

    text: str
    start: int
    end: int
    key: str


def value_key(sentence: str, start: int, end: int, answer_type: AnswerType) -> str:
    """The comparable form of the value at ``sentence[start:end]``: a date's year; a figure's number times its
    scale (read just after the span too: "3 millions"), marked as money or a share when it is one."""
    written = sentence[start:end]
    if answer_type is AnswerType.DATE:
        year = _YEAR.search(written)
        return year.group() if year else written.lower()
    number = _NUMBER.search(written)
    if number is None:
        return written.lower().strip()
    scale = _SCALE.match(sentence, start + number.end()) or _SCALE.match(sentence, end)
    amount = float(number.group().replace(",", "")) * (_SCALES[scale.group(1).lower()] if scale else 1)
    unit = "%" if "%" in written or "per" in written.lower() else "$" if _CURRENCY.search(written) else ""
    return f"{unit}{amount:g}"


_COUNTED = re.compile(r"[\s+]*(?:(?:thousand|million|billion|trillion|bn)s?\b\s*)?([A-Za-z]+)")


def counted_word(sentence: str, start: int, end: int) -> str | None:
    """What the figure at ``sentence[start:end]`` counts, by the word after its number ("243 countries",
    "3 millions packages" -> "package"); None for money and shares, or when no word follows."""
    number = _NUMBER.search(sentence, start, end)
    if number is None or _CURRENCY.search(sentence, start, end) or "%" in sentence[start:end]:
        return None
    found = _COUNTED.match(sentence, number.end())
    return found.group(1).lower().removesuffix("s") if found else None


def dates(text: str) -> list[Value]:
    """The dates of ``text`` that have a year, in reading order, leaving out the years of in-text references."""
    references = [m.span() for m in _REFERENCE.finditer(text)]
    return [
        Value(text[start:end], start, end, value_key(text, start, end, AnswerType.DATE))
        for start, end in answer_spans(text, AnswerType.DATE)
        if _YEAR.search(text, start, end) and not any(a <= start and end <= b for a, b in references)
    ]


def amounts(text: str) -> list[Value]:
    """The amounts of money (or with a scale word) that ``text`` gives."""
    return [
        Value(text[start:end], start, end, value_key(text, start, end, AnswerType.NUMBER))
        for start, end in answer_spans(text, AnswerType.NUMBER, _AMOUNT_QUESTION)
    ]
