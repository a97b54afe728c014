"""From a stored source text to its sections, sentences and chunks, with a tally of what cleaning kept out."""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from caseqa.errors import SourceTooLargeError, StoppedError
from caseqa.ingest.chunking import build_chunks
from caseqa.ingest.cleaning import LineKind, classify_lines
from caseqa.ingest.sentences import paragraph_sentences
from caseqa.ingest.structure import parse_structure
from caseqa.records import Chunk, Section, Sentence, Source

#: Called between steps of parsing; raises to give up (time budget spent, server stopping).
Checkpoint = Callable[[], None]


@dataclass(frozen=True)
class ParsedDocument:
    """Everything the index needs from one document."""

    source: Source
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    chunks: tuple[Chunk, ...]
    #: Lines kept out of answerable text, by kind (running header, contents, references, ...).
    removed: dict[str, int]
    #: Offsets of the form feeds that separate pages (a PDF's text); empty for text without pages.
    page_breaks: tuple[int, ...] = ()


def parse_budget(name: str, seconds: float, stop: threading.Event | None = None) -> Checkpoint:
    """A checkpoint that gives up once ``seconds`` have passed (SourceTooLargeError) or ``stop`` is set
    (StoppedError): one upload can neither hold the server for minutes nor keep it from shutting down."""
    deadline = time.monotonic() + seconds

    def check() -> None:
        if stop is not None and stop.is_set():
            raise StoppedError(f"{name}: parsing stopped because the server is shutting down")
        if time.monotonic() > deadline:
            raise SourceTooLargeError(
                f"{name}: parsing took longer than {seconds:g} s (CASEQA_PARSE_SECONDS); split the source into smaller files"
            )

    return check


def parse_document(
    source: Source, text: str, max_words: int, overlap_sentences: int, checkpoint: Checkpoint | None = None
) -> ParsedDocument:
    """Clean, structure, split and chunk one document's stored text, in time linear in its length.

    ``checkpoint`` is called between steps and between windows of sentence splitting, the slowest step.
    """
    check = checkpoint or (lambda: None)
    lines = classify_lines(text)
    check()
    sections, paragraphs = parse_structure(text, lines)
    check()
    sentences = list(paragraph_sentences(source.doc_id, paragraphs, check))
    chunks = build_chunks(source.doc_id, sentences, text, max_words, overlap_sentences)
    removed = Counter(
        line.kind.value for line in lines if line.kind not in (LineKind.TEXT, LineKind.BLANK)
    )
    page_breaks = tuple(match.start() for match in re.finditer("\f", text))
    return ParsedDocument(source, tuple(sections), tuple(sentences), tuple(chunks), dict(removed), page_breaks)
