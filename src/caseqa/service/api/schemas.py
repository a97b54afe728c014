"""The HTTP API's request and response models, and their conversion from caseqa's records."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from caseqa import records
from caseqa.records import Answer, Hit, Span, section_label

if TYPE_CHECKING:
    from caseqa.index.builder import BuildReport

Mode = Literal["hybrid", "bm25", "dense"]
MAX_TOP_K = 20
MAX_K = 50
MAX_DOC_FILTER = 20


def _valid_text(value: str) -> str:
    """Refuses text that cannot have come from valid UTF-8: lone surrogates, or U+FFFD left by a bad decode."""
    if any("\ud800" <= ch <= "\udfff" or ch == "\ufffd" for ch in value):
        raise ValueError("the text is not valid UTF-8")
    return value


class AskRequest(BaseModel):
    """POST /ask; also what the CLI validates its options with, so both refuse the same input."""

    model_config = ConfigDict(extra="forbid", strict=True)

    question: str = Field(description="The question, 1 to 500 characters.")
    top_k: int = Field(
        5,
        ge=1,
        le=MAX_TOP_K,
        description="How many of the best passages to return (any further one an answer sentence comes from follows).",
    )
    mode: Mode = "hybrid"
    doc_ids: list[str] | None = Field(None, max_length=MAX_DOC_FILTER, description="Answer only from these documents.")

    @field_validator("question")
    @classmethod
    def _question_text(cls, value: str) -> str:
        return _valid_text(value)

    @field_validator("doc_ids")
    @classmethod
    def _doc_id_text(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [_valid_text(doc_id) for doc_id in value]


class SearchParams(BaseModel):
    """GET /search query parameters."""

    q: str = Field(description="The query, 1 to 500 characters.")
    k: int = Field(10, ge=1, le=MAX_K)
    mode: Mode = "hybrid"
    doc_id: list[str] = Field(default_factory=list, max_length=MAX_DOC_FILTER, description="Repeat to search several documents.")

    @field_validator("q")
    @classmethod
    def _query_text(cls, value: str) -> str:
        return _valid_text(value)


class Citation(BaseModel):
    doc_id: str
    title: str
    section: str = Field(description='The section path joined with " > ".')
    start: int
    end: int
    gaps: list[tuple[int, int]] = Field(description="Ranges inside start..end the shown text leaves out.")
    page: int | None = Field(None, description="The page the sentence starts on, for a source that came as a PDF.")


class AnswerSentence(BaseModel):
    text: str
    citation: Citation
    highlight: tuple[int, int] | None = Field(description="The answer's words within this sentence, if found.")


class AlternativeAnswer(BaseModel):
    value: str = Field(description="The date, number or name as these sentences give it.")
    sentences: list[AnswerSentence]


class Passage(BaseModel):
    rank: int
    chunk_id: str
    doc_id: str
    title: str
    section: str
    start: int
    end: int
    gaps: list[tuple[int, int]]
    text: str
    score: float


class AskResponse(BaseModel):
    question: str
    answer: str = Field(description="The cited sentences joined; empty when the sources do not answer.")
    answerable: bool
    confidence: float
    confidence_band: Literal["high", "moderate", "low"] | None = Field(
        None, description="The confidence in words, by cuts chosen on dev (README: what each band means); null when abstaining."
    )
    sentences: list[AnswerSentence]
    alternatives: list[AlternativeAnswer] = Field(
        description="When sources give the asked date, number or name differently: every value with its sentences,"
        " the answer's own first ([] when they agree or only one source speaks)."
    )
    passages: list[Passage]
    index_version: str
    took_ms: float


class SearchResponse(BaseModel):
    query: str
    mode: Mode
    passages: list[Passage]
    index_version: str
    took_ms: float


class DocumentSummary(BaseModel):
    doc_id: str
    title: str
    authors: list[str]
    year: int | None
    kind: str
    file: str
    note: str | None
    sentences: int
    chunks: int
    sections: int


class OutlineEntry(BaseModel):
    path: list[str]
    label: str
    start: int


class DocumentDetail(DocumentSummary):
    outline: list[OutlineEntry]


class DocumentText(BaseModel):
    doc_id: str
    start: int
    end: int
    text: str


class JobProgress(BaseModel):
    stage: str
    done: int
    total: int


class Health(BaseModel):
    status: Literal["ok", "stale", "building", "unavailable"] = Field(
        description='"building": the first index is being built (`--build-missing`); /ask and /search answer 503 until it is.'
    )
    index_version: str | None
    documents: int
    chunks: int
    model: str | None = Field(description="The model that embedded the passages (name@weights hash once loaded).")
    sentence_model: str | None = Field(description="The model that embedded the sentences.")
    stale: bool
    stale_reasons: list[str]
    error: str | None = Field(description="Why the index cannot be served, when unavailable.")
    progress: JobProgress | None = Field(None, description="How far the first build has got, while building.")
    confidence_bands: dict[str, float] = Field(
        default_factory=dict,
        description='The lowest confidence of each band ("high", "moderate"), as chosen on dev; empty without an index.',
    )


class JobAccepted(BaseModel):
    job_id: str
    status: str
    detail: str | None = Field(None, description="What was done before the rebuild started, such as the source added.")


class BuildResult(BaseModel):
    version: str
    documents: int
    chunks: int
    sentences: int
    embedded: int
    reused: int
    seconds: float


class JobStatus(BaseModel):
    job_id: str
    kind: str
    status: Literal["queued", "running", "succeeded", "failed"]
    detail: str | None
    progress: JobProgress | None
    result: BuildResult | None
    error: str | None
    created: float
    finished: float | None


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorResponse(BaseModel):
    error: ErrorDetail


# --- conversion from caseqa's records ----------------------------------------


def _gaps(span: Span) -> list[tuple[int, int]]:
    return [(start, end) for start, end in span.gaps]


def citation(cited: records.Citation) -> Citation:
    return Citation(
        doc_id=cited.doc_id,
        title=cited.title,
        section=section_label(cited.section),
        start=cited.span.start,
        end=cited.span.end,
        gaps=_gaps(cited.span),
        page=cited.page,
    )


def _answer_sentence(sentence: records.AnswerSentence) -> AnswerSentence:
    return AnswerSentence(text=sentence.text, citation=citation(sentence.citation), highlight=sentence.highlight)


def passage(hit: Hit) -> Passage:
    chunk = hit.chunk
    return Passage(
        rank=hit.rank,
        chunk_id=chunk.chunk_id,
        doc_id=chunk.doc_id,
        title=hit.title,
        section=section_label(chunk.section),
        start=chunk.span.start,
        end=chunk.span.end,
        gaps=_gaps(chunk.span),
        text=chunk.text,
        score=float(hit.score),
    )


def ask_response(answer: Answer, index_version: str, took_ms: float) -> AskResponse:
    """The POST /ask object; `caseqa ask --json` prints the same, so the two never drift apart."""
    sentences = [_answer_sentence(s) for s in answer.sentences]
    alternatives = [
        AlternativeAnswer(value=a.value, sentences=[_answer_sentence(s) for s in a.sentences]) for a in answer.alternatives
    ]
    return AskResponse(
        question=answer.question,
        answer=answer.text,
        answerable=answer.answerable,
        confidence=float(answer.confidence),
        confidence_band=answer.confidence_band,
        sentences=sentences,
        alternatives=alternatives,
        passages=[passage(hit) for hit in answer.passages],
        index_version=index_version,
        took_ms=round(took_ms, 1),
    )


def search_response(query: str, mode: str, hits: Iterable[Hit], index_version: str, took_ms: float) -> SearchResponse:
    return SearchResponse(
        query=query,
        mode=mode,
        passages=[passage(hit) for hit in hits],
        index_version=index_version,
        took_ms=round(took_ms, 1),
    )


def build_result(report: BuildReport) -> BuildResult:
    return BuildResult(
        version=report.version,
        documents=report.documents,
        chunks=report.chunks,
        sentences=report.sentences,
        embedded=report.embedded,
        reused=report.reused,
        seconds=round(report.seconds, 2),
    )


def validation_message(errors: Sequence[Any]) -> str:
    """Pydantic's errors as one line naming each field: ``top_k: Input should be less than or equal to 20``."""
    parts = []
    for error in errors:
        where = ".".join(str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "form"))
        message = str(error.get("msg", "invalid value")).removeprefix("Value error, ")
        parts.append(f"{where}: {message}" if where else message)
    return "; ".join(parts) or "invalid request"
