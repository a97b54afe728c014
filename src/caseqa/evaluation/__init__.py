"""Evaluation of caseqa: gold questions, text-matched evidence, retrieval and answer metrics, reports."""

from caseqa.evaluation.matching import (
    MIN_RUN,
    MIN_SENTENCE,
    longest_common_run,
    quote_in_document,
    spans_match,
    supports,
    word_tokens,
)
from caseqa.evaluation.metrics import answer_scores, answer_supported, summarise
from caseqa.evaluation.questions import FACETS, Evidence, Question, check_quotes, load_questions
from caseqa.evaluation.report import format_markdown, format_table, write_report
from caseqa.evaluation.runner import ANSWERER, SEARCH_MODES, QASystem, read_sources, run_eval

__all__ = [
    "ANSWERER",
    "FACETS",
    "MIN_RUN",
    "MIN_SENTENCE",
    "SEARCH_MODES",
    "Evidence",
    "QASystem",
    "Question",
    "answer_scores",
    "answer_supported",
    "check_quotes",
    "format_markdown",
    "format_table",
    "load_questions",
    "longest_common_run",
    "quote_in_document",
    "read_sources",
    "run_eval",
    "spans_match",
    "summarise",
    "supports",
    "word_tokens",
    "write_report",
]
