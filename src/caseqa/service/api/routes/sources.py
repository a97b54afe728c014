"""POST /sources: add a source file to the corpus, then rebuild the index in the background (admin only)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile

from caseqa.corpus.readers import SUPPORTED_SUFFIXES
from caseqa.corpus.sources import KINDS, prepare_source, store_source
from caseqa.ingest.parse import parse_budget
from caseqa.service.api.deps import JobsDep, SettingsDep, guarded
from caseqa.service.api.errors import ApiError
from caseqa.service.api.schemas import ErrorResponse, JobAccepted

router = APIRouter(tags=["admin"], route_class=guarded(admin=True, media_type="multipart/form-data"))

#: The largest source file accepted; the request may be a little larger for the form fields.
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _read_upload(file: UploadFile) -> bytes:
    """The file's bytes, refused once past the limit without reading further."""
    data = file.file.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise ApiError(413, "payload_too_large", f"the file is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
    return data


@router.post(
    "/sources",
    status_code=202,
    response_model=JobAccepted,
    responses={code: {"model": ErrorResponse} for code in (400, 401, 403, 409, 413, 415, 422, 503, 507)},
)
def upload_source(
    jobs: JobsDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description=f"One of {', '.join(SUPPORTED_SUFFIXES)}.")],
    title: Annotated[str, Form(max_length=300)],
    kind: Annotated[str, Form(description=f"One of: {', '.join(KINDS)}.")] = "other",
    authors: Annotated[str, Form(description="Comma-separated names.")] = "",
    year: Annotated[int | None, Form()] = None,
    doc_id: Annotated[str | None, Form()] = None,
) -> JobAccepted:
    """The file is checked and stored before the rebuild starts; a refusal changes neither corpus nor index.

    Reading and parsing the upload, the slow part, happen before the rebuild lock is taken and within
    CASEQA_PARSE_SECONDS, so one large file never holds up job queries or another rebuild.
    """
    filename = file.filename or ""
    suffix = PurePath(filename.replace("\\", "/")).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ApiError(
            415, "unsupported_media_type", f"{filename!r}: unsupported file type; use one of {', '.join(SUPPORTED_SUFFIXES)}"
        )
    data = _read_upload(file)
    names = tuple(name.strip() for name in authors.split(",") if name.strip())

    prepared = prepare_source(
        data,
        filename,
        title=title,
        kind=kind,
        authors=names,
        year=year,
        doc_id=doc_id or None,
        checkpoint=parse_budget(filename, settings.parse_seconds, jobs.stopping),
    )

    def store() -> str:
        source = store_source(settings.corpus_dir, prepared)
        return f"added {source.doc_id} ({source.file})"

    job = jobs.submit("add-source", prepare=store)
    return JobAccepted(job_id=job.job_id, status=job.state, detail=job.detail)
