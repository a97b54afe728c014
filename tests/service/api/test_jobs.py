"""The rebuild job manager on its own, with a fake build: states, progress, failures and the one-at-a-time rule."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

import caseqa.service.engine
import caseqa.service.jobs
from caseqa.index.builder import BuildReport
from caseqa.config import Settings
from caseqa.errors import CorpusError, IndexBusyError, SourceError, StoppedError
from caseqa.service.jobs import JobManager

REPORT = BuildReport(version="v2", documents=5, chunks=10, sentences=40, embedded=3, reused=47, seconds=0.1)


class FakeBuild:
    """Reports two progress steps, then waits for the test to let it finish (or fail)."""

    def __init__(self, error: Exception | None = None) -> None:
        self.release = threading.Event()
        self.error = error

    def __call__(self, settings, embedder=None, progress=None, stop=None) -> BuildReport:
        progress("chunks", 1, 2)
        progress("chunks", 2, 2)
        deadline = time.monotonic() + 10
        while not self.release.wait(0.01):
            assert time.monotonic() < deadline
            if stop.is_set():
                raise StoppedError("the index build stopped because the server is shutting down")
        if self.error is not None:
            raise self.error
        return REPORT


@pytest.fixture
def manager(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    build = FakeBuild()
    published: list[object] = []
    monkeypatch.setattr(caseqa.service.jobs, "build_index", build)
    monkeypatch.setattr(
        caseqa.service.engine, "load_engine", lambda settings, reuse=None: f"new engine, models of {reuse}"
    )
    jobs = JobManager(Settings(corpus_dir=tmp_path, index_dir=tmp_path), published.append, lambda: "old engine")
    yield jobs, build, published
    build.release.set()
    jobs.close()


def wait(jobs: JobManager, job_id: str, state: str) -> caseqa.service.jobs.Job:
    deadline = time.monotonic() + 10
    while (job := jobs.get(job_id)).state != state:
        assert time.monotonic() < deadline, job
        time.sleep(0.01)
    return job


def test_a_job_runs_reports_progress_and_publishes_the_new_engine(manager):
    jobs, build, published = manager
    job = jobs.submit("rebuild")
    assert len(job.job_id) == 32 and int(job.job_id, 16) >= 0 and job.state == "queued"
    running = wait(jobs, job.job_id, "running")
    deadline = time.monotonic() + 10
    while jobs.get(job.job_id).progress != ("chunks", 2, 2):
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert running.result is None and published == []
    build.release.set()
    done = wait(jobs, job.job_id, "succeeded")
    assert done.result == REPORT and done.error is None and done.finished is not None
    assert published == ["new engine, models of old engine"]  # the loaded models serve the new index


def test_a_second_job_while_one_runs_is_refused_and_its_prepare_never_runs(manager):
    jobs, build, _ = manager
    first = jobs.submit("rebuild")
    prepared = []
    with pytest.raises(IndexBusyError, match=first.job_id):
        jobs.submit("add-source", prepare=lambda: prepared.append("ran") or "added")
    assert prepared == []
    build.release.set()
    wait(jobs, first.job_id, "succeeded")
    assert jobs.submit("add-source", prepare=lambda: "added x").detail == "added x"


def test_a_refused_prepare_starts_no_job(manager):
    jobs, build, published = manager

    def refuse() -> str:
        raise SourceError("x.txt: the file is empty")

    with pytest.raises(SourceError):
        jobs.submit("add-source", prepare=refuse)
    build.release.set()
    job = jobs.submit("rebuild")  # the slot is free: the refusal left nothing running
    wait(jobs, job.job_id, "succeeded")
    assert published == ["new engine, models of old engine"]  # the loaded models serve the new index


def test_a_failed_build_is_reported_and_nothing_is_published(monkeypatch: pytest.MonkeyPatch, manager):
    jobs, _, published = manager
    failing = FakeBuild(CorpusError("corpus/sources.toml: not valid TOML"))
    failing.release.set()
    monkeypatch.setattr(caseqa.service.jobs, "build_index", failing)
    job = wait(jobs, jobs.submit("rebuild").job_id, "failed")
    assert job.error == "corpus/sources.toml: not valid TOML" and job.result is None
    assert published == []
    assert jobs.get("no-such-job") is None


def test_closing_stops_a_running_build_at_once_and_publishes_nothing(manager):
    jobs, build, published = manager
    job = jobs.submit("rebuild")
    wait(jobs, job.job_id, "running")
    started = time.monotonic()
    jobs.close()
    assert time.monotonic() - started < 5
    stopped = jobs.get(job.job_id)
    assert stopped.state == "failed" and "shutting down" in stopped.error
    assert published == []
