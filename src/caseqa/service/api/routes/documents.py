"""GET /documents: what the index holds, each document's outline, and exact slices of its stored text."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from caseqa.corpus.sources import read_source_text
from caseqa.index.store import DocumentEntry
from caseqa.records import section_label
from caseqa.service.api.deps import EngineDep, SettingsDep
from caseqa.service.api.errors import ApiError
from caseqa.service.api.schemas import DocumentDetail, DocumentSummary, DocumentText, ErrorResponse, OutlineEntry
from caseqa.service.engine import Engine

router = APIRouter(tags=["documents"])

#: The longest slice one request may ask for, in characters.
MAX_SLICE = 200_000
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 404, 503)}


def _summary(entry: DocumentEntry) -> dict:
    source = entry.source
    return {
        "doc_id": source.doc_id,
        "title": source.title,
        "authors": list(source.authors),
        "year": source.year,
        "kind": source.kind,
        "file": source.file,
        "note": source.note,
        "sentences": entry.sentences,
        "chunks": entry.chunks,
        "sections": len(entry.sections),
    }


def _entry(engine: Engine, doc_id: str) -> DocumentEntry:
    entry = engine.index.documents.get(doc_id)
    if entry is None:
        raise ApiError(404, "unknown_document", f"no document {doc_id!r} in index {engine.version}")
    return entry


@router.get("/documents", response_model=list[DocumentSummary], responses=_ERRORS)
def list_documents(engine: EngineDep) -> list[DocumentSummary]:
    return [DocumentSummary(**_summary(entry)) for entry in engine.index.documents.values()]


@router.get("/documents/{doc_id}", response_model=DocumentDetail, responses=_ERRORS)
def get_document(doc_id: str, engine: EngineDep) -> DocumentDetail:
    entry = _entry(engine, doc_id)
    outline = [OutlineEntry(path=list(s.path), label=section_label(s.path), start=s.start) for s in entry.sections]
    return DocumentDetail(**_summary(entry), outline=outline)


@router.get("/documents/{doc_id}/text", response_model=DocumentText, responses=_ERRORS)
def get_document_text(
    doc_id: str, engine: EngineDep, settings: SettingsDep, start: int = 0, end: int | None = None
) -> DocumentText:
    """``text[start:end]`` of the stored source file: the offsets every citation points into."""
    text = read_source_text(settings.corpus_dir, _entry(engine, doc_id).source)
    end = len(text) if end is None else end
    if not 0 <= start <= end <= len(text):
        raise ApiError(400, "bad_range", f"need 0 <= start <= end <= {len(text)} (the length of {doc_id}); got {start}..{end}")
    if end - start > MAX_SLICE:
        raise ApiError(400, "bad_range", f"{end - start} characters asked for; ask for at most {MAX_SLICE} at a time")
    return DocumentText(doc_id=doc_id, start=start, end=end, text=text[start:end])
