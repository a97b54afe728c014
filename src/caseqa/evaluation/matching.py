"""Text matching for evaluation: gold evidence is compared on word tokens, never on chunk ids."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from functools import lru_cache

from caseqa.records import Span

#: A passage must share this many consecutive words with a quote to support it.
MIN_RUN = 8
#: The shortest passage that may support a quote by lying wholly inside it.
MIN_SENTENCE = 5

_WORD = re.compile(r"\w+")


def word_tokens(text: str) -> list[str]:
    """Lower-cased words after NFKC, so punctuation, spacing and ``\\$`` escapes never matter."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).lower())


def longest_common_run(
    a_tokens: Sequence[str], b_tokens: Sequence[str], *, enough: int | None = None
) -> int:
    """Length of the longest contiguous token run shared by both sequences.

    Only positions where the tokens agree are visited (a sparse DP over an
    index of ``b``), so a long passage against a short quote stays cheap;
    ``enough`` stops the search as soon as a run that long is found.
    """
    positions: dict[str, list[int]] = defaultdict(list)
    for j, token in enumerate(b_tokens):
        positions[token].append(j)
    best = 0
    previous: dict[int, int] = {}
    for token in a_tokens:
        current = {j: previous.get(j - 1, 0) + 1 for j in positions.get(token, ())}
        if current:
            best = max(best, max(current.values()))
            if enough is not None and best >= enough:
                return best
        previous = current
    return best


def supports(passage: str, quote: str) -> bool:
    """Whether ``passage`` carries the gold ``quote``: THE evidence rule of every metric.

    A passage supports a quote when they share a contiguous run of at least
    ``min(len(quote_tokens), MIN_RUN)`` word tokens. A passage too short for
    that (a single answer sentence) supports the quote when all of it, at least
    ``MIN_SENTENCE`` tokens, lies contiguously inside the quote. Matching on
    words lets gold quotes survive any change of chunking, line wrapping or
    escaping; the run length keeps a shared stock phrase from counting.
    """
    p, q = word_tokens(passage), word_tokens(quote)
    if not p or not q:
        return False
    needed = min(len(q), MIN_RUN)
    run = longest_common_run(p, q, enough=needed)
    return run >= needed or run == len(p) >= MIN_SENTENCE


@lru_cache(maxsize=16)
def _token_text(text: str) -> str:
    """Tokens joined by single spaces and padded, so containment is a substring test.

    Cached because the same few documents are searched for every gold quote.
    """
    return f" {' '.join(word_tokens(text))} "


def quote_in_document(quote: str, document_text: str) -> bool:
    """Whether the quote's words appear contiguously in the document, whatever the line breaks."""
    tokens = word_tokens(quote)
    return bool(tokens) and f" {' '.join(tokens)} " in _token_text(document_text)


def spans_match(source_text: str, span: Span, text: str) -> bool:
    """Whether slicing the source at ``span`` and cutting out its gaps gives ``text``'s words.

    A malformed span (out of bounds, or gaps outside it, overlapping or out of
    order) never matches: a citation that cannot be sliced cannot be checked.
    """
    if not 0 <= span.start <= span.end <= len(source_text):
        return False
    pieces: list[str] = []
    cursor = span.start
    for start, end in span.gaps:
        if not cursor <= start <= end <= span.end:
            return False
        pieces.append(source_text[cursor:start])
        cursor = end
    pieces.append(source_text[cursor : span.end])
    expected = word_tokens(text)
    return bool(expected) and word_tokens(" ".join(pieces)) == expected
