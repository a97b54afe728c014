"""The ``caseqa`` command line: thin commands that import heavy code only when they run."""

from __future__ import annotations

import json
import shlex
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from caseqa.errors import CaseqaError, QueryError

if TYPE_CHECKING:
    from pydantic import BaseModel, ValidationError

    from caseqa.config import Settings

    ResponseT = TypeVar("ResponseT", bound=BaseModel)

app = typer.Typer(
    help="Answer questions about case sources with cited, verbatim sentences.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _group() -> None:
    """Answer questions about case sources with cited, verbatim sentences."""


def _settings(**overrides: Any) -> Settings:
    """The settings from CASEQA_*, imported only when a command runs (pydantic is not needed for --help)."""
    from caseqa.config import Settings

    return Settings.from_env(**overrides)


@app.command()
def ingest(
    doc: Annotated[str | None, typer.Option(help="Only this document (its doc_id).")] = None,
    chunks: Annotated[bool, typer.Option("--chunks", help="Print every chunk of the document(s).")] = False,
) -> None:
    """Show what will be indexed: per document, its sections, sentences, chunks and what cleaning removed."""
    from caseqa.corpus.sources import load_sources, read_source_text
    from caseqa.ingest.parse import parse_document
    from caseqa.records import section_label

    settings = _settings()
    sources = load_sources(settings.corpus_dir)
    if doc is not None and doc not in {s.doc_id for s in sources}:
        raise CaseqaError(f"unknown document {doc!r}; known: {', '.join(s.doc_id for s in sources)}")
    for source in sources:
        if doc is not None and source.doc_id != doc:
            continue
        text = read_source_text(settings.corpus_dir, source)
        parsed = parse_document(source, text, settings.index.chunk_max_words, settings.index.chunk_overlap_sentences)
        removed = ", ".join(f"{kind} {n}" for kind, n in sorted(parsed.removed.items())) or "nothing"
        typer.echo(f"{source.doc_id}  ({source.kind}, {source.file})")
        typer.echo(
            f"  {len(parsed.sections)} sections, {len(parsed.sentences)} sentences, {len(parsed.chunks)} chunks;"
            f" lines kept out: {removed}"
        )
        for section in parsed.sections:
            typer.echo("    " + "  " * (len(section.path) - 1) + section.path[-1])
        if chunks:
            for chunk in parsed.chunks:
                span = f"{chunk.span.start}-{chunk.span.end}"
                typer.echo(f"\n  [{chunk.chunk_id}] {section_label(chunk.section)}  chars {span}\n  {chunk.text}")
        typer.echo("")


def _progress_bars() -> tuple[Callable[[str, int, int], None], Callable[[], None]]:
    """A build progress callback drawing one tqdm bar per stage, and a function closing them."""
    from tqdm import tqdm

    bars: dict[str, tqdm] = {}

    def progress(stage: str, done: int, total: int) -> None:
        bar = bars.get(stage)
        if bar is None:
            bar = bars[stage] = tqdm(total=total, desc=f"embedding {stage}", unit="text", leave=True)
        bar.update(done - bar.n)

    def close() -> None:
        for bar in bars.values():
            bar.close()

    return progress, close


def _build(settings: Settings) -> None:
    from caseqa.index.builder import build_index

    progress, close = _progress_bars()
    try:
        report = build_index(settings, progress=progress)
    finally:
        close()
    typer.echo(
        f"index {report.version}: {report.documents} documents, {report.chunks} chunks, {report.sentences} sentences;"
        f" embedded {report.embedded} new texts, reused {report.reused}; {report.seconds:.1f} s"
    )


def _invalid(error: ValidationError) -> QueryError:
    """A pydantic refusal of the options, worded as the API words it."""
    from caseqa.service.api.schemas import validation_message

    return QueryError(validation_message(error.errors()))


Mode = Annotated[str, typer.Option(help="hybrid, bm25 or dense.")]
Docs = Annotated[list[str] | None, typer.Option("--doc", help="Only this document (doc_id); repeat for several.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print the JSON object the HTTP API returns.")]


Local = Annotated[bool, typer.Option("--local", help="Load the index here even when a server answers at CASEQA_URL.")]


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in quotes.")],
    top_k: Annotated[int, typer.Option(help="How many of the best passages to show (1-20).")] = 5,
    mode: Mode = "hybrid",
    doc: Docs = None,
    as_json: AsJson = False,
    local: Local = False,
) -> None:
    """Answer a question with cited sentences from the sources, or say that they do not answer it.

    A server running at CASEQA_URL answers when there is one (in well under a second); otherwise the index
    and models load here. The output is the same either way.
    """
    from pydantic import ValidationError

    from caseqa.service.api.schemas import AskRequest, AskResponse, ask_response
    from caseqa.terminal import answer_text

    try:
        request = AskRequest.model_validate({"question": question, "top_k": top_k, "mode": mode, "doc_ids": doc or None})
    except ValidationError as exc:
        raise _invalid(exc) from exc
    settings = _settings()
    response = None if local else _from_server(settings, AskResponse, "POST", "/ask", body=request.model_dump(mode="json"))
    if response is None:
        from caseqa.service.engine import load_engine

        engine = load_engine(settings)
        started = time.perf_counter()
        answer = engine.ask(request.question, request.top_k, request.mode, request.doc_ids)
        response = ask_response(answer, engine.version, (time.perf_counter() - started) * 1000)
    typer.echo(json.dumps(response.model_dump(mode="json"), ensure_ascii=False, indent=2) if as_json else answer_text(response))


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="The query, in quotes.")],
    k: Annotated[int, typer.Option(help="How many passages (1-50).")] = 10,
    mode: Mode = "hybrid",
    doc: Docs = None,
    as_json: AsJson = False,
    local: Local = False,
) -> None:
    """Show the best passages for a query, with their sections and character spans (from a running server
    at CASEQA_URL when there is one)."""
    from pydantic import ValidationError

    from caseqa.service.api.schemas import SearchParams, SearchResponse, search_response
    from caseqa.terminal import passages_text

    try:
        params = SearchParams(q=query, k=k, mode=mode, doc_id=doc or [])
    except ValidationError as exc:
        raise _invalid(exc) from exc
    settings = _settings()
    query_string = {"q": params.q, "k": params.k, "mode": params.mode, "doc_id": params.doc_id}
    response = None if local else _from_server(settings, SearchResponse, "GET", "/search", params=query_string)
    if response is None:
        from caseqa.service.engine import load_engine

        engine = load_engine(settings)
        started = time.perf_counter()
        hits = engine.search(params.q, params.k, params.mode, params.doc_id or None)
        response = search_response(params.q, params.mode, hits, engine.version, (time.perf_counter() - started) * 1000)
    typer.echo(json.dumps(response.model_dump(mode="json"), ensure_ascii=False, indent=2) if as_json else passages_text(response.passages))


def _from_server(settings: Settings, model: type[ResponseT], method: str, path: str, **request: Any) -> ResponseT | None:
    """The answer of a caseqa server at CASEQA_URL, or None when none is ready there (or it speaks another API)."""
    from pydantic import ValidationError

    from caseqa.remote import server_json

    data = server_json(settings.url, method, path, **request)
    if data is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError:
        return None


@app.command()
def add(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, readable=True, help="A .txt, .md, .pdf or .html file.")],
    title: Annotated[str, typer.Option(help="The source's title.")],
    authors: Annotated[str, typer.Option(help='Comma-separated, e.g. "A. Author, B. Author".')] = "",
    year: Annotated[int | None, typer.Option(help="Year of publication.")] = None,
    kind: Annotated[str, typer.Option(help="thesis, journal article, case study, news, report, book, web page or other.")] = "other",
    doc_id: Annotated[str | None, typer.Option(help="Its doc_id; made from the title and year when omitted.")] = None,
) -> None:
    """Add a source to the corpus, then rebuild the index (only the new text is embedded)."""
    from caseqa.corpus.sources import add_source
    from caseqa.ingest.parse import parse_budget

    settings = _settings()
    names = tuple(name.strip() for name in authors.split(",") if name.strip())
    source = add_source(
        settings.corpus_dir,
        file.read_bytes(),
        file.name,
        title=title,
        kind=kind,
        authors=names,
        year=year,
        doc_id=doc_id,
        checkpoint=parse_budget(file.name, settings.parse_seconds),
    )
    typer.echo(f"added {source.doc_id}: {source.title} (stored as {settings.corpus_dir / source.file})")
    _build(settings)


@app.command()
def index() -> None:
    """Build the index from the corpus, re-embedding only text that changed, and put it in service."""
    _build(_settings())


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to listen on (default CASEQA_HOST or 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default CASEQA_PORT or 8000).")] = None,
    build_missing: Annotated[bool, typer.Option("--build-missing", help="Build the index if there is none, or if another model built it, while already listening (/health shows the progress).")] = False,
) -> None:
    """Serve the HTTP API and the web page."""
    import logging

    import uvicorn

    from caseqa.service.api import create_app
    from caseqa.service.server import server_config

    logging.basicConfig(level=logging.INFO, format="%(levelname)-9s %(name)s: %(message)s")
    overrides = {name: value for name, value in (("host", host), ("port", port)) if value is not None}
    settings = _settings(**overrides)
    progress, close = _progress_bars()
    try:
        app = create_app(settings, build_missing=build_missing, build_progress=progress)
        uvicorn.Server(server_config(app, settings)).run()
    finally:
        close()


EVAL_SETS = {"dev": ("dev",), "test": ("test",), "holdout": ("holdout",), "holdout2": ("holdout2",), "all": ("dev", "test")}
EVAL_MODES = {"bm25": ("bm25",), "dense": ("dense",), "hybrid": ("hybrid",), "all": ("bm25", "dense", "hybrid")}


@app.command()
def brief(
    market: Annotated[str | None, typer.Argument(help="A market's slug (as listed without it), e.g. russia.")] = None,
    as_json: AsJson = False,
    markdown: Annotated[bool, typer.Option("--markdown", help="Markdown with numbered footnote citations.")] = False,
) -> None:
    """List the markets of the case brief, or show one: cited sentences on its drivers, entry modes, outcomes
    and challenges, its timeline and where the sources differ. Read from the index; no model is loaded."""
    from caseqa.brief.markdown import market_markdown
    from caseqa.index.store import load_index
    from caseqa.service.api.brief_schemas import brief_index, market_brief_response
    from caseqa.terminal import brief_text, markets_text

    index = load_index(_settings().index_dir)
    if market is None:
        listing = brief_index(index.brief, index.version)
        typer.echo(json.dumps(listing.model_dump(mode="json"), ensure_ascii=False, indent=2) if as_json else markets_text(listing))
        return
    found = index.brief.market(market)
    if markdown:
        typer.echo(market_markdown(found), nl=False)
        return
    response = market_brief_response(found, index.version)
    typer.echo(json.dumps(response.model_dump(mode="json"), ensure_ascii=False, indent=2) if as_json else brief_text(response))


@app.command("eval")
def evaluate(
    question_set: Annotated[str, typer.Option("--set", help="dev, test, holdout, holdout2, all (dev and test), brief (the case brief) or a .jsonl path.")] = "dev",
    mode: Annotated[str, typer.Option(help="bm25, dense, hybrid or all; hybrid and all also score the answers.")] = "all",
    out: Annotated[Path, typer.Option(help="Folder for the JSON and Markdown reports.")] = Path("evals/results"),
) -> None:
    """Score retrieval and answers on a question set and write the report; --set brief scores the case brief."""
    if question_set == "brief":
        _evaluate_brief(out)
        return
    from caseqa.evaluation.questions import load_questions
    from caseqa.evaluation.report import format_table, write_report
    from caseqa.evaluation.runner import run_eval
    from caseqa.service.engine import load_engine

    if mode not in EVAL_MODES:
        raise QueryError(f"unknown mode {mode!r}; use one of {', '.join(EVAL_MODES)}")
    if question_set in EVAL_SETS:
        paths, set_name = [Path("evals") / f"{name}.jsonl" for name in EVAL_SETS[question_set]], question_set
    else:
        paths, set_name = [Path(question_set)], Path(question_set).stem
    for path in paths:
        if not path.is_file():
            raise QueryError(f"no question set {path}; use dev, test, holdout, holdout2, all or the path of a .jsonl file")
    questions = [q for path in paths for q in load_questions(path)]
    settings = _settings()
    report = run_eval(
        questions,
        load_engine(settings),
        EVAL_MODES[mode],
        settings.corpus_dir,
        with_answers=mode in ("hybrid", "all"),
        set_name=set_name,
        command=shlex.join(["caseqa", *sys.argv[1:]]),
    )
    typer.echo(format_table(report))
    json_path, md_path = write_report(report, out)
    typer.echo(f"wrote {json_path} and {md_path}")


def _evaluate_brief(out: Path) -> None:
    """The case brief of the index in service against evals/brief_gold.json, on its dev and test markets."""
    from caseqa.corpus.sources import load_sources, read_source_text
    from caseqa.evaluation.brief_scores import format_brief_table, load_brief_gold, score_brief
    from caseqa.index.store import load_index

    settings = _settings()
    index = load_index(settings.index_dir)
    gold = load_brief_gold(Path("evals") / "brief_gold.json")
    sources = {s.doc_id: read_source_text(settings.corpus_dir, s) for s in load_sources(settings.corpus_dir)}
    reports = [score_brief(index.brief, gold, sources, split) for split in ("dev", "test")]
    table = format_brief_table(reports)
    typer.echo(table)
    out.mkdir(parents=True, exist_ok=True)
    report = {"index_version": index.version, "splits": [r.as_dict() for r in reports]}
    (out / "brief.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "brief.md").write_text(f"# Case brief against evals/brief_gold.json\n\n{table}\n", encoding="utf-8")
    typer.echo(f"wrote {out / 'brief.json'} and {out / 'brief.md'}")


def main() -> None:
    """Entry point: library errors become one line on stderr and exit status 1, never a traceback."""
    try:
        app()
    except CaseqaError as exc:
        typer.echo(f"caseqa: error: {exc}", err=True)
        sys.exit(1)
