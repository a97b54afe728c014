"""Evaluation questions: loading and validating the JSON Lines sets and checking their gold quotes."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from caseqa.errors import CorpusError
from caseqa.evaluation.matching import quote_in_document

FACETS = ("drivers", "entry_modes", "outcomes", "context", "unanswerable")
_FIELDS = ("id", "question", "facet", "answerable", "evidence", "answer")


@dataclass(frozen=True)
class Evidence:
    """A verbatim gold quote and the document it comes from."""

    doc_id: str
    quote: str


@dataclass(frozen=True)
class Question:
    """One evaluation question with its gold evidence and short gold answer."""

    id: str
    question: str
    facet: str
    answerable: bool
    evidence: tuple[Evidence, ...]
    answer: str


def _parse(record: Any) -> Question:
    """Build a Question from one decoded line; raises ValueError with the reason."""
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    missing = [name for name in _FIELDS if name not in record]
    if missing:
        raise ValueError(f"missing field(s): {', '.join(missing)}")
    for name in ("id", "question", "facet", "answer"):
        if not isinstance(record[name], str):
            raise ValueError(f"field {name!r} must be a string")
    if not record["id"].strip() or not record["question"].strip():
        raise ValueError("'id' and 'question' must not be empty")
    if record["facet"] not in FACETS:
        raise ValueError(f"unknown facet {record['facet']!r}; expected one of {', '.join(FACETS)}")
    if not isinstance(record["answerable"], bool):
        raise ValueError("field 'answerable' must be true or false")
    if not isinstance(record["evidence"], list):
        raise ValueError("field 'evidence' must be a list")
    evidence = []
    for item in record["evidence"]:
        if not (
            isinstance(item, dict)
            and isinstance(item.get("doc_id"), str)
            and isinstance(item.get("quote"), str)
            and item["doc_id"]
            and item["quote"].strip()
        ):
            raise ValueError("each evidence item needs a non-empty 'doc_id' and 'quote'")
        evidence.append(Evidence(item["doc_id"], item["quote"]))
    if record["answerable"] and not evidence:
        raise ValueError("an answerable question needs at least one evidence quote")
    if record["answerable"] and not record["answer"].strip():
        raise ValueError("an answerable question needs a gold answer")
    if not record["answerable"] and evidence:
        raise ValueError("an unanswerable question must have no evidence")
    return Question(
        id=record["id"],
        question=record["question"],
        facet=record["facet"],
        answerable=record["answerable"],
        evidence=tuple(evidence),
        answer=record["answer"],
    )


def load_questions(path: Path) -> list[Question]:
    """Read a question set, refusing the whole file at the first bad line (named by number)."""
    questions: list[Question] = []
    first_line: dict[str, int] = {}
    with Path(path).open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise CorpusError(f"{path}:{number}: invalid JSON: {exc.msg}") from exc
            try:
                question = _parse(record)
            except ValueError as exc:
                raise CorpusError(f"{path}:{number}: {exc}") from exc
            if question.id in first_line:
                first = first_line[question.id]
                raise CorpusError(f"{path}:{number}: duplicate id {question.id!r} (first on line {first})")
            first_line[question.id] = number
            questions.append(question)
    if not questions:
        raise CorpusError(f"{path}: no questions")
    return questions


def source_files(corpus_dir: Path) -> dict[str, Path]:
    """Map each doc_id in ``corpus/sources.toml`` to its stored text file."""
    meta = corpus_dir / "sources.toml"
    try:
        data = tomllib.loads(meta.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise CorpusError(f"{meta}: cannot read corpus metadata: {exc}") from exc
    try:
        return {s["doc_id"]: corpus_dir / s["file"] for s in data.get("source", [])}
    except (KeyError, TypeError) as exc:
        raise CorpusError(f"{meta}: every [[source]] needs 'doc_id' and 'file'") from exc


def check_quotes(questions: Sequence[Question], corpus_dir: Path) -> list[str]:
    """One readable problem per gold quote that is not verbatim in its document (empty when all are)."""
    files = source_files(corpus_dir)
    texts: dict[str, str] = {}
    problems: list[str] = []
    for question in questions:
        for evidence in question.evidence:
            path = files.get(evidence.doc_id)
            if path is None:
                problems.append(f"{question.id}: unknown doc_id {evidence.doc_id!r}")
                continue
            if evidence.doc_id not in texts:
                try:
                    texts[evidence.doc_id] = path.read_text(encoding="utf-8")
                except OSError as exc:
                    problems.append(f"{question.id}: cannot read {path}: {exc.strerror}")
                    continue
            if not quote_in_document(evidence.quote, texts[evidence.doc_id]):
                snippet = evidence.quote if len(evidence.quote) <= 80 else evidence.quote[:77] + "..."
                problems.append(
                    f"{question.id}: quote not found in {evidence.doc_id} ({path.name}): {snippet!r}"
                )
    return problems
