"""Typed records that flow through caseqa: sources, sentences, chunks, hits, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass

#: Ranges inside a span that the shown text leaves out (a page header or a
#: table that interrupts a sentence), as (start, end) offsets in the source file.
Gaps = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Source:
    """One document of the corpus, as described in ``corpus/sources.toml``."""

    doc_id: str
    title: str
    file: str
    kind: str
    authors: tuple[str, ...] = ()
    year: int | None = None
    original: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """Where a piece of shown text sits in its stored source file.

    ``source[start:end]`` with the ``gaps`` cut out holds the same words as the
    shown text: that is the citation contract every answer can be checked by.
    """

    start: int
    end: int
    gaps: Gaps = ()


def span_json(span: Span) -> dict:
    """A span as the index files and the brief store it."""
    return {"start": span.start, "end": span.end, "gaps": [list(gap) for gap in span.gaps]}


def span_from_json(row: dict) -> Span:
    return Span(int(row["start"]), int(row["end"]), tuple((int(a), int(b)) for a, b in row["gaps"]))


@dataclass(frozen=True, slots=True)
class Section:
    """A heading of a document, with its full path from the top level."""

    path: tuple[str, ...]
    start: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One answerable sentence: the unit an answer is made of."""

    sentence_id: str
    doc_id: str
    section: tuple[str, ...]
    text: str
    span: Span
    paragraph: int


@dataclass(frozen=True, slots=True)
class Chunk:
    """Consecutive sentences of one section: the unit retrieval ranks."""

    chunk_id: str
    doc_id: str
    section: tuple[str, ...]
    text: str
    span: Span
    sentence_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Hit:
    """A chunk returned by a search, with its fused score and each side's rank."""

    rank: int
    chunk: Chunk
    title: str
    score: float
    bm25_rank: int | None = None
    dense_rank: int | None = None


@dataclass(frozen=True, slots=True)
class Citation:
    """Where an answer sentence comes from, precise enough to slice the source file."""

    doc_id: str
    title: str
    section: tuple[str, ...]
    span: Span
    #: The page the sentence starts on, for a source that came as a PDF; None otherwise.
    page: int | None = None


@dataclass(frozen=True, slots=True)
class AnswerSentence:
    """A verbatim source sentence chosen as (part of) an answer."""

    text: str
    citation: Citation
    score: float
    highlight: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class AlternativeValue:
    """One value the sources give for what a question asks, and the sentences that give it."""

    value: str
    sentences: tuple[AnswerSentence, ...]


@dataclass(frozen=True, slots=True)
class Answer:
    """The answer to a question: cited sentences, or an abstention with the closest passages."""

    question: str
    answerable: bool
    confidence: float
    sentences: tuple[AnswerSentence, ...]
    passages: tuple[Hit, ...]
    #: "high", "moderate" or "low", by cuts chosen on dev for the share of answers each band gets right; None
    #: when abstaining.
    confidence_band: str | None = None
    #: Where sources give the asked date, number or name differently: each value with its sentences, the
    #: answer's own first; empty when they agree or only one speaks.
    alternatives: tuple[AlternativeValue, ...] = ()

    @property
    def text(self) -> str:
        """The answer sentences joined in order; empty when abstaining."""
        return " ".join(s.text for s in self.sentences) if self.answerable else ""


def section_label(path: tuple[str, ...]) -> str:
    """A section path as people read it: ``3.5 ... > 3.5.1 Internationalization to Russia``."""
    return " > ".join(path)
