"""The corpus: source metadata in ``sources.toml``, the stored texts citations point into, and adding a source."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseqa.corpus.readers import extract_text
from caseqa.errors import CorpusError, SourceError, StorageError, StorageFullError
from caseqa.records import Source

if TYPE_CHECKING:
    from caseqa.ingest.parse import Checkpoint

METADATA_FILE = "sources.toml"
ORIGINALS_DIR = "originals"
KINDS = ("thesis", "journal article", "case study", "news", "report", "book", "web page", "other")
DOC_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
_MAX_TITLE = 300
#: C0 and C1 control characters and DEL: TOML cannot hold them raw, and no title needs one.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def load_sources(corpus_dir: Path) -> list[Source]:
    """Every source in the metadata file, checked against the files on disk."""
    path = corpus_dir / METADATA_FILE
    try:
        entries = tomllib.loads(path.read_text(encoding="utf-8")).get("source", [])
    except FileNotFoundError as exc:
        raise CorpusError(f"{path}: no corpus metadata file") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise CorpusError(f"{path}: not valid TOML ({exc})") from exc
    sources: list[Source] = []
    for number, entry in enumerate(entries, start=1):
        sources.append(_source_from_entry(entry, f"{path} [[source]] #{number}"))
    seen: set[str] = set()
    for source in sources:
        if source.doc_id in seen:
            raise CorpusError(f"{path}: doc_id {source.doc_id!r} is used twice")
        seen.add(source.doc_id)
        if not (corpus_dir / source.file).is_file():
            raise CorpusError(f"{path}: {source.doc_id}: file {source.file!r} is missing from {corpus_dir}")
    return sources


def _source_from_entry(entry: dict, where: str) -> Source:
    missing = [key for key in ("doc_id", "title", "file", "kind") if not entry.get(key)]
    if missing:
        raise CorpusError(f"{where}: missing {', '.join(missing)}")
    if not DOC_ID.fullmatch(entry["doc_id"]):
        raise CorpusError(f"{where}: doc_id {entry['doc_id']!r} must be lower-case letters, digits and dashes")
    if Path(entry["file"]).name != entry["file"]:
        raise CorpusError(f"{where}: file {entry['file']!r} must be a plain file name inside the corpus folder")
    return Source(
        doc_id=entry["doc_id"],
        title=entry["title"],
        file=entry["file"],
        kind=entry["kind"],
        authors=tuple(entry.get("authors", ())),
        year=entry.get("year"),
        original=entry.get("original"),
        note=entry.get("note"),
    )


def read_source_text(corpus_dir: Path, source: Source) -> str:
    """The stored text of a source, exactly as citations index into it."""
    path = corpus_dir / source.file
    try:
        return path.read_bytes().decode("utf-8")
    except OSError as exc:
        raise SourceError(f"{path}: cannot read {source.doc_id} ({exc.strerror})") from exc
    except UnicodeDecodeError as exc:
        raise SourceError(f"{path}: {source.doc_id} is not valid UTF-8 (byte {exc.start})") from exc


def content_hash(text: str) -> str:
    """Identity of a text's content: unchanged text is never parsed or embedded again."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class PreparedSource:
    """An upload checked and parsed, not yet stored: the slow half of adding a source, done outside any lock."""

    text: str
    data: bytes
    suffix: str
    original: str
    title: str
    kind: str
    authors: tuple[str, ...]
    year: int | None
    doc_id: str


def add_source(corpus_dir: Path, data: bytes, filename: str, **metadata: Any) -> Source:
    """Store a new source and its metadata, or refuse it with the reason; a refusal changes nothing.

    ``metadata`` are the keywords of ``prepare_source`` (title, kind, authors, year, doc_id, checkpoint).
    """
    return store_source(corpus_dir, prepare_source(data, filename, **metadata))


def prepare_source(
    data: bytes,
    filename: str,
    *,
    title: str,
    kind: str = "other",
    authors: tuple[str, ...] = (),
    year: int | None = None,
    doc_id: str | None = None,
    checkpoint: Checkpoint | None = None,
) -> PreparedSource:
    """Check an upload's metadata, extract its text and make sure it parses, without touching the corpus.

    PDF and HTML files become their extracted text (citations point into it).
    The stored file name is chosen later, never taken from the upload.
    """
    original = _safe_original_name(filename)
    for label, value in (("title", title), *(("author", author) for author in authors)):
        if control := _CONTROL.search(value):
            raise SourceError(f"{original}: the {label} holds a control character (U+{ord(control[0]):04X})")
    title = " ".join(title.split())
    if not title or len(title) > _MAX_TITLE:
        raise SourceError(f"{original}: a title of 1 to {_MAX_TITLE} characters is required")
    if kind not in KINDS:
        raise SourceError(f"{original}: kind must be one of {', '.join(KINDS)}")
    if year is not None and not 1800 <= year <= 2100:
        raise SourceError(f"{original}: year {year} is out of range")
    doc_id = doc_id or _doc_id_for(title, year)
    if not DOC_ID.fullmatch(doc_id):
        raise SourceError(f"{original}: doc_id {doc_id!r} must be lower-case letters, digits and dashes")
    suffix = Path(original).suffix.lower()
    text = extract_text(data, suffix, original, checkpoint)
    _refuse_unanswerable(text, original, checkpoint)
    return PreparedSource(text, data, suffix, original, title, kind, tuple(authors), year, doc_id)


def store_source(corpus_dir: Path, prepared: PreparedSource) -> Source:
    """Write a prepared source and its metadata into the corpus, or refuse it; a refusal changes nothing.

    The original of a PDF or HTML file is kept under ``originals/``. A disk
    that is full or read-only is a StorageError, with every file put back.
    """
    original, doc_id, suffix = prepared.original, prepared.doc_id, prepared.suffix
    sources = load_sources(corpus_dir)
    new_words = _normalised(prepared.text)
    for source in sources:
        if _normalised(read_source_text(corpus_dir, source)) == new_words:
            raise SourceError(f"{original}: same text as {source.doc_id} ({source.file}), up to spacing and case")
    if any(s.doc_id == doc_id for s in sources):
        raise SourceError(f"{original}: doc_id {doc_id!r} is already in the corpus")

    source = Source(doc_id, prepared.title, f"{doc_id}.txt", prepared.kind, prepared.authors, prepared.year, original)
    text_path = corpus_dir / source.file
    written = [text_path]
    try:
        _write_atomically(text_path, prepared.text.encode("utf-8"))
        if suffix not in (".txt", ".md"):
            (corpus_dir / ORIGINALS_DIR).mkdir(exist_ok=True)
            written.append(corpus_dir / ORIGINALS_DIR / f"{doc_id}{suffix}")
            _write_atomically(written[-1], prepared.data)
        metadata = corpus_dir / METADATA_FILE
        updated = metadata.read_text(encoding="utf-8").rstrip("\n") + "\n\n" + _toml_table(source)
        _check_metadata(updated, source, original)
        _write_atomically(metadata, updated.encode("utf-8"))
    except BaseException as exc:
        for path in written:
            path.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise _storage_error(exc, original) from exc
        raise
    return source


def _storage_error(exc: OSError, original: str) -> StorageError:
    """A failed write, said as what it means for whoever runs the server (and no server path for a client)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StorageFullError(f"{original}: not stored, the disk holding the corpus folder is full")
    return StorageError(f"{original}: not stored, the corpus folder cannot be written ({exc.strerror or exc})")


def _umask() -> int:
    """The process's umask, read where Linux shows it (``os.umask`` can only read it by changing it, which other
    threads would see); the common 022 elsewhere."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


def _normalised(text: str) -> str:
    """The text as search sees it: a copy that differs only in spacing or case would return every passage twice."""
    return " ".join(text.casefold().split())


def _check_metadata(text: str, source: Source, original: str) -> None:
    """Parse what is about to replace ``sources.toml``: a write that would not load back is refused, so one
    odd character can never leave the corpus unreadable."""
    try:
        entries = tomllib.loads(text).get("source", [])
        written = _source_from_entry(entries[-1], METADATA_FILE)
    except (tomllib.TOMLDecodeError, CorpusError, IndexError, KeyError, TypeError) as exc:
        raise SourceError(f"{original}: its metadata would not load back from {METADATA_FILE} ({exc})") from exc
    if written != source:
        raise SourceError(f"{original}: its metadata would not load back from {METADATA_FILE} unchanged")


def _safe_original_name(filename: str) -> str:
    """The upload's name, refused if it tries to point anywhere but a plain file."""
    if not filename or _CONTROL.search(filename) or "/" in filename or "\\" in filename:
        raise SourceError(f"{filename!r}: file name must be a plain name without path separators")
    if filename.startswith(".") or filename in ("..", "."):
        raise SourceError(f"{filename!r}: hidden or relative file names are refused")
    if len(filename) > 200:
        raise SourceError(f"{filename[:40]!r}...: file name is too long")
    return filename


def _refuse_unanswerable(text: str, name: str, checkpoint: Checkpoint | None) -> None:
    from caseqa.ingest.parse import parse_document

    probe = Source("probe", "probe", name, "other")
    if not parse_document(probe, text, max_words=120, overlap_sentences=0, checkpoint=checkpoint).sentences:
        raise SourceError(f"{name}: no sentences of running text found")


def _doc_id_for(title: str, year: int | None) -> str:
    words = re.findall(r"[a-z0-9]+", title.lower())[:6]
    slug = "-".join(words) or "source"
    return f"{slug}-{year}" if year else slug


def _toml_table(source: Source) -> str:
    """A ``[[source]]`` table. JSON string escapes are valid TOML basic strings once control characters, which
    are refused before this, are out of the way; ``_check_metadata`` proves it by parsing the result."""
    fields: dict[str, object] = {
        "doc_id": source.doc_id,
        "title": source.title,
        "authors": list(source.authors),
        "year": source.year,
        "kind": source.kind,
        "file": source.file,
        "original": source.original,
    }
    lines = ["[[source]]"]
    lines += [f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items() if value is not None]
    return "\n".join(lines) + "\n"


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path`` and rename it into place, with the mode ``path`` had (a new
    file gets the usual one): a temporary file is private, and the corpus must stay readable by its readers."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
