"""POST /index/rebuild and GET /index/jobs/{job_id}: background rebuilds, for the admin only."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from caseqa.service.api.deps import JobsDep, guarded
from caseqa.service.api.errors import ApiError
from caseqa.service.api.schemas import ErrorResponse, JobAccepted, JobProgress, JobStatus, build_result
from caseqa.service.jobs import Job

router = APIRouter(prefix="/index", tags=["admin"], route_class=guarded(admin=True))
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (401, 403, 404, 409)}


def job_status(job: Job) -> JobStatus:
    return JobStatus(
        job_id=job.job_id,
        kind=job.kind,
        status=job.state,
        detail=job.detail,
        progress=JobProgress(stage=job.progress[0], done=job.progress[1], total=job.progress[2]) if job.progress else None,
        result=build_result(job.result) if job.result else None,
        error=job.error,
        created=job.created,
        finished=job.finished,
    )


@router.post("/rebuild", status_code=202, response_model=JobAccepted, responses=_ERRORS)
def rebuild(jobs: JobsDep) -> JobAccepted:
    """Rebuild from the corpus in the background; queries keep being answered from the current index."""
    job = jobs.submit("rebuild")
    return JobAccepted(job_id=job.job_id, status=job.state, detail=job.detail)


@router.get("/jobs/{job_id}", response_model=JobStatus, responses=_ERRORS)
def get_job(job_id: str, jobs: JobsDep) -> JobStatus:
    job = jobs.get(job_id)
    if job is None:
        raise ApiError(404, "unknown_job", f"no job {job_id!r}; finished jobs are forgotten when the server restarts")
    return job_status(job)
