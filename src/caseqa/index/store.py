"""The index on disk: versioned folders of plain files with a manifest, and a CURRENT pointer swapped atomically."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from caseqa.brief.records import Brief
from caseqa.brief.store import brief_from_json
from caseqa.errors import IndexBusyError, IndexCorruptError, IndexMissingError, IndexStaleError
from caseqa.index.bm25 import BM25Index
from caseqa.index.vectors import DenseIndex
from caseqa.records import Chunk, Citation, Section, Sentence, Source, span_from_json, span_json

#: 2: sentence vectors may come from another model than chunk vectors (manifest "sentence_model").
#: 3: each sentence's neighbourhood similarity (hubness) is stored beside its vector.
#: 4: the case brief (brief.json) is composed at build time.
FORMAT_VERSION = 4
CURRENT = "CURRENT"
BUILDS = "builds"
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
CHUNKS = "chunks.jsonl"
SENTENCES = "sentences.jsonl"
CHUNK_VECTORS = "chunk_vectors.faiss"
SENTENCE_VECTORS = "sentence_vectors.npy"
SENTENCE_HUBNESS = "sentence_hubness.npy"
BRIEF = "brief.json"
LOCK = ".build.lock"
PARTIAL_PREFIX = ".partial-"
REBUILD = "rebuild with `caseqa index`"


@dataclass(frozen=True)
class DocumentEntry:
    """What the index knows of one document: its metadata, outline and content hash."""

    source: Source
    sections: tuple[Section, ...]
    content_hash: str
    sentences: int
    chunks: int
    #: Offsets of the form feeds between pages (sources that came as PDF); empty when the text has no pages.
    page_breaks: tuple[int, ...] = ()

    def page_at(self, offset: int) -> int | None:
        """The 1-based page holding ``offset``, or None for a source without pages."""
        return bisect_right(self.page_breaks, offset) + 1 if self.page_breaks else None

    def cite(self, sentence: Sentence) -> Citation:
        """Where ``sentence`` of this document is: title, section, span and page."""
        return Citation(sentence.doc_id, self.source.title, sentence.section, sentence.span, self.page_at(sentence.span.start))


@dataclass(frozen=True)
class Index:
    """A loaded, verified index: everything search and answering read, immutable once loaded."""

    version: str
    path: Path
    manifest: dict
    documents: dict[str, DocumentEntry]
    chunks: tuple[Chunk, ...]
    sentences: tuple[Sentence, ...]
    chunk_vectors: DenseIndex
    sentence_vectors: np.ndarray
    #: Each sentence's mean similarity to its nearest other sentences (index/hubness.py).
    sentence_hubness: np.ndarray
    bm25: BM25Index
    #: Per market, cited sentences under each facet (brief/compose.py).
    brief: Brief

    @property
    def model_id(self) -> str:
        """The model that embedded the chunks."""
        return self.manifest["model"]["id"]

    @property
    def sentence_model_id(self) -> str:
        """The model that embedded the sentences."""
        return self.manifest["sentence_model"]["id"]


# --- records as JSON -------------------------------------------------------


def chunk_json(chunk: Chunk) -> dict:
    return {
        "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id,
        "section": list(chunk.section),
        "text": chunk.text,
        **span_json(chunk.span),
        "sentence_ids": list(chunk.sentence_ids),
    }


def sentence_json(sentence: Sentence) -> dict:
    return {
        "sentence_id": sentence.sentence_id,
        "doc_id": sentence.doc_id,
        "section": list(sentence.section),
        "text": sentence.text,
        **span_json(sentence.span),
        "paragraph": sentence.paragraph,
    }


def document_json(entry: DocumentEntry) -> dict:
    source = entry.source
    return {
        "doc_id": source.doc_id,
        "title": source.title,
        "file": source.file,
        "kind": source.kind,
        "authors": list(source.authors),
        "year": source.year,
        "original": source.original,
        "note": source.note,
        "content_hash": entry.content_hash,
        "sentences": entry.sentences,
        "chunks": entry.chunks,
        "sections": [{"path": list(s.path), "start": s.start} for s in entry.sections],
        "page_breaks": list(entry.page_breaks),
    }


def _document(row: dict) -> DocumentEntry:
    source = Source(
        doc_id=row["doc_id"],
        title=row["title"],
        file=row["file"],
        kind=row["kind"],
        authors=tuple(row["authors"]),
        year=row["year"],
        original=row["original"],
        note=row["note"],
    )
    sections = tuple(Section(tuple(s["path"]), int(s["start"])) for s in row["sections"])
    pages = tuple(int(offset) for offset in row.get("page_breaks", ()))
    return DocumentEntry(source, sections, row["content_hash"], int(row["sentences"]), int(row["chunks"]), pages)


def _chunk(row: dict) -> Chunk:
    return Chunk(row["chunk_id"], row["doc_id"], tuple(row["section"]), row["text"], span_from_json(row), tuple(row["sentence_ids"]))


def _sentence(row: dict) -> Sentence:
    return Sentence(
        row["sentence_id"], row["doc_id"], tuple(row["section"]), row["text"], span_from_json(row), int(row["paragraph"])
    )


def write_jsonl(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_jsonl(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- versions, pointer, lock ----------------------------------------------


def current_build(index_dir: Path) -> Path:
    """The folder of the index in service, as named by CURRENT."""
    pointer = index_dir / CURRENT
    try:
        version = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError as exc:
        raise IndexMissingError(f"no index in {index_dir}; build one with `caseqa index`") from exc
    build = index_dir / BUILDS / version
    if not version or "/" in version or not build.is_dir():
        raise IndexCorruptError(f"{pointer} names {version!r}, which is not a build in {index_dir / BUILDS}; {REBUILD}")
    return build


def publish(index_dir: Path, build: Path) -> None:
    """Point CURRENT at ``build`` (one atomic rename), then remove every other build."""
    temporary = index_dir / f".{CURRENT}.tmp"
    temporary.write_text(build.name + "\n", encoding="utf-8")
    with temporary.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, index_dir / CURRENT)
    for other in (index_dir / BUILDS).iterdir():
        if other != build:
            shutil.rmtree(other, ignore_errors=True)


@contextmanager
def build_lock(index_dir: Path) -> Iterator[None]:
    """Only one build at a time per index folder; a second one is refused, not queued."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexBusyError(f"another build of {index_dir} is running") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# --- loading ---------------------------------------------------------------


def load_index(index_dir: Path, build: Path | None = None) -> Index:
    """Load the index in service (or one build folder), verifying every file against the manifest."""
    build = build or current_build(index_dir)
    manifest = _read_manifest(build)
    for name, expected in manifest["files"].items():
        path = build / name
        if not path.is_file():
            raise IndexCorruptError(f"{path}: missing; {REBUILD}")
        if file_sha256(path) != expected:
            raise IndexCorruptError(f"{path}: altered or truncated (checksum differs from the manifest); {REBUILD}")
    try:
        documents = {row["doc_id"]: _document(row) for row in json.loads((build / DOCUMENTS).read_text("utf-8"))}
        chunks = tuple(_chunk(row) for row in read_jsonl(build / CHUNKS))
        sentences = tuple(_sentence(row) for row in read_jsonl(build / SENTENCES))
        sentence_vectors = np.load(build / SENTENCE_VECTORS, allow_pickle=False)
        sentence_hubness = np.load(build / SENTENCE_HUBNESS, allow_pickle=False)
        brief = brief_from_json(json.loads((build / BRIEF).read_text("utf-8")))
    except (ValueError, KeyError, TypeError, OSError) as exc:
        raise IndexCorruptError(f"{build}: unreadable index file ({exc}); {REBUILD}") from exc
    counts, dimension = manifest["counts"], manifest["model"]["dimension"]
    sentence_dimension = manifest["sentence_model"]["dimension"]
    if len(chunks) != counts["chunks"] or len(sentences) != counts["sentences"]:
        raise IndexCorruptError(f"{build}: record counts differ from the manifest; {REBUILD}")
    if sentence_vectors.shape != (len(sentences), sentence_dimension):
        raise IndexCorruptError(f"{build / SENTENCE_VECTORS}: shape {sentence_vectors.shape} differs; {REBUILD}")
    if sentence_hubness.shape != (len(sentences),):
        raise IndexCorruptError(f"{build / SENTENCE_HUBNESS}: shape {sentence_hubness.shape} differs; {REBUILD}")
    chunk_vectors = DenseIndex.load(build / CHUNK_VECTORS, len(chunks), dimension)
    bm25 = BM25Index.load(build)
    if bm25.n_docs != len(chunks):
        raise IndexCorruptError(f"{build}: BM25 data covers {bm25.n_docs} chunks, not {len(chunks)}; {REBUILD}")
    return Index(
        build.name, build, manifest, documents, chunks, sentences, chunk_vectors, sentence_vectors, sentence_hubness, bm25, brief
    )


def _read_manifest(build: Path) -> dict:
    path = build / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise IndexCorruptError(f"{path}: missing; {REBUILD}") from exc
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise IndexCorruptError(f"{path}: not valid JSON ({exc}); {REBUILD}") from exc
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        found = manifest.get("format_version") if isinstance(manifest, dict) else None
        raise IndexStaleError(f"{path}: index format {found!r}, this caseqa reads {FORMAT_VERSION}; {REBUILD}")
    for key in ("files", "counts", "model", "sentence_model", "documents"):
        if key not in manifest:
            raise IndexCorruptError(f"{path}: no {key!r} entry; {REBUILD}")
    return manifest
