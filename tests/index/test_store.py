"""The index folder round-trips through plain files, and any damage is named on load."""

from __future__ import annotations

import json

import pytest

from caseqa.index.builder import build_index
from caseqa.errors import IndexCorruptError, IndexMissingError, IndexStaleError
from caseqa.retrieval.searcher import Searcher
from caseqa.index.store import CHUNKS, CURRENT, MANIFEST, SENTENCE_VECTORS, current_build, load_index

from tests.fixtures.embedders import HashingEmbedder


@pytest.fixture
def built(tiny_settings, fake_embedder):
    build_index(tiny_settings, embedder=fake_embedder)
    return tiny_settings


def test_save_and_load_round_trip(built, fake_embedder):
    index = load_index(built.index_dir)
    assert set(index.documents) == {"lazada-deal", "russia-entry"}
    assert len(index.chunks) == index.manifest["counts"]["chunks"] > 0
    assert index.sentence_vectors.shape == (len(index.sentences), fake_embedder.dimension)
    hits = Searcher(index, fake_embedder).search("Lazada stake", k=3)
    again = Searcher(load_index(built.index_dir), fake_embedder).search("Lazada stake", k=3)
    assert [h.chunk for h in hits] == [h.chunk for h in again]
    assert hits[0].chunk.doc_id == "lazada-deal"


def test_no_pickle_anywhere_in_the_index(built):
    for path in current_build(built.index_dir).iterdir():
        assert path.suffix in {".json", ".jsonl", ".npy", ".faiss"}, path
        if path.suffix == ".npy":
            assert b"pickle" not in path.read_bytes()[:128]


def test_a_missing_index_says_how_to_build_one(tiny_settings):
    with pytest.raises(IndexMissingError, match="caseqa index"):
        load_index(tiny_settings.index_dir)


@pytest.mark.parametrize("name", [CHUNKS, SENTENCE_VECTORS, "bm25_vocab.json", "chunk_vectors.faiss"])
def test_a_truncated_or_altered_file_is_named(built, name):
    path = current_build(built.index_dir) / name
    path.write_bytes(path.read_bytes()[:-10])
    with pytest.raises(IndexCorruptError, match=name):
        load_index(built.index_dir)


def test_a_deleted_file_is_named(built):
    (current_build(built.index_dir) / CHUNKS).unlink()
    with pytest.raises(IndexCorruptError, match=f"{CHUNKS}: missing"):
        load_index(built.index_dir)




def test_a_pointer_to_nowhere_is_refused(built):
    (built.index_dir / CURRENT).write_text("no-such-build\n")
    with pytest.raises(IndexCorruptError, match="no-such-build"):
        load_index(built.index_dir)


def test_an_index_built_by_another_model_is_refused(built):
    index = load_index(built.index_dir)
    with pytest.raises(IndexCorruptError, match="another-model"):
        Searcher(index, HashingEmbedder(model_id="another-model@2"))


def test_an_index_whose_sentences_another_model_embedded_is_stale(built):
    index = load_index(built.index_dir)
    with pytest.raises(IndexStaleError, match="sentence-model"):
        Searcher(index, HashingEmbedder(), sentence_embedder=HashingEmbedder(model_id="sentence-model@3"))


def test_an_older_format_is_refused_as_stale_so_a_server_may_rebuild_it(built):
    manifest_path = current_build(built.index_dir) / MANIFEST
    manifest = json.loads(manifest_path.read_text())
    manifest["format_version"] = 1
    manifest_path.write_text(json.dumps(manifest))
    with pytest.raises(IndexStaleError, match="format 1"):
        load_index(built.index_dir)
