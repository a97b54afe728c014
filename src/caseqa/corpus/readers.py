"""Text extraction from the file types a source may arrive as: .txt, .md, .pdf and .html."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, ClassVar

from caseqa.errors import SourceError, SourceTooLargeError, StoppedError

if TYPE_CHECKING:
    from caseqa.ingest.parse import Checkpoint

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm")
#: Between the pages of a PDF's text: a form feed on a line of its own (a blank line to parsing), from which
#: citations learn their page.
PAGE_BREAK = "\n\f\n"
#: The most text one source may hold, about 25 times the longest seed source; a small PDF can
#: decompress to far more than its upload size, and indexing time grows with the text.
MAX_TEXT_CHARS = 5_000_000


def extract_text(data: bytes, suffix: str, name: str, checkpoint: Checkpoint | None = None) -> str:
    """The text of a file's bytes; refuses empty, undecodable, encrypted, broken or oversized files, naming ``name``.

    ``checkpoint`` is called between the pages of a PDF.
    """
    suffix = suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(f"{name}: unsupported file type {suffix or '(none)'}; use one of {', '.join(SUPPORTED_SUFFIXES)}")
    if not data.strip():
        raise SourceError(f"{name}: the file is empty")
    if suffix == ".pdf":
        text = _pdf_text(data, name, checkpoint or (lambda: None))
    else:
        text = _decode(data, name)
        if suffix in (".html", ".htm"):
            text = _html_text(text)
    _refuse_oversized(len(text), name)
    text = text.replace("\r\n", "\n").replace("\x00", "")
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 5:
        raise SourceError(f"{name}: no readable text found")
    return text


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not valid UTF-8 text (byte {exc.start})") from exc


def _refuse_oversized(chars: int, name: str) -> None:
    if chars > MAX_TEXT_CHARS:
        raise SourceTooLargeError(f"{name}: holds more than {MAX_TEXT_CHARS:,} characters of text; split it into smaller files")


def _pdf_text(data: bytes, name: str, checkpoint: Checkpoint) -> str:
    """The text of every page, stopping as soon as the text passes the cap (a decompression bomb's pages
    are refused one at a time, never all held at once)."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    pages: list[str] = []
    chars = 0
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError(f"{name}: the PDF is encrypted")
        for page in reader.pages:
            checkpoint()
            pages.append(page.extract_text() or "")
            chars += len(pages[-1])
            _refuse_oversized(chars, name)
    except LimitReachedError as exc:
        raise SourceTooLargeError(f"{name}: the PDF decompresses to more than can be read ({exc})") from exc
    except (SourceError, StoppedError):
        raise
    except MemoryError as exc:
        raise SourceTooLargeError(f"{name}: the PDF needs more memory to read than this server allows") from exc
    except Exception as exc:  # pypdf fails on hostile files in many ways (RecursionError, AttributeError, ...)
        raise SourceError(f"{name}: not a readable PDF ({type(exc).__name__}: {exc})") from exc
    return PAGE_BREAK.join(pages)


class _HTMLText(HTMLParser):
    """Visible text of a page, one block element per paragraph; scripts and styles dropped."""

    _BLOCKS = frozenset("p div br li tr table section article header footer blockquote".split())
    #: Headings are written as Markdown headings ("## Title"), which parsing turns into sections.
    _HEADINGS: ClassVar[dict[str, str]] = {f"h{level}": "#" * level + " " for level in range(1, 7)}
    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._HEADINGS:
            self.parts.append("\n\n" + self._HEADINGS[tag])
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS or tag in self._HEADINGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(re.sub(r"\s+", " ", data))


def _html_text(markup: str) -> str:
    parser = _HTMLText()
    parser.feed(markup)
    parser.close()
    paragraphs = (part.strip() for part in "".join(parser.parts).split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p) + "\n"
