"""Sentences that talk about the source text itself ("this thesis studies ...", "Alibaba will be analyzed
from ..."), and questions that ask about the source, which such sentences may answer."""

from __future__ import annotations

import re

_ABOUT_THE_TEXT = re.compile(
    r"(?<!according to )\b(?:the|this|our|present|following)"
    r" (?:thesis|paper|(?:case )?study|research|chapter|section|article|work|author|analysis)\b"
    r"|\bresearch (?:will|focus\w*|method\w*|design|questions?|object\w*)\b|\bempirical\b|\bmethodolog\w*"
    r"|\bnext (?:step|chapter|section|part|block)\b|\bliterature\b|\bsub-units?\b"
    r"|\bwill be (?:analy[sz]ed|discussed|examined|studied|investigated|described|introduced|presented)\b"
    r"|\b(?:provides?|gives?) us\b|\bwe (?:used|analy[sz]ed)\b",
    re.IGNORECASE,
)
_ABOUT_THE_SOURCE = re.compile(r"\b(?:thesis|paper|study|article|author|authors|according to|sources?)\b", re.IGNORECASE)


def describes_the_text(sentence: str) -> bool:
    """Whether a sentence talks about the source itself ("Alibaba will be analyzed from ...") rather than the case."""
    return bool(_ABOUT_THE_TEXT.search(sentence))


def asks_about_the_source(question: str) -> bool:
    """Whether a question is about a source ("what does the thesis find"), which its own sentences answer."""
    return bool(_ABOUT_THE_SOURCE.search(question))
