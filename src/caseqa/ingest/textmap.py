"""Text shown to people, built from pieces of a source file, with the source offset of every character."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from caseqa.records import Span

# Markup that conversions leave in running text and that people should not read:
# Markdown escapes (`US\$590`), emphasis stars (`*the goal*`) and HTML tags (`<p>`).
_MARKUP = re.compile(r"\\(?=[^\w\s])|</?[A-Za-z][^<>\n]{0,200}>|(?<![\w*])\*{1,2}(?=\w)|(?<=[\w.,;:!?)])\*{1,2}(?![\w*])")
_WHITESPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w")


@dataclass
class MappedText:
    """A growing string whose every character remembers where it sits in the source."""

    source: str
    chars: list[str] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def append(self, start: int, end: int, separator: str = " ") -> None:
        """Add ``source[start:end]`` with markup removed and white space folded.

        ``separator`` goes between the previous piece and this one ("" joins a
        word that a line break hyphenated, keeping the hyphen).
        """
        if self.chars and separator:
            self.chars.append(separator)
            self.offsets.append(self.offsets[-1] + 1)
        position = start
        for match in _MARKUP.finditer(self.source, start, end):
            self._copy(position, match.start())
            position = match.end()
        self._copy(position, end)

    def _copy(self, start: int, end: int) -> None:
        position = start
        for match in _WHITESPACE.finditer(self.source, start, end):
            self._copy_plain(position, match.start())
            if self.chars and self.chars[-1] != " ":
                self.chars.append(" ")
                self.offsets.append(match.start())
            position = match.end()
        self._copy_plain(position, end)

    def _copy_plain(self, start: int, end: int) -> None:
        self.chars.extend(self.source[start:end])
        self.offsets.extend(range(start, end))

    def span(self, start: int, end: int) -> Span:
        """The source span of ``text[start:end]``, with the skipped source ranges that hold words as gaps."""
        offsets = self.offsets[start:end]
        gaps: list[tuple[int, int]] = []
        for here, after in zip(offsets, offsets[1:]):
            if after - here > 1 and _WORD.search(self.source, here + 1, after):
                gaps.append((here + 1, after))
        return Span(offsets[0], offsets[-1] + 1, tuple(gaps))


def merge_spans(spans: list[Span], source: str) -> Span:
    """One span covering consecutive spans in order; words between them become gaps too."""
    gaps: list[tuple[int, int]] = list(spans[0].gaps)
    for before, after in zip(spans, spans[1:]):
        if _WORD.search(source, before.end, after.start):
            gaps.append((before.end, after.start))
        gaps.extend(after.gaps)
    return Span(spans[0].start, spans[-1].end, tuple(gaps))


def cut_gaps(source: str, span: Span) -> str:
    """The source text of a span with its gaps left out: what a citation vouches for."""
    pieces: list[str] = []
    position = span.start
    for gap_start, gap_end in span.gaps:
        pieces.append(source[position:gap_start])
        position = gap_end
    pieces.append(source[position : span.end])
    return " ".join(pieces)

