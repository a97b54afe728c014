"""BM25Index: rank-bm25's scores, deterministic top-k, and a save/load that refuses damaged files."""

import json
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from caseqa.errors import IndexCorruptError
from caseqa.index.bm25 import ARRAY_FILES, PARAMS_FILE, VOCAB_FILE, BM25Index

# "alibaba" is in 6 of 8 documents, so its raw idf is negative and rank-bm25 floors it.
CORPUS = [
    "alibaba expands cross border trade into russia".split(),
    "alibaba acquires lazada in southeast asia".split(),
    "aliexpress sells to russia russia russia".split(),
    "alibaba cloud opens data centres abroad".split(),
    "alibaba alibaba alipay payments".split(),
    "tmall global imports brands".split(),
    "alibaba invests in india paytm".split(),
    "alibaba lazada in southeast asia acquires".split(),
]
QUERIES = [
    ["alibaba"],
    ["russia", "trade"],
    ["russia", "russia", "alibaba"],
    ["lazada", "asia", "unknownterm"],
    ["alibaba", "alibaba", "tmall", "payments", "payments", "cloud"],
]


@pytest.fixture
def index() -> BM25Index:
    return BM25Index.build(CORPUS)


def test_fixture_has_a_floored_negative_idf() -> None:
    okapi = BM25Okapi(CORPUS, k1=1.2)
    assert np.log(8 - 6 + 0.5) - np.log(6 + 0.5) < 0
    assert okapi.idf["alibaba"] == pytest.approx(0.25 * okapi.average_idf)


@pytest.mark.parametrize("query", QUERIES)
def test_scores_equal_rank_bm25(index: BM25Index, query: list[str]) -> None:
    expected = BM25Okapi(CORPUS, k1=1.2, b=0.75, epsilon=0.25).get_scores(query)
    assert np.allclose(index.scores(query), expected, rtol=1e-12, atol=1e-12)


def test_scores_equal_rank_bm25_with_other_parameters() -> None:
    index = BM25Index.build(CORPUS, k1=1.5, b=0.3, epsilon=0.5)
    for query in QUERIES:
        expected = BM25Okapi(CORPUS, k1=1.5, b=0.3, epsilon=0.5).get_scores(query)
        assert np.allclose(index.scores(query), expected, rtol=1e-12, atol=1e-12)


def test_repeated_query_terms_count_twice(index: BM25Index) -> None:
    once, twice = index.scores(["russia"]), index.scores(["russia", "russia"])
    assert twice[2] > 0 and np.allclose(twice, 2 * once)


def test_search_orders_by_score(index: BM25Index) -> None:
    query = ["russia", "trade"]
    scores = BM25Okapi(CORPUS, k1=1.2).get_scores(query)
    hits = index.search(query, k=5)
    assert [doc for doc, _ in hits] == [0, 2]  # only docs that match, though k=5
    assert [score for _, score in hits] == pytest.approx([scores[0], scores[2]])
    assert hits[0][1] > hits[1][1]


def test_search_breaks_ties_by_lower_index(index: BM25Index) -> None:
    # docs 1 and 7 hold the same words in another order: identical scores.
    hits = index.search(["lazada", "acquires"], k=2)
    assert [doc for doc, _ in hits] == [1, 7]
    assert hits[0][1] == hits[1][1]
    assert index.search(["lazada", "acquires"], k=1) == hits[:1]


def test_search_keeps_ties_when_truncating_to_k(index: BM25Index) -> None:
    # docs 1, 3 and 7 tie on "alibaba" (same length, one occurrence), so some k cut inside the tie.
    scores = index.scores(["alibaba"])
    assert scores[1] == scores[3] == scores[7]
    truth = sorted((i for i in range(len(CORPUS)) if scores[i] > 0), key=lambda i: (-scores[i], i))
    for k in range(1, 8):
        assert [doc for doc, _ in index.search(["alibaba"], k=k)] == truth[:k]


def test_no_match_returns_nothing(index: BM25Index) -> None:
    assert index.search([], k=3) == []
    assert index.search(["nothing", "here"], k=3) == []
    assert index.search(["alibaba"], k=0) == []


def test_allowed_mask_filters_documents(index: BM25Index) -> None:
    allowed = np.zeros(len(CORPUS), dtype=bool)
    allowed[[2, 5]] = True
    assert [doc for doc, _ in index.search(["russia", "trade"], k=5, allowed=allowed)] == [2]
    with pytest.raises(ValueError, match="boolean mask"):
        index.search(["russia"], k=5, allowed=np.ones(3, dtype=bool))


def test_empty_corpus_is_refused() -> None:
    with pytest.raises(ValueError):
        BM25Index.build([[], []])


def test_save_load_round_trip(index: BM25Index, tmp_path: Path) -> None:
    index.save(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {VOCAB_FILE, PARAMS_FILE, *ARRAY_FILES.values()}
    params = json.loads((tmp_path / PARAMS_FILE).read_text())
    assert params["n_docs"] == 8 and params["k1"] == 1.2 and params["rank_bm25"]
    loaded = BM25Index.load(tmp_path)
    for query in QUERIES:
        assert np.array_equal(loaded.scores(query), index.scores(query))
        assert loaded.search(query, k=8) == index.search(query, k=8)
    for name in ("k1", "b", "epsilon", "avgdl"):
        assert getattr(loaded, name) == getattr(index, name)


@pytest.mark.parametrize("name", [VOCAB_FILE, PARAMS_FILE, *ARRAY_FILES.values()])
def test_truncated_file_is_corrupt(index: BM25Index, tmp_path: Path, name: str) -> None:
    index.save(tmp_path)
    path = tmp_path / name
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    with pytest.raises(IndexCorruptError, match=name):
        BM25Index.load(tmp_path)


@pytest.mark.parametrize("name", [VOCAB_FILE, PARAMS_FILE, *ARRAY_FILES.values()])
def test_missing_file_is_corrupt(index: BM25Index, tmp_path: Path, name: str) -> None:
    index.save(tmp_path)
    (tmp_path / name).unlink()
    with pytest.raises(IndexCorruptError, match=name):
        BM25Index.load(tmp_path)


def test_altered_array_is_corrupt(index: BM25Index, tmp_path: Path) -> None:
    index.save(tmp_path)
    data = np.load(tmp_path / ARRAY_FILES["data"])
    data[0] += 1.0
    np.save(tmp_path / ARRAY_FILES["data"], data, allow_pickle=False)
    with pytest.raises(IndexCorruptError, match=ARRAY_FILES["data"]):
        BM25Index.load(tmp_path)


def test_altered_vocab_is_corrupt(index: BM25Index, tmp_path: Path) -> None:
    index.save(tmp_path)
    vocab = json.loads((tmp_path / VOCAB_FILE).read_text())
    vocab["extra"] = len(vocab)
    (tmp_path / VOCAB_FILE).write_text(json.dumps(vocab))
    with pytest.raises(IndexCorruptError, match=VOCAB_FILE):
        BM25Index.load(tmp_path)


def test_altered_params_are_corrupt(index: BM25Index, tmp_path: Path) -> None:
    index.save(tmp_path)
    params = json.loads((tmp_path / PARAMS_FILE).read_text())
    params["n_docs"] = 2  # fewer docs than the postings point at
    (tmp_path / PARAMS_FILE).write_text(json.dumps(params))
    with pytest.raises(IndexCorruptError, match=PARAMS_FILE):
        BM25Index.load(tmp_path)
