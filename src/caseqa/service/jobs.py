"""Background index rebuilds: one worker thread, job records with progress, and the engine swap when done."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from caseqa.config import Settings
from caseqa.errors import IndexBusyError
from caseqa.index.builder import BuildReport, Progress, build_index

if TYPE_CHECKING:
    from caseqa.service.engine import Engine

logger = logging.getLogger("caseqa.service.jobs")

#: Finished jobs remembered for status queries; older ones are forgotten.
KEEP_FINISHED = 100


@dataclass(frozen=True)
class Job:
    """A snapshot of one rebuild; the manager replaces it whole, so readers never see half an update."""

    job_id: str
    kind: str
    state: str  # queued, running, succeeded, failed
    created: float
    detail: str | None = None
    progress: tuple[str, int, int] | None = None
    result: BuildReport | None = None
    error: str | None = None
    finished: float | None = None


class JobManager:
    """Runs rebuilds one at a time and hands each new engine to ``publish``.

    A second rebuild while one is queued or running is refused with
    IndexBusyError rather than queued: the caller decides whether to retry.
    """

    def __init__(
        self,
        settings: Settings,
        publish: Callable[[Engine], None],
        in_service: Callable[[], Engine | None] = lambda: None,
    ) -> None:
        self._settings = settings
        self._publish = publish
        self._in_service = in_service  # whose loaded models serve the new index when they built it
        self._lock = threading.Lock()
        self._jobs: dict[str, Job] = {}
        self._active: str | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="caseqa-rebuild")
        #: Set on shutdown: a running build, or an upload being parsed, gives up within a second or so.
        self.stopping = threading.Event()

    def submit(
        self, kind: str, prepare: Callable[[], str | None] | None = None, listener: Progress | None = None
    ) -> Job:
        """Start a rebuild; ``prepare`` (adding a source, say) runs first and may refuse it, changing nothing.

        ``prepare`` runs under the manager's lock, so the corpus is never
        changed while a build reads it. It returns a note for the job record.
        ``listener`` hears the build's progress too (the terminal's progress bars).
        """
        with self._lock:
            if self._active is not None:
                raise IndexBusyError(f"rebuild {self._active} is still running; try again when it has finished")
            detail = prepare() if prepare is not None else None
            job = Job(uuid.uuid4().hex, kind, "queued", time.time(), detail)
            self._jobs[job.job_id] = job
            self._active = job.job_id
            self._forget_old()
        self._worker.submit(self._run, job.job_id, listener)
        return job

    @property
    def busy(self) -> bool:
        """A rebuild is queued or running (it will put its own index in service)."""
        with self._lock:
            return self._active is not None

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def close(self) -> None:
        """Stop a running build and wait for it to clean up, so no half-finished job outlives the app."""
        self.stopping.set()
        self._worker.shutdown(wait=True, cancel_futures=True)

    def _run(self, job_id: str, listener: Progress | None) -> None:
        from caseqa.service.engine import load_engine

        def progress(stage: str, done: int, total: int) -> None:
            self._update(job_id, progress=(stage, done, total))
            if listener is not None:
                listener(stage, done, total)

        self._update(job_id, state="running", progress=("starting", 0, 0))
        try:
            report = build_index(self._settings, progress=progress, stop=self.stopping)
            self._update(job_id, progress=("loading", 0, 1))
            self._publish(load_engine(self._settings, reuse=self._in_service()))
        except Exception as exc:  # a failed build reports why; the engine in service stays
            logger.error("rebuild %s failed: %s", job_id, exc, exc_info=exc)
            self._finish(job_id, state="failed", error=str(exc) or type(exc).__name__)
            return
        logger.info("rebuild %s put index %s in service", job_id, report.version)
        self._finish(job_id, state="succeeded", result=report, progress=("done", 1, 1))

    def _update(self, job_id: str, **changes: Any) -> None:
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], **changes)

    def _finish(self, job_id: str, **changes: Any) -> None:
        """Record the outcome and free the slot in one step, so "succeeded" means a new rebuild is accepted."""
        with self._lock:
            self._jobs[job_id] = replace(self._jobs[job_id], finished=time.time(), **changes)
            self._active = None

    def _forget_old(self) -> None:
        finished = [job for job in self._jobs.values() if job.finished is not None]
        for job in sorted(finished, key=lambda j: j.created)[: max(0, len(finished) - KEEP_FINISHED)]:
            del self._jobs[job.job_id]
