"""Shared fixtures: the real corpus, and small sources built in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_CORPUS = REPO / "corpus"


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads the developer's CASEQA_* settings, and no CLI test asks a server the developer runs."""
    import os

    for name in list(os.environ):
        if name.startswith("CASEQA_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("CASEQA_URL", "http://127.0.0.1:9")  # the discard port: nothing listens


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the real corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(REAL_CORPUS, target)
    for path in target.iterdir():
        path.chmod(0o644)
    return target


TINY_SOURCES = {
    "lazada-deal": (
        "news",
        "Alibaba and Lazada",
        "Alibaba acquired a controlling stake in Lazada in April 2016 for about 1 billion US dollars. "
        "The deal gave Alibaba a fast entry into Southeast Asia.\n\n"
        "Challenges ahead\n\nDelivery in Indonesia remains slow because roads are poor. "
        "Payment in Indonesia remains hard because many shoppers have no bank account.\n",
    ),
    "russia-entry": (
        "case study",
        "AliExpress in Russia",
        "1. Entry\n\nAliExpress entered Russia in 2010 as a cross-border platform. "
        "Russian shoppers liked its low prices.\n\n2. Growth\n\n"
        "By 2014 AliExpress was the most visited shopping site in Russia. "
        "Its parcels once took 60 days to arrive.\n",
    ),
}


def write_corpus(folder: Path, sources: dict[str, tuple[str, str, str]]) -> Path:
    """A corpus folder with one text file and one [[source]] table per entry."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = []
    for doc_id, (kind, title, text) in sources.items():
        (folder / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        tables.append(f'[[source]]\ndoc_id = "{doc_id}"\ntitle = "{title}"\nkind = "{kind}"\nfile = "{doc_id}.txt"\n')
    (folder / "sources.toml").write_text("\n".join(tables), encoding="utf-8")
    return folder


@pytest.fixture
def tiny_settings(tmp_path: Path):
    """Settings over a two-document corpus in a temporary folder."""
    from caseqa.config import Settings

    return Settings(corpus_dir=write_corpus(tmp_path / "corpus", TINY_SOURCES), index_dir=tmp_path / "index")


@pytest.fixture
def fake_embedder():
    from tests.fixtures.embedders import HashingEmbedder

    return HashingEmbedder()


@pytest.fixture(scope="session")
def real_index(tmp_path_factory: pytest.TempPathFactory):
    """Settings over the real corpus indexed with the real model, built once per test session."""
    from caseqa.config import Settings

    from tests.fixtures.real_index import built_index

    corpus, index = built_index(tmp_path_factory)
    return Settings(corpus_dir=corpus, index_dir=index)


@pytest.fixture(scope="session")
def real_engine(real_index):
    from caseqa.service.engine import load_engine

    return load_engine(real_index)
