"""The ``caseqa`` command line: instant help, the same JSON as the API, readable answers and one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from caseqa.service.api import create_app
from caseqa.service.api.schemas import AskResponse, SearchResponse
from caseqa.cli import app, main
from caseqa.config import Settings
from caseqa.errors import CaseqaError, QueryError
from caseqa.records import Answer
from tests.fixtures.real_index import built_index

RUSSIA = "When did AliExpress enter the Russian market?"
runner = CliRunner()


@pytest.fixture(scope="module")
def real_index(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return built_index(tmp_path_factory)


@pytest.fixture
def env(real_index, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the CLI at the session's real index, read-only."""
    corpus, index = real_index
    monkeypatch.setenv("CASEQA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("CASEQA_INDEX_DIR", str(index))
    return Settings(corpus_dir=corpus, index_dir=index)


@pytest.fixture
def writable_env(real_index, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Point the CLI at a private copy, for commands that add sources or rebuild."""
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(real_index[0], corpus)
    shutil.copytree(real_index[1], index)
    monkeypatch.setenv("CASEQA_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("CASEQA_INDEX_DIR", str(index))
    return Settings(corpus_dir=corpus, index_dir=index)


def test_importing_the_cli_loads_no_heavy_module():
    check = "import caseqa.cli, sys; assert 'torch' not in sys.modules"
    assert subprocess.run([sys.executable, "-c", check], capture_output=True).returncode == 0
    script = (
        "import sys\nfrom caseqa.cli import main\nsys.argv = ['caseqa', '--help']\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert exit.code in (0, None), exit.code\n"
        "heavy = {'torch', 'numpy', 'fastapi', 'sentence_transformers', 'faiss', 'pydantic'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "ask" in done.stdout and "serve" in done.stdout


def test_help_lists_every_command():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("ingest", "ask", "search", "add", "index", "serve", "eval"):
        assert command in result.output


def test_ask_json_is_the_api_object(env):
    result = runner.invoke(app, ["ask", RUSSIA, "--json", "--top-k", "4"])
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    AskResponse.model_validate(printed)
    with TestClient(create_app(env)) as client:
        served = client.post("/ask", json={"question": RUSSIA, "top_k": 4}).json()
    assert set(printed) == set(served)
    printed.pop("took_ms"), served.pop("took_ms")
    assert printed == served


def test_ask_prints_numbered_citations(env):
    result = runner.invoke(app, ["ask", RUSSIA, "--doc", "aliexpress-russia"])
    assert result.exit_code == 0, result.output
    answer, sources = result.stdout.split("\nSources:\n")
    assert "[1]" in answer
    first = sources.splitlines()[0]
    assert first.startswith("[1] An Analysis of Business Model Evolution") and " — " in first and "(chars " in first
    assert "Confidence: " in sources


def test_ask_says_where_the_sources_differ(env):
    result = runner.invoke(app, ["ask", RUSSIA])
    assert result.exit_code == 0, result.output
    differ = result.stdout.split("\nSources differ:\n")[1]
    values = [line for line in differ.splitlines() if line.startswith("- ")]
    assert values[0] == "- April 2010:" and any("2012" in line for line in values[1:])
    quoted = [line for line in differ.splitlines() if line.startswith("    “")]
    assert len(quoted) >= 2 and all(" — " in line and "(chars " in line for line in quoted)


def test_an_abstention_says_so_and_shows_the_closest_passages(env, monkeypatch: pytest.MonkeyPatch):
    import caseqa.service.engine

    real = caseqa.service.engine.load_engine(env)

    class Abstaining:
        version = real.version

        def ask(self, question, top_k=5, mode="hybrid", doc_ids=None) -> Answer:
            return Answer(question, False, 0.12, (), tuple(real.search(question, top_k, mode, doc_ids)))

    monkeypatch.setattr(caseqa.service.engine, "load_engine", lambda settings: Abstaining())
    result = runner.invoke(app, ["ask", "What is the recipe for chocolate cake?", "--top-k", "2"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "The sources do not answer this question."
    assert "Confidence: low (0.12)" in result.output and "Closest passages:" in result.output
    assert sum(line.startswith(("[1] ", "[2] ")) for line in lines) == 2


def test_search_json_and_text(env):
    result = runner.invoke(app, ["search", "logistics in Russia", "--k", "3", "--mode", "bm25", "--json"])
    assert result.exit_code == 0, result.output
    body = SearchResponse.model_validate(json.loads(result.stdout))
    assert [p.rank for p in body.passages] == [1, 2, 3] and body.mode == "bm25"
    text = runner.invoke(app, ["search", "logistics in Russia", "--k", "2", "--doc", "aliexpress-russia"])
    assert text.exit_code == 0 and text.stdout.startswith("[1] An Analysis of Business Model Evolution")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["ask", RUSSIA, "--doc", "no-such-doc"], "caseqa: error: unknown doc_id no-such-doc"),
        (["ask", RUSSIA, "--top-k", "0"], "caseqa: error: top_k: Input should be greater than or equal to 1"),
        (["ask", "   "], "caseqa: error: the question is empty"),
        (["search", RUSSIA, "--mode", "fuzzy"], "caseqa: error: mode: Input should be 'hybrid', 'bm25' or 'dense'"),
        (["eval", "--mode", "fuzzy"], "caseqa: error: unknown mode 'fuzzy'"),
        (["brief", "atlantis"], "caseqa: error: no market 'atlantis' in the brief; markets: russia, "),
    ],
)
def test_errors_are_one_line_and_exit_1(env, monkeypatch: pytest.MonkeyPatch, capsys, args, expected):
    monkeypatch.setattr(sys, "argv", ["caseqa", *args])
    with pytest.raises(SystemExit) as exit:
        main()
    assert exit.value.code == 1
    captured = capsys.readouterr()
    assert captured.err.startswith(expected) and captured.err.count("\n") == 1, captured.err
    assert "Traceback" not in captured.err + captured.out


def test_add_stores_the_source_and_rebuilds(writable_env, tmp_path: Path):
    source = tmp_path / "frankfurt.txt"
    source.write_text(
        "Alibaba Cloud opened its first European data centre in Frankfurt in 2016. "
        "The site served customers in Germany, France and Italy.\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["add", str(source), "--title", "Frankfurt data centre", "--year", "2016", "--kind", "news"])
    assert result.exit_code == 0, result.output
    assert "added frankfurt-data-centre-2016" in result.output
    assert "6 documents" in result.output and "reused" in result.output
    assert (writable_env.corpus_dir / "frankfurt-data-centre-2016.txt").read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


def test_index_rebuilds_reusing_every_vector(writable_env):
    result = runner.invoke(app, ["index"])
    assert result.exit_code == 0, result.output
    assert "5 documents" in result.output and "embedded 0 new texts" in result.output


def test_eval_writes_json_and_markdown_reports(env, tmp_path: Path):
    questions = tmp_path / "tiny.jsonl"
    lines = (Path(__file__).resolve().parents[1] / "evals" / "dev.jsonl").read_text(encoding="utf-8").splitlines()
    questions.write_text("\n".join(lines[:3]) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "--set", str(questions), "--mode", "hybrid", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "## Retrieval" in result.output and "## Answers" in result.output
    reports = sorted(p.suffix for p in (tmp_path / "out").iterdir())
    assert reports == [".json", ".md"]
    report = json.loads(next((tmp_path / "out").glob("*.json")).read_text(encoding="utf-8"))
    assert report["set"] == "tiny" and report["n_questions"] == 3 and report["command"].startswith("caseqa")


@pytest.fixture
def running_server(env, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The real app on the session's index, served on a local port that CASEQA_URL points at."""
    from caseqa.service.server import server_config
    from tests.fixtures.thread_server import ThreadServer

    with ThreadServer(server_config(create_app(env), env, log_level="warning")) as url:
        monkeypatch.setenv("CASEQA_URL", url)
        yield url


def refuse_local_load(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Make loading the engine in this process fail loudly, and record that it was tried."""
    import caseqa.service.engine

    tried: list[str] = []

    def no_local_load(settings, reuse=None):
        tried.append("load")
        raise CaseqaError("the CLI loaded the index locally")

    monkeypatch.setattr(caseqa.service.engine, "load_engine", no_local_load)
    return tried


def test_ask_and_search_use_a_running_server_with_the_same_output(running_server, monkeypatch: pytest.MonkeyPatch):
    local_text = runner.invoke(app, ["ask", RUSSIA, "--local"]).stdout
    local_search = json.loads(runner.invoke(app, ["search", "Russia entry", "--json", "--local", "--k", "3"]).stdout)
    tried = refuse_local_load(monkeypatch)
    served = runner.invoke(app, ["ask", RUSSIA])
    assert served.exit_code == 0, served.output
    assert served.stdout == local_text and "Sources:" in served.stdout
    searched = runner.invoke(app, ["search", "Russia entry", "--json", "--k", "3"])
    assert searched.exit_code == 0, searched.output
    remote_search = json.loads(searched.stdout)
    assert [p["chunk_id"] for p in remote_search["passages"]] == [p["chunk_id"] for p in local_search["passages"]]
    assert tried == []
    assert runner.invoke(app, ["ask", RUSSIA, "--local"]).exit_code == 1 and tried == ["load"]


def test_a_request_the_server_refuses_is_the_same_error_as_locally(running_server, monkeypatch: pytest.MonkeyPatch):
    local = runner.invoke(app, ["ask", RUSSIA, "--doc", "no-such-doc", "--local"])
    refuse_local_load(monkeypatch)
    served = runner.invoke(app, ["ask", RUSSIA, "--doc", "no-such-doc"])
    assert served.exit_code == local.exit_code == 1
    assert isinstance(served.exception, QueryError) and str(served.exception) == str(local.exception)
    assert "no-such-doc" in str(served.exception)


def test_without_a_server_the_cli_works_locally(env, monkeypatch: pytest.MonkeyPatch):
    tried = refuse_local_load(monkeypatch)
    assert runner.invoke(app, ["ask", RUSSIA]).exit_code == 1 and tried == ["load"]  # CASEQA_URL: nothing listens


def test_brief_lists_markets_and_prints_one_as_text_json_or_markdown(env):
    listing = runner.invoke(app, ["brief"])
    assert listing.exit_code == 0 and listing.stdout.splitlines()[0].startswith("russia")
    text = runner.invoke(app, ["brief", "russia"])
    assert text.exit_code == 0 and "Entry modes" in text.stdout and "Sources:\n[1] " in text.stdout
    as_json = json.loads(runner.invoke(app, ["brief", "russia", "--json"]).stdout)
    with TestClient(create_app(env)) as client:
        assert as_json == client.get("/brief/russia").json()
    markdown = runner.invoke(app, ["brief", "russia", "--markdown"])
    assert markdown.stdout.startswith("# Russia: case brief")

