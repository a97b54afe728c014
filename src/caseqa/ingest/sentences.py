"""Sentence splitting of paragraphs, each sentence keeping its exact span in the source."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from caseqa.ingest.structure import Paragraph
from caseqa.records import Sentence

_LETTERS = re.compile(r"[^\W\d_]{2,}")

#: pysbd's time grows with the square of its input, so long paragraphs go to it in windows of at most
#: this many characters (longer than any paragraph of the seed sources).
WINDOW_CHARS = 2_000
_LAST_SPACE = re.compile(r"\s(?=\S*$)")


@cache
def _segmenter():
    """pysbd knows abbreviations (e.g., U.S., No. 2, Jan.), decimals and initials; build it once."""
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str, checkpoint: Callable[[], None] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, stripped of surrounding white space.

    Time is linear in the length of ``text``: pysbd reads it a window at a time. A window that stops short of
    the end gives up its last sentence, which may be cut, and the next window starts there; so every boundary
    is one pysbd found with the whole sentence in view. ``checkpoint`` is called before each window.
    """
    bounds: list[tuple[int, int]] = []
    position = 0
    while position < len(text):
        if checkpoint is not None:
            checkpoint()
        end = _window_end(text, position)
        found = _segment(text, position, end)
        if end < len(text) and len(found) > 1:
            found.pop()
            bounds.extend(found)
            position = found[-1][1]
        else:
            bounds.extend(found)
            position = end
    return bounds


def _window_end(text: str, start: int) -> int:
    """Where a window from ``start`` ends: the text's end, else the last white space within WINDOW_CHARS."""
    limit = start + WINDOW_CHARS
    if limit >= len(text):
        return len(text)
    space = _LAST_SPACE.search(text, start + WINDOW_CHARS // 2, limit)
    return space.start() + 1 if space else limit


def _segment(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """pysbd's sentences of ``text[start:end]``, as stripped (start, end) offsets into ``text``."""
    window = text[start:end]
    bounds: list[tuple[int, int]] = []
    position = 0
    for piece in _segmenter().processor(window).process():
        piece = piece.strip()
        if not piece:
            continue
        found = window.find(piece, position)
        if found < 0:  # pysbd never rewrites text with clean=False; be safe anyway
            continue
        bounds.append((start + found, start + found + len(piece)))
        position = found + len(piece)
    return bounds


def paragraph_sentences(
    doc_id: str, paragraphs: list[Paragraph], checkpoint: Callable[[], None] | None = None
) -> Iterator[Sentence]:
    """The sentences of a document's paragraphs, numbered in reading order.

    Fragments without a real word (a stray "2." or "(Figure 3)") are dropped:
    they answer nothing.
    """
    number = 0
    for paragraph in paragraphs:
        text = paragraph.text.text
        for start, end in split_sentences(text, checkpoint):
            sentence = text[start:end]
            if not _LETTERS.search(sentence) or len(sentence.split()) < 2:
                continue
            yield Sentence(
                sentence_id=f"{doc_id}:s{number:05d}",
                doc_id=doc_id,
                section=paragraph.section,
                text=sentence,
                span=paragraph.text.span(start, end),
                paragraph=paragraph.number,
            )
            number += 1
