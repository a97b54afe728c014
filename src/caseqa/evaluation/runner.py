"""Runs a question set against a QA system and collects every metric into one JSON-ready report."""

from __future__ import annotations

import shlex
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ParamSpec, Protocol, TypeVar

from tqdm import tqdm

from caseqa import __version__
from caseqa.errors import CorpusError, QueryError
from caseqa.evaluation.metrics import CUTOFF, answer_scores, retrieval_scores, summarise, summarise_by_facet
from caseqa.evaluation.questions import Question, source_files
from caseqa.records import Answer, Hit

SEARCH_MODES = ("bm25", "dense", "hybrid")
#: The report's name for the full pipeline: hybrid retrieval then sentence selection.
ANSWERER = "hybrid+answerer"

T = TypeVar("T")
P = ParamSpec("P")


class QASystem(Protocol):
    """What the evaluation needs of caseqa: search and ask, so tests can pass a fake."""

    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[Hit]: ...

    def ask(self, question: str, top_k: int = 5, mode: str = "hybrid") -> Answer: ...


def _timed(call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> tuple[T, float]:
    """The call's result and its wall time in milliseconds."""
    start = time.perf_counter()
    result = call(*args, **kwargs)
    return result, (time.perf_counter() - start) * 1000.0


def read_sources(corpus_dir: Path) -> dict[str, str]:
    """Every stored source text by doc_id: citations are checked by slicing these."""
    texts = {}
    for doc_id, path in source_files(corpus_dir).items():
        try:
            texts[doc_id] = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CorpusError(f"{path}: cannot read source of {doc_id!r}: {exc.strerror}") from exc
    return texts


def _search_rows(
    questions: Sequence[Question], system: QASystem, mode: str, progress: bool
) -> list[dict[str, Any]]:
    """Retrieval metrics and latency of one search mode, one row per answerable question."""
    rows = []
    for q in tqdm(questions, desc=mode, unit="q", disable=not progress, leave=False):
        hits, ms = _timed(system.search, q.question, k=CUTOFF, mode=mode)
        passages = [hit.chunk.text for hit in hits]
        scores = retrieval_scores(passages, [e.quote for e in q.evidence])
        rows.append({"id": q.id, "facet": q.facet, "mode": mode, "latency_ms": ms, **scores})
    return rows


def _answer_rows(
    questions: Sequence[Question], system: QASystem, sources: dict[str, str], progress: bool
) -> list[dict[str, Any]]:
    """Answer metrics and latency of the full pipeline, one row per question."""
    rows = []
    for q in tqdm(questions, desc=ANSWERER, unit="q", disable=not progress, leave=False):
        answer, ms = _timed(system.ask, q.question, mode="hybrid")
        scores = answer_scores(answer, [e.quote for e in q.evidence], q.answer, q.answerable, sources)
        rows.append({"id": q.id, "facet": q.facet, "mode": ANSWERER, "latency_ms": ms, **scores})
    return rows


def _summaries(rows: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """A mode's entry in the report: overall and per-facet summaries."""
    return {"overall": summarise(rows), "by_facet": summarise_by_facet(rows)}


def run_eval(
    questions: Sequence[Question],
    system: QASystem,
    modes: Sequence[str],
    corpus_dir: Path,
    with_answers: bool,
    *,
    set_name: str = "eval",
    command: str | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Evaluate ``system`` on ``questions`` and return the report (plain JSON types only).

    Each search mode runs on the answerable questions (unanswerable ones have
    no evidence to find); with answers, ``ask`` runs on all of them. One
    untimed warm-up call per mode keeps model loading and caches out of the
    latency figures. ``command`` is recorded for the report header and
    defaults to this process's command line.
    """
    unknown = [m for m in modes if m not in SEARCH_MODES]
    if unknown:
        expected = ", ".join(SEARCH_MODES)
        raise QueryError(f"unknown search mode(s) {', '.join(unknown)}; expected {expected}")
    answerable = [q for q in questions if q.answerable]
    sources = read_sources(corpus_dir) if with_answers else {}
    report_modes: dict[str, Any] = {}
    rows: list[dict[str, Any]] = []
    for mode in modes:
        if answerable:
            system.search(answerable[0].question, k=CUTOFF, mode=mode)
        mode_rows = _search_rows(answerable, system, mode, progress)
        report_modes[mode] = _summaries(mode_rows)
        rows += mode_rows
    if with_answers:
        if questions:
            system.ask(questions[0].question, mode="hybrid")
        answer_rows = _answer_rows(questions, system, sources, progress)
        report_modes[ANSWERER] = _summaries(answer_rows)
        rows += answer_rows
    return {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "set": set_name,
        "command": shlex.join(sys.argv) if command is None else command,
        "caseqa_version": __version__,
        "n_questions": len(questions),
        "n_answerable": len(answerable),
        "modes": report_modes,
        "per_question": rows,
    }
