"""caseqa: answers questions with cited, verbatim sentences from a set of source texts.

The public API, loaded on first use so that ``import caseqa`` (and ``caseqa --help``) stays instant:
settings, building and loading an index, the engine and its parts, and the records that flow through them.
"""

from __future__ import annotations

from importlib import import_module
from importlib.metadata import version
from typing import TYPE_CHECKING, Any

__version__ = version("caseqa")

#: Public name -> the module that defines it.
_EXPORTS = {
    "AnswerSettings": "caseqa.config",
    "IndexSettings": "caseqa.config",
    "SearchSettings": "caseqa.config",
    "SentenceWeights": "caseqa.config",
    "Settings": "caseqa.config",
    "add_source": "caseqa.corpus.sources",
    "load_sources": "caseqa.corpus.sources",
    "read_source_text": "caseqa.corpus.sources",
    "parse_document": "caseqa.ingest.parse",
    "BuildReport": "caseqa.index.builder",
    "build_index": "caseqa.index.builder",
    "chunk_lexical_text": "caseqa.index.builder",
    "Embedder": "caseqa.index.embedding",
    "Role": "caseqa.index.embedding",
    "load_embedder": "caseqa.index.embedding",
    "Index": "caseqa.index.store",
    "load_index": "caseqa.index.store",
    "Query": "caseqa.retrieval.base",
    "Retriever": "caseqa.retrieval.base",
    "Searcher": "caseqa.retrieval.searcher",
    "Answerer": "caseqa.answer.answerer",
    "Calibration": "caseqa.answer.calibration",
    "fit_logistic": "caseqa.answer.calibration",
    "LinearSentenceScorer": "caseqa.answer.scoring",
    "SentenceScorer": "caseqa.answer.scoring",
    "Engine": "caseqa.service.engine",
    "load_engine": "caseqa.service.engine",
    "Answer": "caseqa.records",
    "AnswerSentence": "caseqa.records",
    "Chunk": "caseqa.records",
    "Citation": "caseqa.records",
    "Hit": "caseqa.records",
    "Section": "caseqa.records",
    "Sentence": "caseqa.records",
    "Source": "caseqa.records",
    "Span": "caseqa.records",
    "CaseqaError": "caseqa.errors",
    "ConfigError": "caseqa.errors",
    "IndexCorruptError": "caseqa.errors",
    "IndexMissingError": "caseqa.errors",
    "QueryError": "caseqa.errors",
}

__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'caseqa' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from caseqa.answer.answerer import Answerer
    from caseqa.answer.calibration import Calibration, fit_logistic
    from caseqa.answer.scoring import LinearSentenceScorer, SentenceScorer
    from caseqa.config import AnswerSettings, IndexSettings, SearchSettings, SentenceWeights, Settings
    from caseqa.corpus.sources import add_source, load_sources, read_source_text
    from caseqa.errors import CaseqaError, ConfigError, IndexCorruptError, IndexMissingError, QueryError
    from caseqa.index.builder import BuildReport, build_index, chunk_lexical_text
    from caseqa.index.embedding import Embedder, Role, load_embedder
    from caseqa.index.store import Index, load_index
    from caseqa.ingest.parse import parse_document
    from caseqa.records import Answer, AnswerSentence, Chunk, Citation, Hit, Section, Sentence, Source, Span
    from caseqa.retrieval.base import Query, Retriever
    from caseqa.retrieval.searcher import Searcher
    from caseqa.service.engine import Engine, load_engine
