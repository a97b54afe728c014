"""Admin routes: the token, uploads refused without a trace, background rebuilds, and the engine swap."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from tests.fixtures.held_engine import HeldEngine
from tests.service.api.conftest import AUTH, REPO, TOKEN, assert_error, snapshot, wait_for_job
from fastapi.testclient import TestClient

import caseqa.index.freshness
import caseqa.service.jobs
from caseqa.service.api import create_app
from caseqa.service.api.routes.sources import MAX_UPLOAD_BYTES
from caseqa.config import Settings
from tests.fixtures.pdfs import bomb_pdf, encrypted_pdf, text_pdf

FRANKFURT = (
    "Alibaba Cloud in Europe\n\n"
    "Alibaba Cloud opened its first European data centre in Frankfurt, Germany, in November 2016. "
    "The Frankfurt data centre was run together with the German telecoms company Vodafone. "
    "It allowed European customers to keep their data inside the European Union. "
    "The company said the new site would serve clients in Germany, France and Italy.\n"
)
FORM = {"title": "Alibaba Cloud opens a Frankfurt data centre", "kind": "news", "authors": "A. Writer, B. Writer", "year": "2016"}
ADMIN_ROUTES = [("POST", "/index/rebuild"), ("GET", "/index/jobs/0123"), ("POST", "/sources")]


def upload(client: TestClient, name: str, data: bytes, headers: dict | None = None, **form: str):
    return client.post("/sources", files={"file": (name, data, "application/octet-stream")}, data={**FORM, **form}, headers=AUTH if headers is None else headers)


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
def test_admin_routes_are_off_without_a_configured_token(tmp_path, method, path):
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", admin_token=None)
    with TestClient(create_app(settings)) as own:
        error = assert_error(own.request(method, path, headers=AUTH), 403, "admin_disabled")
        assert "CASEQA_ADMIN_TOKEN" in error["message"]


@pytest.mark.parametrize(("method", "path"), ADMIN_ROUTES)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": TOKEN}, {"Authorization": f"Basic {TOKEN}"},
     {"Authorization": "Bearer tést-token".encode("latin-1")}, {"Authorization": "Bearer "}],
    ids=["missing", "wrong", "no scheme", "basic", "non-ascii", "empty"],
)
def test_admin_routes_refuse_a_missing_or_wrong_token(client, real_index, method, path, headers):
    before = snapshot(*real_index)
    response = client.request(method, path, headers=headers, files={"file": ("a.txt", FRANKFURT.encode())} if path == "/sources" else None)
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"
    assert snapshot(*real_index) == before


def test_unknown_job_is_404(client):
    assert_error(client.get("/index/jobs/ffff", headers=AUTH), 404, "unknown_job")


def test_upload_then_ask_cites_the_new_source(admin_client, workspace):
    old_version = admin_client.get("/health").json()["index_version"]
    accepted = upload(admin_client, "frankfurt.txt", FRANKFURT.encode(), doc_id="frankfurt-2016")
    assert accepted.status_code == 202, accepted.text
    assert accepted.json()["status"] in ("queued", "running") and "frankfurt-2016" in accepted.json()["detail"]
    job = wait_for_job(admin_client, accepted.json()["job_id"])
    assert job["status"] == "succeeded", job
    assert job["result"]["documents"] == 6 and job["result"]["embedded"] > 0 and job["result"]["reused"] > 1000
    assert job["result"]["version"] != old_version

    health = admin_client.get("/health").json()
    assert health["status"] == "ok" and health["index_version"] == job["result"]["version"] and health["documents"] == 6
    stored = admin_client.get("/documents/frankfurt-2016").json()
    assert stored["authors"] == ["A. Writer", "B. Writer"] and stored["year"] == 2016 and stored["file"] == "frankfurt-2016.txt"
    assert (workspace.corpus_dir / "frankfurt-2016.txt").read_text(encoding="utf-8") == FRANKFURT

    answer = admin_client.post("/ask", json={"question": "In which city did Alibaba Cloud open its first European data centre?"}).json()
    assert answer["index_version"] == job["result"]["version"]
    cited = [s for s in answer["sentences"] if s["citation"]["doc_id"] == "frankfurt-2016"]
    assert cited and any("Frankfurt" in s["text"] for s in cited), answer
    c = cited[0]["citation"]
    assert FRANKFURT[c["start"] : c["end"]] == cited[0]["text"]

    # the case brief was recomposed with the index: the new source's European entry is in it
    slugs = {m["slug"] for m in admin_client.get("/brief").json()["markets"]} & {"europe", "germany"}
    briefs = [admin_client.get(f"/brief/{slug}").json() for slug in slugs]
    items = [i for b in briefs for facet in b["facets"].values() for i in facet] + [e["sentence"] for b in briefs for e in b["timeline"]]
    assert any(c["doc_id"] == "frankfurt-2016" for item in items for c in item["citations"]), briefs


def test_a_pdf_upload_is_stored_as_its_text(admin_client, workspace):
    pdf = text_pdf(["Alibaba Cloud opened a data centre in Frankfurt in 2016.", "It served customers across Europe from Germany."])
    accepted = upload(admin_client, "frankfurt.pdf", pdf, doc_id="frankfurt-pdf")
    assert accepted.status_code == 202, accepted.text
    assert wait_for_job(admin_client, accepted.json()["job_id"])["status"] == "succeeded"
    assert (workspace.corpus_dir / "originals" / "frankfurt-pdf.pdf").read_bytes() == pdf
    assert "Frankfurt" in admin_client.get("/documents/frankfurt-pdf/text").json()["text"]


def _raw_multipart(filename: bytes, data: bytes) -> tuple[bytes, dict]:
    """A multipart body built by hand, for file names an HTTP client would refuse to send."""
    boundary = b"caseqa-test-boundary"
    parts = [b'--%s\r\nContent-Disposition: form-data; name="title"\r\n\r\nA title\r\n' % boundary]
    parts.append(b'--%s\r\nContent-Disposition: form-data; name="file"; filename="%s"\r\n\r\n%s\r\n' % (boundary, filename, data))
    parts.append(b"--%s--\r\n" % boundary)
    return b"".join(parts), {**AUTH, "content-type": f"multipart/form-data; boundary={boundary.decode()}"}


CORPUS_FILE = (REPO / "corpus" / "global-times-2017-ecommerce-belt-and-road.txt").read_bytes()
REFUSED = [
    ("path traversal", "../../etc/frankfurt.txt", FRANKFURT.encode(), {}, 400),
    ("backslash path", "..\\frankfurt.txt", FRANKFURT.encode(), {}, 400),
    ("dot-file", ".frankfurt.txt", FRANKFURT.encode(), {}, 400),
    ("unsupported type", "frankfurt.docx", FRANKFURT.encode(), {}, 415),
    ("no suffix", "frankfurt", FRANKFURT.encode(), {}, 415),
    ("executable", "frankfurt.sh", b"#!/bin/sh\nrm -rf /\n", {}, 415),
    ("empty", "empty.txt", b"", {}, 400),
    ("only whitespace", "blank.txt", b"  \n\n\t ", {}, 400),
    ("no sentences", "contents.txt", b"Contents\n\n1 Introduction\n\n2 Methods\n\n3 Results\n\n4 Discussion", {}, 400),
    ("invalid UTF-8", "latin.txt", "Über Frankfurt".encode("latin-1") + FRANKFURT.encode(), {}, 400),
    ("broken PDF", "broken.pdf", b"%PDF-1.4\nthis is not really a pdf\n", {}, 400),
    ("encrypted PDF", "locked.pdf", encrypted_pdf(), {}, 400),
    ("PDF decompression bomb", "bomb.pdf", bomb_pdf(), {}, 413),
    ("duplicate content", "again.txt", CORPUS_FILE, {}, 400),
    ("doc_id taken", "frankfurt.txt", FRANKFURT.encode(), {"doc_id": "wang-2018-thesis"}, 400),
    ("bad doc_id", "frankfurt.txt", FRANKFURT.encode(), {"doc_id": "../evil"}, 400),
    ("unknown kind", "frankfurt.txt", FRANKFURT.encode(), {"kind": "rumour"}, 400),
    ("year out of range", "frankfurt.txt", FRANKFURT.encode(), {"year": "1066"}, 400),
    ("year not a number", "frankfurt.txt", FRANKFURT.encode(), {"year": "last year"}, 422),
    ("blank title", "frankfurt.txt", FRANKFURT.encode(), {"title": "   "}, 400),
    ("DEL in the title", "frankfurt.txt", FRANKFURT.encode(), {"title": "Probe\x7f title"}, 400),
    ("C1 control in an author", "frankfurt.txt", FRANKFURT.encode(), {"authors": "A. Au\x85thor"}, 400),
    ("DEL in the file name", "frank\x7ffurt.txt", FRANKFURT.encode(), {}, 400),
    ("doc_id with a trailing newline", "frankfurt.txt", FRANKFURT.encode(), {"doc_id": "frankfurt\n"}, 400),
    ("title too long", "frankfurt.txt", FRANKFURT.encode(), {"title": "t" * 301}, 422),
]


@pytest.fixture(scope="module")
def refusing(real_index, tmp_path_factory) -> Iterator[tuple[TestClient, tuple[Path, Path]]]:
    """A client on a copy shared by the refusal tests: should one upload slip through, only this copy is spoilt."""
    root = tmp_path_factory.mktemp("refusals")
    folders = (root / "corpus", root / "index")
    for source, target in zip(real_index, folders):
        shutil.copytree(source, target)
    with TestClient(create_app(Settings(corpus_dir=folders[0], index_dir=folders[1], admin_token=TOKEN))) as own:
        yield own, folders


@pytest.mark.parametrize(("case", "name", "data", "form", "status"), REFUSED, ids=[r[0] for r in REFUSED])
def test_refused_uploads_change_nothing(refusing, case, name, data, form, status):
    client, folders = refusing
    before = snapshot(*folders)
    error = assert_error(upload(client, name, data, **form), status)
    assert snapshot(*folders) == before, "a refused upload changed the corpus or the index"
    if status == 400:
        assert error["code"] == "bad_source"


@pytest.mark.parametrize(
    ("case", "request_args", "status"),
    [
        ("NUL in file name", _raw_multipart(b"fr\x00ankfurt.txt", FRANKFURT.encode()), 400),
        ("no file part", (b"--b\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nT\r\n--b--\r\n",
                          {**AUTH, "content-type": "multipart/form-data; boundary=b"}), 422),
        ("JSON instead of a form", (b'{"title": "T"}', {**AUTH, "content-type": "application/json"}), 415),
        ("no content type", (FRANKFURT.encode(), AUTH), 415),
        ("truncated multipart", (b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nabc",
                                 {**AUTH, "content-type": "multipart/form-data; boundary=b"}), 422),
    ],
)
def test_malformed_upload_requests_change_nothing(refusing, case, request_args, status):
    client, folders = refusing
    before = snapshot(*folders)
    content, headers = request_args
    assert_error(client.post("/sources", content=content, headers=headers), status)
    assert snapshot(*folders) == before


def test_an_oversized_upload_is_refused_before_it_is_read(refusing):
    client, folders = refusing
    before = snapshot(*folders)
    big = b"Alibaba opened a data centre. " * (MAX_UPLOAD_BYTES // 30 + 70_000)
    error = assert_error(upload(client, "big.txt", big), 413, "payload_too_large")
    assert "bytes" in error["message"]
    just_over = b"x" * (MAX_UPLOAD_BYTES + 1)  # the request fits the body limit, the file does not
    assert_error(upload(client, "big.txt", just_over), 413, "payload_too_large")

    def chunks():
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\n\r\n'
        for _ in range(22):
            yield b"y" * (1024 * 1024)

    headers = {**AUTH, "content-type": "multipart/form-data; boundary=b"}
    assert_error(client.post("/sources", content=chunks(), headers=headers), 413, "payload_too_large")
    assert snapshot(*folders) == before


@pytest.fixture
def blocked_build(monkeypatch: pytest.MonkeyPatch):
    """Holds every rebuild at its start until the test sets the event."""
    release = threading.Event()
    started = threading.Event()
    real_build = caseqa.service.jobs.build_index

    def build(settings, embedder=None, progress=None, stop=None):
        started.set()
        assert release.wait(120), "the test never released the build"
        return real_build(settings, embedder, progress, stop=stop)

    monkeypatch.setattr(caseqa.service.jobs, "build_index", build)
    yield started, release
    release.set()


@pytest.mark.parametrize(
    ("errno", "status", "code"), [(28, 507, "insufficient_storage"), (30, 503, "storage_unavailable")], ids=["full", "read-only"]
)
def test_a_corpus_that_cannot_be_written_refuses_the_upload_cleanly(refusing, monkeypatch, errno, status, code):
    import caseqa.corpus.sources

    def cannot_write(path, data):
        raise OSError(errno, "simulated")

    monkeypatch.setattr(caseqa.corpus.sources, "_write_atomically", cannot_write)
    client, folders = refusing
    before = snapshot(*folders)
    error = assert_error(upload(client, "frankfurt.txt", FRANKFURT.encode()), status, code)
    assert "not stored" in error["message"] and str(folders[0]) not in error["message"]
    assert snapshot(*folders) == before


def test_an_upload_being_parsed_holds_no_lock(admin_client, workspace, monkeypatch):
    """A slow upload is parsed before the rebuild lock is taken: job queries and rebuilds go on meanwhile."""
    import caseqa.service.api.routes.sources as route

    parsing, release = threading.Event(), threading.Event()
    real_prepare = route.prepare_source

    def slow_prepare(*args, **kwargs):
        parsing.set()
        assert release.wait(60)
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(route, "prepare_source", slow_prepare)
    with ThreadPoolExecutor(1) as pool:
        pending = pool.submit(upload, admin_client, "frankfurt.txt", FRANKFURT.encode())
        assert parsing.wait(30)
        rebuild = admin_client.post("/index/rebuild", headers=AUTH)
        assert rebuild.status_code == 202
        assert admin_client.get(f"/index/jobs/{rebuild.json()['job_id']}", headers=AUTH).status_code == 200
        assert wait_for_job(admin_client, rebuild.json()["job_id"])["status"] == "succeeded"
        release.set()
        accepted = pending.result(60)
    assert accepted.status_code == 202, accepted.text
    assert wait_for_job(admin_client, accepted.json()["job_id"])["status"] == "succeeded"


def test_a_source_left_unindexed_is_built_when_the_server_starts(workspace):
    """An upload whose rebuild was killed leaves its source in the corpus only; the next start indexes it."""
    from caseqa.corpus.sources import add_source

    add_source(workspace.corpus_dir, FRANKFURT.encode(), "frankfurt.txt", title="Frankfurt", kind="news", doc_id="frankfurt-2016")
    with TestClient(create_app(workspace)) as own:
        health = own.get("/health").json()
        assert health["documents"] == 5  # the old index serves meanwhile, and says what it lacks
        assert health["status"] == "stale" and "frankfurt-2016 was added" in health["stale_reasons"]
        deadline = time.monotonic() + 180
        while (health := own.get("/health").json())["status"] != "ok":
            assert time.monotonic() < deadline, health
            time.sleep(0.2)
        assert health["documents"] == 6
        answer = own.post("/ask", json={"question": "In which city did Alibaba Cloud open its first European data centre?"})
        assert "frankfurt-2016" in {s["citation"]["doc_id"] for s in answer.json()["sentences"]}


def test_an_index_built_by_the_cli_is_swapped_in_without_a_restart(workspace):
    """`caseqa add` in another process rebuilds the index; the running server notices CURRENT and serves it."""
    from caseqa.corpus.sources import add_source
    from caseqa.index.builder import build_index

    settings = workspace.model_copy(update={"index_watch_seconds": 0.2})
    with TestClient(create_app(settings)) as own:
        old = own.get("/health").json()
        add_source(settings.corpus_dir, FRANKFURT.encode(), "frankfurt.txt", title="Frankfurt", kind="news", doc_id="frankfurt-2016")
        report = build_index(settings)
        deadline = time.monotonic() + 60
        while (health := own.get("/health").json())["index_version"] != report.version:
            assert health["index_version"] == old["index_version"], "only the old or the new index may serve"
            assert time.monotonic() < deadline, health
            time.sleep(0.1)
        assert health["status"] == "ok" and health["documents"] == 6 and health["stale_reasons"] == []
        answer = own.post("/ask", json={"question": "In which city did Alibaba Cloud open its first European data centre?"}).json()
        assert answer["index_version"] == report.version
        assert "frankfurt-2016" in {s["citation"]["doc_id"] for s in answer["sentences"]}


def test_a_damaged_build_named_by_current_is_not_swapped_in(workspace):
    from caseqa.index.store import BUILDS, CURRENT, MANIFEST

    settings = workspace.model_copy(update={"index_watch_seconds": 0.1})
    with TestClient(create_app(settings)) as own:
        version = own.get("/health").json()["index_version"]
        builds = settings.index_dir / BUILDS
        shutil.copytree(builds / version, builds / "damaged")
        (builds / "damaged" / MANIFEST).write_text("{}", encoding="utf-8")
        (settings.index_dir / CURRENT).write_text("damaged\n", encoding="utf-8")
        time.sleep(1)
        assert own.get("/health").json()["index_version"] == version
        assert own.post("/ask", json={"question": "Why did Alibaba go abroad?"}).json()["index_version"] == version


def test_a_second_rebuild_while_one_runs_is_409(admin_client, workspace, blocked_build):
    started, release = blocked_build
    first = admin_client.post("/index/rebuild", headers=AUTH)
    assert first.status_code == 202
    assert started.wait(30)
    running = admin_client.get(f"/index/jobs/{first.json()['job_id']}", headers=AUTH).json()
    assert running["status"] == "running" and running["result"] is None and running["progress"]["stage"] == "starting"

    assert "still running" in assert_error(admin_client.post("/index/rebuild", headers=AUTH), 409, "index_busy")["message"]
    before = snapshot(workspace.corpus_dir)
    assert_error(upload(admin_client, "frankfurt.txt", FRANKFURT.encode()), 409, "index_busy")
    assert snapshot(workspace.corpus_dir) == before, "a refused upload must not add the source"
    assert admin_client.post("/ask", json={"question": "Why did Alibaba go abroad?"}).status_code == 200

    release.set()
    assert wait_for_job(admin_client, first.json()["job_id"])["status"] == "succeeded"


def test_a_failed_rebuild_reports_why_and_keeps_serving(admin_client, workspace):
    version = admin_client.get("/health").json()["index_version"]
    (workspace.corpus_dir / "sources.toml").write_text("this is [not toml", encoding="utf-8")
    job = wait_for_job(admin_client, admin_client.post("/index/rebuild", headers=AUTH).json()["job_id"])
    assert job["status"] == "failed" and "sources.toml" in job["error"] and job["result"] is None
    assert admin_client.post("/ask", json={"question": "Why did Alibaba go abroad?"}).json()["index_version"] == version


def test_queries_in_flight_keep_their_index_version_across_a_rebuild(admin_client):
    """A query that started before the swap answers wholly from the old engine, then new queries see the new one."""
    old_engine = admin_client.app.state.engine
    held = admin_client.app.state.engine = HeldEngine(old_engine)
    entered, release = held.entered, held.release
    with ThreadPoolExecutor(1) as pool:
        in_flight = pool.submit(admin_client.post, "/ask", json={"question": "Why did Alibaba enter Russia?"})
        assert entered.wait(30)
        job = wait_for_job(admin_client, admin_client.post("/index/rebuild", headers=AUTH).json()["job_id"])
        assert job["status"] == "succeeded" and job["result"]["version"] != old_engine.version
        assert admin_client.app.state.engine is not old_engine
        release.set()
        old_answer = in_flight.result(timeout=60).json()
    assert old_answer["index_version"] == old_engine.version
    new_answer = admin_client.post("/ask", json={"question": "Why did Alibaba enter Russia?"}).json()
    assert new_answer["index_version"] == job["result"]["version"]
    assert admin_client.get("/search", params={"q": "Russia"}).json()["index_version"] == job["result"]["version"]


def test_a_published_index_is_compared_with_the_corpus_before_health_asks(admin_client, monkeypatch):
    """The rebuild's thread checks the new index's freshness; /health, on the event loop, only reads the result."""
    job = wait_for_job(admin_client, admin_client.post("/index/rebuild", headers=AUTH).json()["job_id"])
    assert job["status"] == "succeeded"

    def computed_on_the_loop(*args):
        raise AssertionError("/health compared the corpus itself")

    monkeypatch.setattr(caseqa.index.freshness, "staleness", computed_on_the_loop)
    health = admin_client.get("/health").json()
    assert health["status"] == "ok" and health["index_version"] == job["result"]["version"]
