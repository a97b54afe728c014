"""POST /ask and GET /search on the real index: cited answers whose spans slice the stored sources, and every bad input refused."""

from __future__ import annotations

import logging
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from tests.fixtures.held_engine import HeldEngine
from tests.service.api.conftest import assert_error

from fastapi.testclient import TestClient

from caseqa.config import Settings
from caseqa.service.api import create_app
from caseqa.service.api.schemas import AskResponse, SearchResponse
from caseqa.records import Span
from caseqa.ingest.textmap import cut_gaps

RUSSIA = "When did AliExpress enter the Russian market?"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def source_slice(client, doc_id: str, start: int, end: int, gaps: list) -> str:
    """The cited words, read back through the API: the source slice with its gaps cut out."""
    whole = client.get(f"/documents/{doc_id}/text").json()["text"]
    return cut_gaps(whole, Span(start, end, tuple(tuple(g) for g in gaps)))


@pytest.fixture
def no_server_errors(caplog: pytest.LogCaptureFixture):
    """Bad input must be refused on purpose, never reach the catch-all 500 handler."""
    with caplog.at_level(logging.ERROR, logger="caseqa.service.api"):
        yield
    assert not [r for r in caplog.records if r.name == "caseqa.service.api" and r.levelno >= logging.ERROR]


def test_ask_answers_with_citations_that_slice_the_source(client):
    response = client.post("/ask", json={"question": RUSSIA})
    assert response.status_code == 200, response.text
    body = AskResponse.model_validate(response.json())
    assert body.answerable and body.sentences and body.answer
    assert body.answer == " ".join(s.text for s in body.sentences)
    assert body.index_version == client.get("/health").json()["index_version"]
    assert "aliexpress-russia" in {s.citation.doc_id for s in body.sentences}
    for sentence in body.sentences:
        c = sentence.citation
        assert " > " in c.section or c.section
        assert words(source_slice(client, c.doc_id, c.start, c.end, c.gaps)) == words(sentence.text)
        if sentence.highlight is not None:
            start, end = sentence.highlight
            assert 0 <= start < end <= len(sentence.text)
    assert 1 <= len(body.passages) <= 8
    assert [p.rank for p in body.passages] == sorted(p.rank for p in body.passages)


def test_ask_restricted_to_one_document_cites_only_it(client):
    body = client.post("/ask", json={"question": RUSSIA, "doc_ids": ["wang-2018-thesis"], "top_k": 3}).json()
    assert {p["doc_id"] for p in body["passages"]} == {"wang-2018-thesis"}
    assert {s["citation"]["doc_id"] for s in body["sentences"]} <= {"wang-2018-thesis"}


@pytest.mark.parametrize("mode", ["hybrid", "bm25", "dense"])
def test_search_ranks_passages_in_every_mode(client, mode):
    response = client.get("/search", params={"q": "logistics problems in Russia", "k": 4, "mode": mode})
    assert response.status_code == 200, response.text
    body = SearchResponse.model_validate(response.json())
    assert body.mode == mode and body.query == "logistics problems in Russia"
    assert [p.rank for p in body.passages] == [1, 2, 3, 4]
    top = body.passages[0]
    assert words(source_slice(client, top.doc_id, top.start, top.end, top.gaps)) == words(top.text)


def test_search_filters_by_repeated_doc_id(client):
    params = [("q", "expansion strategy"), ("k", "10"), ("doc_id", "global-times-2017"), ("doc_id", "alibaba-case-study")]
    body = client.get("/search", params=params).json()
    assert body["passages"] and {p["doc_id"] for p in body["passages"]} <= {"global-times-2017", "alibaba-case-study"}


JSON = {"content-type": "application/json"}
BAD_ASK = [
    ("empty question", {"json": {"question": ""}}, 400, "bad_query"),
    ("whitespace question", {"json": {"question": "  \n\t "}}, 400, "bad_query"),
    ("question too long", {"json": {"question": "why " * 126}}, 400, "bad_query"),
    ("control character", {"json": {"question": "why\x00 Russia?"}}, 400, "bad_query"),
    ("bell character", {"json": {"question": "why\x07 Russia?"}}, 400, "bad_query"),
    ("DEL character", {"json": {"question": "why\x7f Russia?"}}, 400, "bad_query"),
    ("C1 control character", {"json": {"question": "why\x85 Russia?"}}, 400, "bad_query"),
    ("top_k zero", {"json": {"question": RUSSIA, "top_k": 0}}, 422, "invalid_request"),
    ("top_k too big", {"json": {"question": RUSSIA, "top_k": 21}}, 422, "invalid_request"),
    ("top_k as text", {"json": {"question": RUSSIA, "top_k": "5"}}, 422, "invalid_request"),
    ("top_k fractional", {"json": {"question": RUSSIA, "top_k": 2.5}}, 422, "invalid_request"),
    ("unknown mode", {"json": {"question": RUSSIA, "mode": "fuzzy"}}, 422, "invalid_request"),
    ("unknown doc id", {"json": {"question": RUSSIA, "doc_ids": ["no-such-doc"]}}, 400, "unknown_document"),
    ("doc ids not a list", {"json": {"question": RUSSIA, "doc_ids": "wang-2018-thesis"}}, 422, "invalid_request"),
    ("unknown field", {"json": {"question": RUSSIA, "k": 3}}, 422, "invalid_request"),
    ("missing question", {"json": {"top_k": 3}}, 422, "invalid_request"),
    ("null question", {"json": {"question": None}}, 422, "invalid_request"),
    ("number question", {"json": {"question": 42}}, 422, "invalid_request"),
    ("body is a list", {"json": [RUSSIA]}, 422, "invalid_request"),
    ("empty body", {"content": b"", "headers": JSON}, 422, "invalid_request"),
    ("malformed JSON", {"content": b'{"question": "why', "headers": JSON}, 400, "malformed_json"),
    ("invalid UTF-8", {"content": b'{"question": "why \xff\xfe"}', "headers": JSON}, 400, "bad_encoding"),
    ("lone surrogate", {"content": b'{"question": "why \\ud800"}', "headers": JSON}, 422, "invalid_request"),
    ("deeply nested", {"content": b"[" * 50_000 + b"]" * 50_000, "headers": JSON}, 413, "payload_too_large"),
    ("nested under limit", {"content": b"[" * 30_000 + b"]" * 30_000, "headers": JSON}, 400, "bad_request"),
    ("text/plain", {"content": RUSSIA.encode(), "headers": {"content-type": "text/plain"}}, 415, "unsupported_media_type"),
    ("form encoded", {"data": {"question": RUSSIA}}, 415, "unsupported_media_type"),
    ("no content type", {"content": b'{"question": "why"}'}, 415, "unsupported_media_type"),
    ("body over 64 KB", {"json": {"question": RUSSIA, "pad": "x" * 70_000}}, 413, "payload_too_large"),
    ("chunked body over 64 KB", {"content": iter([b'{"question": "', b"x" * 70_000, b'"}']), "headers": JSON}, 413, "payload_too_large"),
]


@pytest.mark.parametrize(("case", "request_args", "status", "code"), BAD_ASK, ids=[case[0] for case in BAD_ASK])
def test_ask_refuses_bad_input_with_a_clear_error(client, no_server_errors, case, request_args, status, code):
    assert_error(client.post("/ask", **request_args), status, code)


BAD_SEARCH = [
    ("missing q", {}, 422, "invalid_request"),
    ("empty q", {"q": ""}, 400, "bad_query"),
    ("whitespace q", {"q": "   "}, 400, "bad_query"),
    ("q too long", {"q": "x" * 501}, 400, "bad_query"),
    ("control character", {"q": "russia\x01"}, 400, "bad_query"),
    ("k zero", {"q": "russia", "k": 0}, 422, "invalid_request"),
    ("k too big", {"q": "russia", "k": 51}, 422, "invalid_request"),
    ("k not a number", {"q": "russia", "k": "ten"}, 422, "invalid_request"),
    ("unknown mode", {"q": "russia", "mode": "semantic"}, 422, "invalid_request"),
    ("unknown doc id", {"q": "russia", "doc_id": "nope"}, 400, "unknown_document"),
]


@pytest.mark.parametrize(("case", "params", "status", "code"), BAD_SEARCH, ids=[case[0] for case in BAD_SEARCH])
def test_search_refuses_bad_input_with_a_clear_error(client, no_server_errors, case, params, status, code):
    assert_error(client.get("/search", params=params), status, code)


def test_search_refuses_a_query_that_is_not_utf8(client, no_server_errors):
    error = assert_error(client.get("/search?q=russia%FF%FE"), 422, "invalid_request")
    assert "UTF-8" in error["message"]


def test_error_messages_name_the_problem(client):
    assert "500" in client.post("/ask", json={"question": "x" * 501}).json()["error"]["message"]
    assert "top_k" in client.post("/ask", json={"question": RUSSIA, "top_k": 99}).json()["error"]["message"]
    assert "no-such-doc" in client.post("/ask", json={"question": RUSSIA, "doc_ids": ["no-such-doc"]}).json()["error"]["message"]
    assert "application/json" in client.post("/ask", content=b"{}").json()["error"]["message"]


def test_past_the_bound_a_question_is_refused_at_once_with_retry_after(tmp_path, real_index):
    corpus, index = real_index
    settings = Settings(corpus_dir=corpus, index_dir=index, max_in_flight=1)
    with TestClient(create_app(settings)) as own:
        engine = own.app.state.engine
        held = own.app.state.engine = HeldEngine(engine)
        entered, release = held.entered, held.release
        with ThreadPoolExecutor(1) as pool:
            first = pool.submit(own.post, "/ask", json={"question": "Why did Alibaba enter Russia?"})
            assert entered.wait(30)
            refused = own.post("/ask", json={"question": "Why did Alibaba enter Russia?"})
            error = assert_error(refused, 503, "overloaded")
            assert refused.headers["retry-after"] == "1" and "busy" in error["message"]
            assert own.get("/health").status_code == 200  # health is never refused
            release.set()
            assert first.result(timeout=60).status_code == 200
        own.app.state.engine = engine
        assert own.post("/ask", json={"question": "Why did Alibaba enter Russia?"}).status_code == 200
