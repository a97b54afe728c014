"""Whether an index still matches the corpus and the settings, and a cheap way to keep asking."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from caseqa.config import Settings
from caseqa.corpus.sources import content_hash, load_sources, read_source_text
from caseqa.errors import CaseqaError
from caseqa.index.builder import settings_fingerprint
from caseqa.index.embedding import model_identity
from caseqa.index.store import Index


def staleness(index: Index, settings: Settings) -> list[str]:
    """Why the index no longer matches the corpus or settings; empty when it is fresh."""
    reasons = corpus_changes(index, settings)
    models = (
        model_identity(settings.model, settings.models_dir),
        model_identity(settings.sentence_model_setting, settings.models_dir),
    )
    if index.manifest["settings"] != settings_fingerprint(settings, *models):
        reasons.append("settings changed (model, analyzer, BM25, chunking or brief)")
    return reasons


def corpus_changes(index: Index, settings: Settings) -> list[str]:
    """Sources added, removed or changed since the index was built: what a rebuild would pick up."""
    reasons: list[str] = []
    indexed = index.manifest["documents"]
    current = {}
    for source in load_sources(settings.corpus_dir):
        current[source.doc_id] = content_hash(read_source_text(settings.corpus_dir, source))
    for doc_id in sorted(current.keys() - indexed.keys()):
        reasons.append(f"{doc_id} was added")
    for doc_id in sorted(indexed.keys() - current.keys()):
        reasons.append(f"{doc_id} was removed")
    for doc_id in sorted(current.keys() & indexed.keys()):
        if current[doc_id] != indexed[doc_id]["content_hash"]:
            reasons.append(f"{doc_id} changed")
    return reasons


class StalenessCheck:
    """``staleness`` for ``/health``, recomputed only when the index or a corpus file changes.

    Hashing the corpus on every call cost milliseconds of CPU that a loaded server cannot spare; a file's
    size, inode and modification time say whether it may have changed for the price of a ``stat``. The data
    files a setting may point outside the package (places, facet examples, lexicon) are watched the same way:
    the settings fingerprint hashes them.
    """

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._lock = threading.Lock()
        self._key: tuple | None = None
        self._reasons: list[str] = []
        brief, search = settings.brief, settings.search
        self._data_files = [path for path in (brief.places_file, brief.examples_file, search.lexicon_file) if path]

    def reasons(self, index: Index) -> list[str]:
        key = (index.version, _signature(self._settings.corpus_dir), tuple(_file_signature(path) for path in self._data_files))
        with self._lock:
            if key != self._key:
                try:
                    self._reasons = staleness(index, self._settings)
                except CaseqaError as exc:  # a broken corpus makes the index stale, not the service down
                    self._reasons = [f"cannot compare with the corpus: {exc}"]
                self._key = key
            return list(self._reasons)


def _file_signature(path: Path) -> tuple:
    try:
        stat = path.stat()
        return (stat.st_ino, stat.st_size, stat.st_mtime_ns)
    except OSError as exc:
        return (f"unreadable: {exc}",)


def _signature(folder: Path) -> tuple:
    """What the corpus folder's files look like from the outside; any write changes it."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        return tuple((e.name, e.inode(), e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file())
    except OSError as exc:
        return (f"unreadable: {exc}",)
