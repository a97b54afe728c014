"""Chunks: consecutive whole sentences of one section, sized for the embedding model, with overlap."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import groupby

from caseqa.ingest.textmap import merge_spans
from caseqa.records import Chunk, Sentence


def build_chunks(
    doc_id: str, sentences: list[Sentence], source: str, max_words: int, overlap_sentences: int
) -> list[Chunk]:
    """Chunks never cross a section; each repeats the last ``overlap_sentences`` of the one before."""
    chunks: list[Chunk] = []
    for _, group in groupby(sentences, key=lambda s: s.section):
        for window in _windows(list(group), max_words, overlap_sentences):
            chunks.append(
                Chunk(
                    chunk_id=f"{doc_id}:c{len(chunks):04d}",
                    doc_id=doc_id,
                    section=window[0].section,
                    text=" ".join(s.text for s in window),
                    span=merge_spans([s.span for s in window], source),
                    sentence_ids=tuple(s.sentence_id for s in window),
                )
            )
    return chunks


def _windows(sentences: list[Sentence], max_words: int, overlap: int) -> Iterator[list[Sentence]]:
    """Greedy windows of at most ``max_words`` words (a longer sentence stands alone)."""
    start = 0
    while start < len(sentences):
        end = start + 1
        words = _words(sentences[start])
        while end < len(sentences) and words + _words(sentences[end]) <= max_words:
            words += _words(sentences[end])
            end += 1
        yield sentences[start:end]
        if end >= len(sentences):
            return
        start = max(end - overlap, start + 1)


def _words(sentence: Sentence) -> int:
    return len(sentence.text.split())
