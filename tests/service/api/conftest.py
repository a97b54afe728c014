"""API fixtures: one real index per test session, a read-only client on it, and clients on writable copies."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from caseqa.service.api import create_app
from caseqa.config import Settings

from tests.fixtures.real_index import built_index

REPO = Path(__file__).resolve().parents[3]
TOKEN = "test-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_index(tmp_path_factory)


@pytest.fixture(scope="session")
def client(real_index: tuple[Path, Path]) -> Iterator[TestClient]:
    """A client on the pristine index; tests using it must not change anything (refusals are fine)."""
    corpus, index = real_index
    with TestClient(create_app(Settings(corpus_dir=corpus, index_dir=index, admin_token=TOKEN))) as test_client:
        yield test_client


@pytest.fixture
def workspace(tmp_path: Path, real_index: tuple[Path, Path]) -> Settings:
    """Settings over a private copy of the corpus and index, for tests that add sources or rebuild."""
    corpus, index = real_index
    shutil.copytree(corpus, tmp_path / "corpus")
    shutil.copytree(index, tmp_path / "index")
    return Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", admin_token=TOKEN)


@pytest.fixture
def admin_client(workspace: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(workspace)) as test_client:
        yield test_client


def snapshot(*folders: Path) -> dict[str, bytes]:
    """Every file's bytes under ``folders``: comparing two snapshots proves nothing changed."""
    return {str(p): p.read_bytes() for folder in folders for p in sorted(folder.rglob("*")) if p.is_file()}


def wait_for_job(client: TestClient, job_id: str, timeout: float = 180.0) -> dict:
    """Poll a job until it succeeds or fails."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"/index/jobs/{job_id}", headers=AUTH).json()
        if job["status"] in ("succeeded", "failed"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The one error shape: ``{"error": {"code": ..., "message": ...}}`` with a non-empty message."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"].strip()
    if code is not None:
        assert body["error"]["code"] == code, body
    return body["error"]
