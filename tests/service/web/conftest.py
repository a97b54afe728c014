"""Browser-test fixtures: Debian's Chromium driven by Playwright, and the app served on a free local port."""

from __future__ import annotations

import json
import os
import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

#: A source whose text and title hold markup; the page must show it as text.
INJECTION_DOC_ID = "markup-probe"
INJECTION_TITLE = "Zephyrine pilot <script>window.__pwned=1</script> notes"
INJECTION_SCRIPT = "<script>window.__pwned=1</script>"
INJECTION_IMG = '<img src=x onerror="window.__pwned=1">'
INJECTION_TEXT = f"""Zephyrine pilot notes

The Zephyrine pilot tested a storefront template in 2019 that printed {INJECTION_SCRIPT} as plain text in its product pages.
Engineers of the Zephyrine pilot also found the string {INJECTION_IMG} in a seller description and kept it as plain text.
The Zephyrine pilot ended after six months because its sellers preferred the existing marketplace tools.
"""


def _browser_missing() -> str | None:
    """Why the browser test cannot run here, or None when it can."""
    if not CHROMIUM.is_file():
        return f"{CHROMIUM} is missing (install Debian's chromium: .ci/browser-deps)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed"
    return None


@pytest.fixture(scope="module")
def browser_ready() -> None:
    """Skips without a browser, except in CI (the CI variable set), where a missing browser is a failure."""
    reason = _browser_missing()
    if reason is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"browser test cannot run in CI: {reason}", pytrace=False)
    pytest.skip(f"browser test skipped: {reason}")


@pytest.fixture(scope="module")
def browser(browser_ready: None) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def web_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the real corpus plus the markup probe source, added the way a user adds one."""
    from caseqa.corpus.sources import add_source

    corpus = tmp_path_factory.mktemp("web") / "corpus"
    shutil.copytree(REPO / "corpus", corpus)
    for path in corpus.iterdir():
        path.chmod(0o644)
    add_source(
        corpus,
        INJECTION_TEXT.encode("utf-8"),
        "zephyrine.txt",
        title=INJECTION_TITLE,
        kind="report",
        year=2019,
        doc_id=INJECTION_DOC_ID,
    )
    return corpus


@pytest.fixture(scope="module")
def app_url(browser_ready: None, web_corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real app, on a real index of ``web_corpus``, served by uvicorn in a background thread."""
    from caseqa.service.api import create_app
    from caseqa.index.builder import build_index
    from caseqa.config import Settings
    from caseqa.service.server import server_config
    from tests.fixtures.thread_server import ThreadServer

    settings = Settings(corpus_dir=web_corpus, index_dir=tmp_path_factory.mktemp("web-index"))
    build_index(settings)
    with ThreadServer(server_config(create_app(settings), settings, log_level="warning")) as url:
        with urllib.request.urlopen(url + "/health", timeout=30) as response:
            health = json.load(response)
        assert health["status"] == "ok", f"the app serves no index: {health}"
        yield url


@pytest.fixture
def page(browser: object, app_url: str) -> Iterator[object]:
    """A fresh page on the app; its console errors, failed responses and requests elsewhere are collected on it."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.foreign_requests = []
    page.on("request", lambda request: request.url.startswith(app_url) or page.foreign_requests.append(request.url))
    page.bad_responses = []
    page.on("response", lambda response: response.status >= 400 and page.bad_responses.append(
        (response.status, response.url.removeprefix(app_url))))
    # A failed request is logged to the console too; those are in bad_responses, with their URL.
    page.on("console", lambda message: message.type == "error" and not message.text.startswith(
        "Failed to load resource") and page.console_errors.append(message.text))
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    page.set_default_timeout(30_000)
    page.goto(app_url + "/")
    try:
        yield page
    finally:
        context.close()


@pytest.fixture
def probe() -> dict[str, str]:
    """The markup probe source, for tests to look for."""
    return {"doc_id": INJECTION_DOC_ID, "title": INJECTION_TITLE, "script": INJECTION_SCRIPT, "img": INJECTION_IMG}

