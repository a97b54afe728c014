"""From a stored source text to its sections, sentences and chunks, with a tally of what cleaning kept out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from caseqa.ingest.chunking import build_chunks
from caseqa.ingest.cleaning import LineKind, classify_lines
from caseqa.ingest.sentences import paragraph_sentences
from caseqa.ingest.structure import parse_structure
from caseqa.records import Chunk, Section, Sentence, Source


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the index needs from one document."""

    source: Source
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    chunks: tuple[Chunk, ...]
    #: Lines kept out of answerable text, by kind (running header, contents, references, ...).
    removed: dict[str, int]


def parse_document(source: Source, text: str, max_words: int, overlap_sentences: int) -> ParsedDocument:
    """Clean, structure, split and chunk one document's stored text."""
    lines = classify_lines(text)
    sections, paragraphs = parse_structure(text, lines)
    sentences = list(paragraph_sentences(source.doc_id, paragraphs))
    chunks = build_chunks(source.doc_id, sentences, text, max_words, overlap_sentences)
    removed = Counter(
        line.kind.value for line in lines if line.kind not in (LineKind.TEXT, LineKind.BLANK)
    )
    return ParsedDocument(source, tuple(sections), tuple(sentences), tuple(chunks), dict(removed))
