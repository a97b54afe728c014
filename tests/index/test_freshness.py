"""Staleness: what changed since the index was built, and the cached check /health uses."""

from __future__ import annotations

import shutil

import pytest

import caseqa.index.freshness
from caseqa.brief.facets import EXAMPLES_FILE
from caseqa.corpus.sources import add_source
from caseqa.index.builder import build_index
from caseqa.index.freshness import StalenessCheck, corpus_changes, staleness
from caseqa.index.store import load_index
from tests.conftest import REPO
from tests.index.test_builder import NEW_DOC


def test_staleness_names_what_changed(tiny_settings, fake_embedder):
    build_index(tiny_settings, embedder=fake_embedder)
    index = load_index(tiny_settings.index_dir)
    assert corpus_changes(index, tiny_settings) == []
    assert staleness(index, tiny_settings.model_copy(update={"model": str(REPO)})) != []
    add_source(tiny_settings.corpus_dir, NEW_DOC, "frankfurt.txt", title="Frankfurt", kind="news")
    assert "frankfurt was added" in staleness(index, tiny_settings)
    assert corpus_changes(index, tiny_settings) == ["frankfurt was added"]
    (tiny_settings.corpus_dir / "lazada-deal.txt").write_text("Alibaba bought Lazada. It was a big deal.\n")
    assert corpus_changes(index, tiny_settings) == ["frankfurt was added", "lazada-deal changed"]


@pytest.fixture
def comparisons(monkeypatch) -> list[int]:
    """One entry per time the corpus is compared with the index (the work the cache saves)."""
    calls: list[int] = []
    real = caseqa.index.freshness.staleness
    monkeypatch.setattr(caseqa.index.freshness, "staleness", lambda *args: calls.append(1) or real(*args))
    return calls


def test_the_cached_check_hashes_the_corpus_again_only_after_a_file_changes(tiny_settings, fake_embedder, comparisons):
    build_index(tiny_settings, embedder=fake_embedder)
    index = load_index(tiny_settings.index_dir)
    check = StalenessCheck(tiny_settings)
    first = check.reasons(index)
    assert check.reasons(index) == first and len(comparisons) == 1
    add_source(tiny_settings.corpus_dir, NEW_DOC, "frankfurt.txt", title="Frankfurt", kind="news")
    assert "frankfurt was added" in check.reasons(index) and len(comparisons) == 2
    (tiny_settings.corpus_dir / "sources.toml").write_text("not [toml", encoding="utf-8")
    assert any("cannot compare with the corpus" in reason for reason in check.reasons(index))


def test_the_cached_check_looks_again_when_a_data_file_a_setting_points_to_changes(tiny_settings, fake_embedder, tmp_path, comparisons):
    """The fingerprint hashes such a file, so an edit to it can make the index stale; the cache must not hide that."""
    examples = tmp_path / "facet_examples.jsonl"
    shutil.copyfile(EXAMPLES_FILE, examples)
    settings = tiny_settings.model_copy(update={"brief": tiny_settings.brief.model_copy(update={"examples_file": examples})})
    build_index(settings, embedder=fake_embedder)
    index = load_index(settings.index_dir)
    check = StalenessCheck(settings)
    check.reasons(index)
    check.reasons(index)
    assert len(comparisons) == 1
    with examples.open("a", encoding="utf-8") as handle:
        handle.write('{"text": "Alibaba entered Russia through AliExpress in 2010.", "facets": ["entry_modes"]}\n')
    check.reasons(index)
    assert len(comparisons) == 2
