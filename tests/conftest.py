"""Shared fixtures: the real corpus, and small sources built in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's CASEQA_* settings."""
    import os

    for name in list(os.environ):
        if name.startswith("CASEQA_"):
            monkeypatch.delenv(name)


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the real corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(REAL_CORPUS, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target
