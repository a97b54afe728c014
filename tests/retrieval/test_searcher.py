"""Search modes, fusion edge cases and filters over a tiny index."""

from __future__ import annotations

import pytest

from caseqa.index.builder import build_index
from caseqa.errors import QueryError, UnknownDocumentError
from caseqa.config import SearchSettings
from caseqa.retrieval.searcher import Searcher
from caseqa.index.store import load_index


@pytest.fixture
def index(tiny_settings, fake_embedder):
    build_index(tiny_settings, embedder=fake_embedder)
    return load_index(tiny_settings.index_dir)


def test_each_mode_finds_the_matching_document(index, fake_embedder):
    searcher = Searcher(index, fake_embedder)
    for mode in ("bm25", "dense", "hybrid"):
        hits = searcher.search("controlling stake in Lazada", k=2, mode=mode)
        assert hits[0].chunk.doc_id == "lazada-deal", mode
        assert [h.rank for h in hits] == list(range(1, len(hits) + 1))


def test_hybrid_hits_record_each_sides_rank(index, fake_embedder):
    hit = Searcher(index, fake_embedder).search("Lazada stake", k=1)[0]
    assert hit.bm25_rank == 1 and hit.dense_rank is not None


@pytest.mark.parametrize("query", ["AliExpress Russia parcels", "slow parcels delivery"])  # the second: dense leads elsewhere
def test_weights_one_zero_equal_bm25_alone(index, fake_embedder, query):
    bm25 = Searcher(index, fake_embedder).search(query, k=5, mode="bm25")
    for fusion in ("rrf", "weighted"):
        options = SearchSettings(fusion=fusion, weights=(1.0, 0.0), dense_leader_rank=1)  # no dense leader either
        fused = Searcher(index, fake_embedder, options).search(query, k=5, mode="hybrid")
        assert [h.chunk.chunk_id for h in fused] == [h.chunk.chunk_id for h in bm25], fusion


def test_the_dense_sides_best_passage_ranks_high_enough_in_hybrid_mode(index, fake_embedder):
    query = "delivery roads"
    dense = Searcher(index, fake_embedder).search(query, k=1, mode="dense")[0]
    plain = Searcher(index, fake_embedder, SearchSettings(dense_leader_rank=0)).search(query, k=3)
    assert plain[0].chunk.chunk_id != dense.chunk.chunk_id  # fusion ranks another passage first
    led = Searcher(index, fake_embedder, SearchSettings(dense_leader_rank=1)).search(query, k=3)
    assert led[0].chunk.chunk_id == dense.chunk.chunk_id and led[0].dense_rank == 1
    assert [h.chunk.chunk_id for h in led[1:]] == [h.chunk.chunk_id for h in plain if h.chunk.chunk_id != dense.chunk.chunk_id][:2]


def test_a_query_with_no_lexical_match_still_gets_dense_results(index, fake_embedder):
    searcher = Searcher(index, fake_embedder)
    assert searcher.search("zzzz qqqq", k=3, mode="bm25") == []
    hybrid = searcher.search("zzzz qqqq", k=3, mode="hybrid")
    assert hybrid and all(h.bm25_rank is None for h in hybrid)


def test_results_are_deterministic(index, fake_embedder):
    searcher = Searcher(index, fake_embedder)
    runs = {tuple(h.chunk.chunk_id for h in searcher.search("Alibaba", k=5)) for _ in range(3)}
    assert len(runs) == 1


def test_document_and_section_filters(index, fake_embedder):
    searcher = Searcher(index, fake_embedder)
    hits = searcher.search("Alibaba Lazada Russia", k=5, doc_ids=["russia-entry"])
    assert hits and {h.chunk.doc_id for h in hits} == {"russia-entry"}
    hits = searcher.search("Russia", k=5, section="Growth")
    assert hits and all("2. Growth" in h.chunk.section for h in hits)
    with pytest.raises(UnknownDocumentError, match="nope"):
        searcher.search("Russia", doc_ids=["nope"])


@pytest.mark.parametrize(("query", "message"), [("", "empty"), ("   ", "empty"), ("x" * 501, "limit"), ("a\x00b", "control")])
def test_bad_queries_are_refused(index, fake_embedder, query, message):
    with pytest.raises(QueryError, match=message):
        Searcher(index, fake_embedder).search(query)


def test_unknown_mode_is_refused(index, fake_embedder):
    with pytest.raises(QueryError, match="mode"):
        Searcher(index, fake_embedder).search("Russia", mode="magic")


def test_a_place_adjective_also_finds_the_place(tmp_path, fake_embedder):
    from caseqa.config import Settings

    from tests.conftest import write_corpus

    sources = {
        "spain": ("news", "Europe", "AliExpress became the third largest shopping site in Spain.\n"),
        "russia": ("news", "Russia", "AliExpress became the largest shopping site in Russia.\n"),
        "india": ("news", "India", "Paytm is a payment platform in India.\n"),
    }
    settings = Settings(corpus_dir=write_corpus(tmp_path / "corpus", sources), index_dir=tmp_path / "index")
    build_index(settings, embedder=fake_embedder)
    searcher = Searcher(load_index(settings.index_dir), fake_embedder)
    assert searcher.search("AliExpress on the Spanish market", k=1, mode="bm25")[0].chunk.doc_id == "spain"
    # the pairs are data: a corpus's own lexicon replaces them, here with none
    (tmp_path / "lexicon.json").write_text('{"place_adjectives": {}}')
    plain = Searcher(load_index(settings.index_dir), fake_embedder, SearchSettings(lexicon_file=tmp_path / "lexicon.json"))
    assert [hit.chunk.doc_id for hit in plain.search("AliExpress on the Spanish market", k=1, mode="bm25")] != ["spain"]


def test_a_question_naming_a_source_prefers_its_passages(index, fake_embedder):
    # A share of 1 puts every passage of the named source that either side found ahead of the rest.
    searcher = Searcher(index, fake_embedder, SearchSettings(source_boost=1.0))
    for mode in ("bm25", "dense", "hybrid"):
        plain = searcher.search("slow parcels", k=1, mode=mode)[0].chunk.doc_id
        other = ({"lazada-deal", "russia-entry"} - {plain}).pop()
        kind = {"lazada-deal": "news article", "russia-entry": "case study"}[other]
        hits = searcher.search(f"slow parcels, according to the {kind}", k=1, mode=mode)
        assert hits[0].chunk.doc_id == other, mode
