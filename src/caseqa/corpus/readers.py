"""Text extraction from the file types a source may arrive as: .txt, .md, .pdf and .html."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from caseqa.errors import SourceError

SUPPORTED_SUFFIXES = (".txt", ".md", ".pdf", ".html", ".htm")


def extract_text(data: bytes, suffix: str, name: str) -> str:
    """The text of a file's bytes; refuses empty, undecodable, encrypted or broken files, naming ``name``."""
    suffix = suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise SourceError(f"{name}: unsupported file type {suffix or '(none)'}; use one of {', '.join(SUPPORTED_SUFFIXES)}")
    if not data.strip():
        raise SourceError(f"{name}: the file is empty")
    if suffix == ".pdf":
        text = _pdf_text(data, name)
    else:
        text = _decode(data, name)
        if suffix in (".html", ".htm"):
            text = _html_text(text)
    text = text.replace("\r\n", "\n").replace("\x00", "")
    if len(re.findall(r"[^\W\d_]{2,}", text)) < 5:
        raise SourceError(f"{name}: no readable text found")
    return text


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{name}: not valid UTF-8 text (byte {exc.start})") from exc


def _pdf_text(data: bytes, name: str) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise SourceError(f"{name}: the PDF is encrypted")
        return "\n\n".join(page.extract_text() or "" for page in reader.pages)
    except SourceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(f"{name}: not a readable PDF ({exc})") from exc


class _HTMLText(HTMLParser):
    """Visible text of a page, one block element per paragraph; scripts and styles dropped."""

    _BLOCKS = frozenset("p div br li h1 h2 h3 h4 h5 h6 tr table section article header footer blockquote".split())
    _HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._HIDDEN:
            self.hidden += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in self._BLOCKS:
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
