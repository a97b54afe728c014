"""Sentence splitting of paragraphs, each sentence keeping its exact span in the source."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from caseqa.ingest.structure import Paragraph
from caseqa.records import Sentence

_LETTERS = re.compile(r"[^\W\d_]{2,}")


@cache
def _segmenter():
    """pysbd knows abbreviations (e.g., U.S., No. 2, Jan.), decimals and initials; build it once."""
    import pysbd

    return pysbd.Segmenter(language="en", clean=False)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``, stripped of surrounding white space."""
    bounds: list[tuple[int, int]] = []
    position = 0
    for piece in _segmenter().segment(text):
        piece = piece.strip()
        if not piece:
            continue
        start = text.find(piece, position)
        if start < 0:  # pysbd never rewrites text with clean=False; be safe anyway
            continue
        bounds.append((start, start + len(piece)))
        position = start + len(piece)
    return bounds


def paragraph_sentences(doc_id: str, paragraphs: list[Paragraph]) -> Iterator[Sentence]:
    """The sentences of a document's paragraphs, numbered in reading order.

    Fragments without a real word (a stray "2." or "(Figure 3)") are dropped:
    they answer nothing.
    """
    number = 0
    for paragraph in paragraphs:
        text = paragraph.text.text
        for start, end in split_sentences(text):
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
