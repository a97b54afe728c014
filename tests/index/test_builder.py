"""Rebuilds re-embed only what changed, swap in atomically, and never lose the index in service."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time

import pytest

from caseqa.brief.facets import load_examples
from caseqa.index.builder import build_index, chunk_embedding_text
from caseqa.corpus.sources import add_source
from caseqa.errors import IndexBusyError, SourceTooLargeError, StoppedError
from caseqa.index.store import BUILDS, PARTIAL_PREFIX, build_lock, load_index

from tests.conftest import REPO

NEW_DOC = b"Alibaba opened a data centre in Frankfurt in 2016. European customers wanted local storage.\n"


def test_rebuild_embeds_only_the_new_document(tiny_settings, fake_embedder):
    first = build_index(tiny_settings, embedder=fake_embedder)
    assert first.reused == 0 and first.embedded > 0
    source = add_source(tiny_settings.corpus_dir, NEW_DOC, "frankfurt.txt", title="Frankfurt", kind="news")
    fake_embedder.embedded.clear()
    second = build_index(tiny_settings, embedder=fake_embedder)
    index = load_index(tiny_settings.index_dir)
    new_chunks = [c for c in index.chunks if c.doc_id == source.doc_id]
    new_sentences = [s for s in index.sentences if s.doc_id == source.doc_id]
    assert second.embedded == len(new_chunks) + len(new_sentences)
    expected = {chunk_embedding_text(c, "Frankfurt") for c in new_chunks} | {s.text for s in new_sentences}
    facet_examples = set(load_examples()[0])  # the brief's classifier learns from these at every build
    assert set(fake_embedder.embedded) - facet_examples == expected
    assert second.version != first.version and index.version == second.version


class FailingEmbedder:
    """Wraps an embedder and fails after a few batches, like a crash half-way through a build."""

    def __init__(self, inner):
        self.inner, self.model_id, self.dimension, self.calls = inner, "failing@1", inner.dimension, 0

    def embed(self, texts, batch_size=32, progress=None):
        self.calls += 1
        if self.calls > 1:
            raise RuntimeError("model crashed")
        return self.inner.embed(texts, batch_size, progress)


def test_a_failed_build_leaves_the_previous_index_serving(tiny_settings, fake_embedder):
    first = build_index(tiny_settings, embedder=fake_embedder)
    add_source(tiny_settings.corpus_dir, NEW_DOC, "frankfurt.txt", title="Frankfurt", kind="news")
    with pytest.raises(RuntimeError, match="model crashed"):
        build_index(tiny_settings, embedder=FailingEmbedder(fake_embedder))
    index = load_index(tiny_settings.index_dir)
    assert index.version == first.version
    assert [p.name for p in (tiny_settings.index_dir / BUILDS).iterdir()] == [first.version]


def test_a_stopped_build_gives_up_and_leaves_the_previous_index_serving(tiny_settings, fake_embedder):
    first = build_index(tiny_settings, embedder=fake_embedder)
    add_source(tiny_settings.corpus_dir, NEW_DOC, "frankfurt.txt", title="Frankfurt", kind="news")
    stop = threading.Event()
    stop.set()
    with pytest.raises(StoppedError, match="shutting down"):
        build_index(tiny_settings, embedder=fake_embedder, stop=stop)
    assert load_index(tiny_settings.index_dir).version == first.version
    assert [p.name for p in (tiny_settings.index_dir / BUILDS).iterdir()] == [first.version]


def test_a_source_that_parses_past_the_budget_fails_the_build_naming_it(tiny_settings, fake_embedder):
    first = build_index(tiny_settings, embedder=fake_embedder)
    hurried = tiny_settings.model_copy(update={"parse_seconds": 1e-9})
    with pytest.raises(SourceTooLargeError, match=r"lazada-deal\.txt \(lazada-deal\): parsing took longer"):
        build_index(hurried, embedder=fake_embedder)
    assert load_index(tiny_settings.index_dir).version == first.version


def test_a_second_build_is_refused_while_one_runs(tiny_settings, fake_embedder):
    with build_lock(tiny_settings.index_dir):
        with pytest.raises(IndexBusyError, match="another build"):
            build_index(tiny_settings, embedder=fake_embedder)


def test_a_build_killed_half_way_leaves_the_previous_index_intact(tiny_settings, fake_embedder):
    first = build_index(tiny_settings, embedder=fake_embedder)
    add_source(tiny_settings.corpus_dir, NEW_DOC, "frankfurt.txt", title="Frankfurt", kind="news")
    script = textwrap.dedent(
        f"""
        import sys, time
        sys.path.insert(0, {str(REPO)!r})
        from tests.fixtures.embedders import HashingEmbedder
        from caseqa.index.builder import build_index
        from caseqa.config import Settings

        class Slow(HashingEmbedder):
            def embed_batch(self, texts, role="document"):
                time.sleep(60)
                return super().embed_batch(texts, role)

        build_index(Settings(corpus_dir={str(tiny_settings.corpus_dir)!r}, index_dir={str(tiny_settings.index_dir)!r}),
                    embedder=Slow())
        """
    )
    process = subprocess.Popen([sys.executable, "-c", script])
    builds = tiny_settings.index_dir / BUILDS
    deadline = time.monotonic() + 60
    while not list(builds.glob(f"{PARTIAL_PREFIX}*")) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(builds.glob(f"{PARTIAL_PREFIX}*")), "the build never started writing"
    process.kill()
    process.wait()
    assert load_index(tiny_settings.index_dir).version == first.version
    second = build_index(tiny_settings, embedder=fake_embedder)
    assert not list(builds.glob(f"{PARTIAL_PREFIX}*")) and load_index(tiny_settings.index_dir).version == second.version
