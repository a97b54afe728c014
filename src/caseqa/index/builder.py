"""Building the index: parse every source, embed only what changed, write aside, verify, then swap in."""

from __future__ import annotations

import hashlib
import json
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

from caseqa import __version__
from caseqa.brief.compose import BriefComposer
from caseqa.brief.facets import EXAMPLES_FILE, FacetClassifier, load_examples
from caseqa.brief.places import PLACES_FILE
from caseqa.brief.records import Brief
from caseqa.brief.store import brief_json
from caseqa.config import Settings
from caseqa.corpus.sources import content_hash, load_sources, read_source_text
from caseqa.errors import CaseqaError, StoppedError
from caseqa.index.analyzer import Analyzer
from caseqa.index.bm25 import BM25Index
from caseqa.index.embedding import Embedder, load_embedder
from caseqa.index.hubness import neighbourhood_similarity
from caseqa.index.store import (
    BRIEF,
    BUILDS,
    CHUNK_VECTORS,
    CHUNKS,
    DOCUMENTS,
    FORMAT_VERSION,
    MANIFEST,
    PARTIAL_PREFIX,
    SENTENCE_HUBNESS,
    SENTENCE_VECTORS,
    SENTENCES,
    DocumentEntry,
    build_lock,
    chunk_json,
    document_json,
    file_sha256,
    load_index,
    publish,
    sentence_json,
    write_jsonl,
)
from caseqa.index.vectors import DenseIndex
from caseqa.ingest.parse import ParsedDocument, parse_budget, parse_document
from caseqa.records import Chunk, Sentence, section_label
from caseqa.retrieval.lexicon import load_lexicon

#: Called with (stage, done, total) as a build goes; the CLI draws progress bars from it.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class BuildReport:
    """What a build did, for the CLI, the API's job status and the benchmark."""

    version: str
    documents: int
    chunks: int
    sentences: int
    embedded: int
    reused: int
    seconds: float


def settings_fingerprint(settings: Settings, model_id: str, sentence_model_id: str) -> dict:
    """Every setting that changes what the index holds; any change means a rebuild."""
    return {
        "format_version": FORMAT_VERSION,
        "model": model_id,
        "sentence_model": sentence_model_id,
        "analyzer": Analyzer().describe(),
        "bm25": {"k1": settings.index.bm25_k1, "b": settings.index.bm25_b},
        "chunking": settings.index.chunking,
        "hubness_neighbours": settings.index.hubness_neighbours,
        "brief": {
            **settings.brief.model_dump(mode="json", exclude={"places_file", "examples_file"}),
            "places": file_sha256(settings.brief.places_file or PLACES_FILE)[:16],
            "examples": file_sha256(settings.brief.examples_file or EXAMPLES_FILE)[:16],
            "place_adjectives": hashlib.sha256(
                json.dumps(load_lexicon(settings.search.lexicon_file).place_adjectives, sort_keys=True).encode()
            ).hexdigest()[:16],
        },
        "embedding_text": "title, section and text",
    }


def chunk_embedding_text(chunk: Chunk, title: str) -> str:
    """What the vector side sees: the chunk with its context, so "Russia" sections match Russia questions."""
    return f"{title}. {section_label(chunk.section)}. {chunk.text}"


def chunk_lexical_text(chunk: Chunk) -> str:
    """What BM25 sees: the section's own title and the chunk text."""
    return f"{chunk.section[-1]}. {chunk.text}"


def build_index(
    settings: Settings,
    embedder: Embedder | None = None,
    progress: Progress | None = None,
    sentence_embedder: Embedder | None = None,
    stop: threading.Event | None = None,
) -> BuildReport:
    """Build the index for the corpus and put it in service; on any failure the previous one stays.

    Chunks are embedded by ``embedder`` and sentences by ``sentence_embedder`` (the settings' models when not
    given; a given ``embedder`` alone embeds both). Setting ``stop`` gives the build up within a batch
    (StoppedError), so a server can shut down in seconds.
    """
    if stop is not None:
        progress = _stoppable(progress, stop)
    started = time.perf_counter()
    index_dir = settings.index_dir
    with build_lock(index_dir):
        builds = index_dir / BUILDS
        builds.mkdir(parents=True, exist_ok=True)
        for leftover in builds.glob(f"{PARTIAL_PREFIX}*"):
            shutil.rmtree(leftover, ignore_errors=True)
        documents = _parse_corpus(settings, stop)
        if embedder is None:
            embedder = load_embedder(settings.model, settings.models_dir)
            sentence_embedder = sentence_embedder or load_embedder(settings.sentence_model_setting, settings.models_dir)
        sentence_embedder = sentence_embedder or embedder
        cache = _previous_vectors(index_dir)
        version = _new_version(builds)
        partial = builds / f"{PARTIAL_PREFIX}{version}"
        partial.mkdir()
        try:
            embedded, reused = _write_build(partial, documents, settings, (embedder, sentence_embedder), cache, progress)
            final = builds / version
            partial.rename(final)
            index = load_index(index_dir, final)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            shutil.rmtree(builds / version, ignore_errors=True)
            raise
        publish(index_dir, final)
    return BuildReport(
        version=version,
        documents=len(documents),
        chunks=len(index.chunks),
        sentences=len(index.sentences),
        embedded=embedded,
        reused=reused,
        seconds=time.perf_counter() - started,
    )


def _stoppable(progress: Progress | None, stop: threading.Event) -> Progress:
    """Progress that raises StoppedError once ``stop`` is set: every embedding batch reports progress."""

    def report(stage: str, done: int, total: int) -> None:
        if stop.is_set():
            raise StoppedError("the index build stopped because the server is shutting down")
        if progress is not None:
            progress(stage, done, total)

    return report


def _parse_corpus(settings: Settings, stop: threading.Event | None) -> list[tuple[ParsedDocument, str]]:
    """Every source parsed, each within the time budget (CASEQA_PARSE_SECONDS)."""
    parsed = []
    for source in load_sources(settings.corpus_dir):
        text = read_source_text(settings.corpus_dir, source)
        checkpoint = parse_budget(f"{source.file} ({source.doc_id})", settings.parse_seconds, stop)
        document = parse_document(
            source, text, settings.index.chunk_max_words, settings.index.chunk_overlap_sentences, checkpoint
        )
        if not document.chunks:
            raise CaseqaError(f"{source.file}: {source.doc_id} has no answerable text after cleaning")
        parsed.append((document, content_hash(text)))
    if not parsed:
        raise CaseqaError(f"{settings.corpus_dir}: the corpus has no sources")
    return parsed


def _previous_vectors(index_dir: Path) -> dict[str, np.ndarray]:
    """Vectors of the index in service, by embedding key (the key names the model, so another model misses)."""
    try:
        index = load_index(index_dir)
    except CaseqaError:
        return {}  # none yet, damaged or of an older format: everything is embedded afresh
    titles = {doc_id: entry.source.title for doc_id, entry in index.documents.items()}
    cache: dict[str, np.ndarray] = {}
    for chunk, vector in zip(index.chunks, index.chunk_vectors.vectors()):
        cache[_embedding_key(index.model_id, chunk_embedding_text(chunk, titles[chunk.doc_id]))] = vector
    for sentence, vector in zip(index.sentences, index.sentence_vectors):
        cache[_embedding_key(index.sentence_model_id, sentence.text)] = vector
    return cache


def _embedding_key(model_id: str, text: str) -> str:
    return hashlib.sha256(f"{model_id}\x00{text}".encode()).hexdigest()[:32]


def _embed(
    texts: list[str],
    embedder: Embedder,
    cache: dict[str, np.ndarray],
    batch_size: int,
    stage: str,
    progress: Progress | None,
) -> tuple[np.ndarray, int]:
    """Vectors for ``texts``, computing only those not in ``cache``, and how many were new."""
    keys = [_embedding_key(embedder.model_id, text) for text in texts]
    missing = sorted({key: i for i, key in enumerate(keys) if key not in cache}.values())
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(stage, done, len(missing))

    fresh = embedder.embed([texts[i] for i in missing], batch_size, tick)
    vectors = {keys[i]: fresh[row] for row, i in enumerate(missing)}
    matrix = np.zeros((len(texts), embedder.dimension), dtype=np.float32)
    for row, key in enumerate(keys):
        matrix[row] = vectors[key] if key in vectors else cache[key]
    return matrix, len(missing)


def _write_build(
    folder: Path,
    documents: list[tuple[ParsedDocument, str]],
    settings: Settings,
    embedders: tuple[Embedder, Embedder],
    cache: dict[str, np.ndarray],
    progress: Progress | None,
) -> tuple[int, int]:
    embedder, sentence_embedder = embedders
    chunks = [chunk for document, _ in documents for chunk in document.chunks]
    sentences = [sentence for document, _ in documents for sentence in document.sentences]
    titles = {document.source.doc_id: document.source.title for document, _ in documents}
    chunk_texts = [chunk_embedding_text(c, titles[c.doc_id]) for c in chunks]
    sentence_texts = [s.text for s in sentences]
    batch = settings.embed_batch_size
    chunk_vectors, new_chunks = _embed(chunk_texts, embedder, cache, batch, "chunks", progress)
    sentence_vectors, new_sentences = _embed(sentence_texts, sentence_embedder, cache, batch, "sentences", progress)

    analyzer = Analyzer()
    BM25Index.build(
        [analyzer.tokenize(chunk_lexical_text(c)) for c in chunks], k1=settings.index.bm25_k1, b=settings.index.bm25_b
    ).save(folder)
    DenseIndex.build(chunk_vectors).save(folder / CHUNK_VECTORS)
    np.save(folder / SENTENCE_VECTORS, sentence_vectors, allow_pickle=False)
    hubness = neighbourhood_similarity(sentence_vectors, settings.index.hubness_neighbours)
    np.save(folder / SENTENCE_HUBNESS, hubness, allow_pickle=False)
    write_jsonl(folder / CHUNKS, [chunk_json(c) for c in chunks])
    write_jsonl(folder / SENTENCES, [sentence_json(s) for s in sentences])
    entries = [
        DocumentEntry(d.source, d.sections, digest, len(d.sentences), len(d.chunks), d.page_breaks)
        for d, digest in documents
    ]
    (folder / DOCUMENTS).write_text(json.dumps([document_json(e) for e in entries], ensure_ascii=False, indent=1))
    brief = _compose_brief(sentences, sentence_vectors, entries, sentence_embedder, cache, settings, progress)
    (folder / BRIEF).write_text(json.dumps(brief_json(brief), ensure_ascii=False, indent=1), encoding="utf-8")

    fingerprint = settings_fingerprint(settings, embedder.model_id, sentence_embedder.model_id)
    manifest = {
        "format_version": FORMAT_VERSION,
        "caseqa_version": __version__,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": {"id": embedder.model_id, "setting": settings.model, "dimension": embedder.dimension},
        "sentence_model": {
            "id": sentence_embedder.model_id,
            "setting": settings.sentence_model_setting,
            "dimension": sentence_embedder.dimension,
        },
        "settings": fingerprint,
        "fingerprint": hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest()[:16],
        "documents": {e.source.doc_id: {"file": e.source.file, "content_hash": e.content_hash} for e in entries},
        "counts": {"documents": len(entries), "chunks": len(chunks), "sentences": len(sentences)},
        "embedded": {"new": new_chunks + new_sentences, "reused": len(chunks) + len(sentences) - new_chunks - new_sentences},
        "files": {path.name: file_sha256(path) for path in sorted(folder.iterdir()) if path.name != MANIFEST},
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    reused = len(chunks) + len(sentences) - new_chunks - new_sentences
    return new_chunks + new_sentences, reused


def _compose_brief(
    sentences: list[Sentence],
    sentence_vectors: np.ndarray,
    entries: list[DocumentEntry],
    embedder: Embedder,
    cache: dict[str, np.ndarray],
    settings: Settings,
    progress: Progress | None,
) -> Brief:
    """The case brief, its facet classifier fitted on the examples embedded by the sentence model (an example
    that is a corpus sentence reuses that sentence's vector)."""
    texts, labels = load_examples(settings.brief.examples_file)
    known = {**cache, **{_embedding_key(embedder.model_id, s.text): v for s, v in zip(sentences, sentence_vectors)}}
    vectors, _ = _embed(texts, embedder, known, settings.embed_batch_size, "examples", progress)
    classifier = FacetClassifier.fit(vectors, labels, settings.brief.l2)
    adjectives = load_lexicon(settings.search.lexicon_file).place_adjectives
    documents = {e.source.doc_id: e for e in entries}
    return BriefComposer(sentences, sentence_vectors, documents, classifier, settings.brief, adjectives).compose()


def _new_version(builds: Path) -> str:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    version, n = stamp, 1
    while (builds / version).exists():
        n += 1
        version = f"{stamp}-{n}"
    return version
