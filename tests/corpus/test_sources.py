"""Corpus metadata is checked on load; a new source is stored, or refused with a reason and no change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import caseqa.corpus.sources as sources_module
from caseqa.corpus.sources import add_source, load_sources, read_source_text
from caseqa.errors import CorpusError, SourceError, SourceTooLargeError, StorageError, StorageFullError

from tests.fixtures.pdfs import _assemble, bomb_pdf, encrypted_pdf, text_pdf

NEW_TEXT = (
    "Alibaba opened a data centre in Frankfurt in 2016 to serve European cloud customers. "
    "The move followed rising demand from German manufacturers for local data storage.\n"
)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_real_metadata_describes_five_readable_sources():
    from tests.conftest import REAL_CORPUS

    sources = load_sources(REAL_CORPUS)
    assert [s.doc_id for s in sources][:2] == ["wang-2018-thesis", "li-2022-ibusiness"]
    assert {s.kind for s in sources} == {"thesis", "journal article", "case study", "news"}
    assert all(read_source_text(REAL_CORPUS, s) for s in sources)


def test_metadata_naming_a_missing_file_is_refused(tmp_path):
    (tmp_path / "sources.toml").write_text('[[source]]\ndoc_id = "a"\ntitle = "A"\nkind = "news"\nfile = "a.txt"\n')
    with pytest.raises(CorpusError, match="a.txt"):
        load_sources(tmp_path)


def test_adding_a_text_source_stores_it_under_a_chosen_name(corpus_copy):
    source = add_source(corpus_copy, NEW_TEXT.encode(), "notes.txt", title="Alibaba Cloud in Europe", kind="news", year=2016)
    assert source.doc_id == "alibaba-cloud-in-europe-2016"
    assert (corpus_copy / source.file).read_text() == NEW_TEXT
    assert source in load_sources(corpus_copy)


def test_adding_a_pdf_keeps_the_original_and_stores_its_text(corpus_copy):
    pdf = text_pdf(["Alibaba entered Turkey by acquiring Trendyol in 2018.", "The deal gave it a local platform."])
    source = add_source(corpus_copy, pdf, "trendyol.pdf", title="Trendyol deal", kind="report")
    assert "acquiring Trendyol" in read_source_text(corpus_copy, source)
    assert (corpus_copy / "originals" / f"{source.doc_id}.pdf").read_bytes() == pdf


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.txt", "empty"),
        (b"   \n", "blank.txt", "empty"),
        (NEW_TEXT.encode(), "notes.docx", "unsupported"),
        (b"\xff\xfe\x00bad", "bad.txt", "UTF-8"),
        (b"%PDF-1.4 not really a pdf", "broken.pdf", "not a readable PDF"),
        (encrypted_pdf(), "locked.pdf", "encrypted"),
        (NEW_TEXT.encode(), "../escape.txt", "plain name"),
        (NEW_TEXT.encode(), "/etc/passwd.txt", "plain name"),
        (NEW_TEXT.encode(), ".hidden.txt", "hidden"),
        (NEW_TEXT.encode(), "nul\x00.txt", "plain name"),
    ],
)
def test_bad_sources_are_refused_and_nothing_changes(corpus_copy, data, name, reason):
    before = snapshot(corpus_copy)
    with pytest.raises(SourceError, match=reason):
        add_source(corpus_copy, data, name, title="A title", kind="news")
    assert snapshot(corpus_copy) == before


@pytest.mark.parametrize(
    ("metadata", "reason"),
    [
        ({"title": "Probe\x7f title"}, "control character"),
        ({"title": "Probe\x9b title"}, "control character"),
        ({"authors": ("A. Author\x00",)}, "control character"),
        ({"doc_id": "probe\n"}, "doc_id"),
    ],
)
def test_metadata_toml_cannot_hold_is_refused_and_nothing_changes(corpus_copy, metadata, reason):
    before = snapshot(corpus_copy)
    with pytest.raises(SourceError, match=reason):
        add_source(corpus_copy, NEW_TEXT.encode(), "notes.txt", **{"title": "A title", "kind": "news", **metadata})
    assert snapshot(corpus_copy) == before
    assert load_sources(corpus_copy)  # still loads


def test_metadata_that_would_not_load_back_is_never_written(corpus_copy, monkeypatch):
    before = snapshot(corpus_copy)
    monkeypatch.setattr(sources_module, "_toml_table", lambda source: '[[source]]\ndoc_id = "unterminated\n')
    with pytest.raises(SourceError, match="would not load back"):
        add_source(corpus_copy, NEW_TEXT.encode(), "notes.txt", title="A title", kind="news")
    assert snapshot(corpus_copy) == before


def test_a_title_outside_ascii_round_trips(corpus_copy):
    source = add_source(corpus_copy, NEW_TEXT.encode(), "notes.txt", title="Alibaba 🚀 in Türkiye", kind="news")
    assert next(s for s in load_sources(corpus_copy) if s.doc_id == source.doc_id).title == "Alibaba 🚀 in Türkiye"


def test_a_duplicate_of_an_existing_source_is_refused(corpus_copy):
    before = snapshot(corpus_copy)
    news = (corpus_copy / "global-times-2017-ecommerce-belt-and-road.txt").read_bytes()
    with pytest.raises(SourceError, match="global-times-2017"):
        add_source(corpus_copy, news, "copy.txt", title="Copy", kind="news")
    assert snapshot(corpus_copy) == before


def test_an_unreadable_stored_source_names_its_file(corpus_copy):
    (corpus_copy / "global-times-2017-ecommerce-belt-and-road.txt").write_bytes(b"\xff\xfe broken")
    source = next(s for s in load_sources(corpus_copy) if s.doc_id == "global-times-2017")
    with pytest.raises(SourceError, match="global-times-2017.*not valid UTF-8"):
        read_source_text(corpus_copy, source)


def test_a_copy_differing_only_in_spacing_or_case_is_refused_and_named(corpus_copy):
    before = snapshot(corpus_copy)
    news = (corpus_copy / "global-times-2017-ecommerce-belt-and-road.txt").read_text()
    with pytest.raises(SourceError, match="same text as global-times-2017"):
        add_source(corpus_copy, (" " + news.upper() + "\n\n").encode(), "copy.txt", title="Copy", kind="news")
    assert snapshot(corpus_copy) == before


def test_files_an_upload_writes_keep_readable_modes(corpus_copy):
    metadata = corpus_copy / "sources.toml"
    metadata.chmod(0o644)
    source = add_source(corpus_copy, NEW_TEXT.encode(), "notes.txt", title="A title", kind="news")
    assert metadata.stat().st_mode & 0o777 == 0o644  # kept as it was
    mask = os.umask(0o022)
    os.umask(mask)
    assert (corpus_copy / source.file).stat().st_mode & 0o777 == 0o666 & ~mask  # a new file: the usual mode


CYCLIC_PAGES = _assemble(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>",
    ]
)


@pytest.mark.parametrize(
    ("data", "error", "reason"),
    [
        (bomb_pdf(), SourceTooLargeError, "decompresses to more than can be read"),
        (CYCLIC_PAGES, SourceError, "not a readable PDF"),
        (text_pdf(["Alibaba entered Turkey in 2018."])[:300], SourceError, "not a readable PDF"),
    ],
    ids=["decompression bomb", "cyclic page tree", "truncated"],
)
def test_hostile_pdfs_are_refused_with_a_reason_and_nothing_changes(corpus_copy, data, error, reason):
    before = snapshot(corpus_copy)
    with pytest.raises(error, match=reason):
        add_source(corpus_copy, data, "hostile.pdf", title="Hostile", kind="report")
    assert snapshot(corpus_copy) == before


def test_text_past_the_cap_is_refused_before_parsing(corpus_copy, monkeypatch):
    import caseqa.corpus.readers

    monkeypatch.setattr(caseqa.corpus.readers, "MAX_TEXT_CHARS", len(NEW_TEXT) - 1)
    before = snapshot(corpus_copy)
    with pytest.raises(SourceTooLargeError, match="characters of text"):
        add_source(corpus_copy, NEW_TEXT.encode(), "big.txt", title="Big", kind="news")
    assert snapshot(corpus_copy) == before


@pytest.mark.parametrize(
    ("failure", "error", "reason"),
    [
        (OSError(28, "No space left on device"), StorageFullError, "is full"),
        (OSError(30, "Read-only file system"), StorageError, "cannot be written .Read-only file system"),
    ],
    ids=["disk full", "read-only"],
)
def test_a_failed_write_is_a_storage_error_and_puts_every_file_back(corpus_copy, monkeypatch, failure, error, reason):
    real_write = sources_module._write_atomically
    writes = []

    def write_then_fail(path, data):
        writes.append(path)
        if path.name == sources_module.METADATA_FILE:
            raise failure
        real_write(path, data)

    monkeypatch.setattr(sources_module, "_write_atomically", write_then_fail)
    before = snapshot(corpus_copy)
    with pytest.raises(error, match=reason):
        add_source(corpus_copy, text_pdf([NEW_TEXT]), "frankfurt.pdf", title="Frankfurt", kind="news")
    assert len(writes) == 3  # the text, the original, then the metadata that failed
    assert snapshot(corpus_copy) == before
