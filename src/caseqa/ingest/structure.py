"""Headings, section paths and paragraphs: the structure of a classified source."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.ingest.cleaning import INTERRUPTIONS, Line, LineKind
from caseqa.ingest.textmap import MappedText
from caseqa.records import Section

#: The path of text that comes before a document's first heading.
LEAD_SECTION = "Lead"

_NUMBERED = re.compile(r"^(?P<number>\d{1,2}(?:\.\d{1,2}){0,4})\.?\s+(?P<title>\S.*)$")
#: A Markdown ATX heading ("## Entry into Russia"); extracted HTML headings are written this way too.
_MARKDOWN = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<title>[^#\s].*?)(?:[ \t]+#+)?[ \t]*$")
_LABELLED = re.compile(r"^(?:\d{1,2}\)|[a-h][.)])\s+(?P<title>\S.*)$")
_TERMINAL = re.compile(r"[.!?;,][\"'”’)\]]*$")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_INNER_SENTENCE_BREAK = re.compile(r"[.!?]\s+\S")
_TOP_LEVEL = frozenset(
    {"abstract", "introduction", "background", "conclusion", "conclusions", "summary", "discussion", "methodology"}
)
_CONNECTORS = frozenset(
    "a an and as at by for from in into of on or that the to which with".split()
)


@dataclass(slots=True)
class Paragraph:
    """Running text of one section, joined across hard wraps, page breaks and figures."""

    number: int
    section: tuple[str, ...]
    text: MappedText


@dataclass(frozen=True, slots=True)
class _Heading:
    title: str
    number: str | None = None  # "3.4.1" for numbered headings; others nest under the last one
    level: int | None = None  # a Markdown heading's level (the number of #)

    @property
    def depth(self) -> int | None:
        if self.level is not None:
            return self.level
        return None if self.number is None else self.number.count(".") + 1


def parse_structure(source: str, lines: list[Line]) -> tuple[list[Section], list[Paragraph]]:
    """Sections (headings with their paths) and paragraphs (with the section each belongs to)."""
    builder = _Builder(source)
    content = [line for line in lines if line.kind is not LineKind.BLANK]
    following = {line.number: after for line, after in zip(content, content[1:])}
    consumed: set[int] = set()
    previous_text: Line | None = None
    for line in lines:
        if line.number in consumed:
            continue
        if line.kind is LineKind.BLANK:
            builder.pending_break = True
        elif line.kind in INTERRUPTIONS:
            builder.interrupted = True
        elif line.kind is not LineKind.TEXT:
            builder.flush()
        else:
            after = following.get(line.number)
            standalone = builder.pending_break or previous_text is None or _ends_sentence(previous_text.text)
            heading = _heading(line, after, standalone)
            if heading is None:
                builder.add_line(line)
            else:
                if heading.number is not None and after is not None and _continues_heading(line, after):
                    heading = _Heading(f"{heading.title} {after.text.strip()}", heading.number)
                    consumed.add(after.number)
                builder.open_section(heading, line.start)
            previous_text = line
    builder.flush()
    return builder.sections, builder.paragraphs


class _Builder:
    """Accumulates paragraphs line by line, deciding where one ends and the next begins."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.sections: list[Section] = []
        self.paragraphs: list[Paragraph] = []
        self.stack: list[tuple[int, _Heading]] = []
        self.numbered_depth = 0
        self.current: MappedText | None = None
        self.pending_break = False
        self.interrupted = False

    @property
    def path(self) -> tuple[str, ...]:
        return tuple(heading.title for _, heading in self.stack) or (LEAD_SECTION,)

    def open_section(self, heading: _Heading, start: int) -> None:
        self.flush()
        if heading.depth is not None:
            level = self.numbered_depth = heading.depth
        elif heading.title.lower().rstrip(":") in _TOP_LEVEL:
            level = 1
            self.numbered_depth = 0
        else:
            level = self.numbered_depth + 1
        while self.stack and (self.stack[-1][0] >= level or not _belongs_under(heading, self.stack[-1][1])):
            self.stack.pop()
        self.stack.append((level, heading))
        self.sections.append(Section(self.path, start))

    def add_line(self, line: Line) -> None:
        text = line.text.strip()
        start = line.start + (len(line.text) - len(line.text.lstrip()))
        end = start + len(text)
        if self.current is not None and not line.bullet and self._continues(text):
            previous = self.current.chars[-1]
            hyphenated = previous == "-" and len(self.current.chars) > 1 and self.current.chars[-2].isalpha()
            self.current.append(start, end, separator="" if hyphenated and text[0].isalpha() else " ")
        else:
            self.flush()
            self.current = MappedText(self.source)
            self.current.append(start, end)
        self.pending_break = self.interrupted = False

    def _continues(self, text: str) -> bool:
        """Whether a line carries on the current paragraph (a hard wrap, or a sentence cut by a page break)."""
        assert self.current is not None
        before = "".join(self.current.chars[-40:]).rstrip()
        if _SENTENCE_END.search(before):
            return False
        if not (self.pending_break or self.interrupted):
            return True
        last_word = before.rsplit(" ", 1)[-1].lower()
        return text[0].islower() or text[0].isdigit() or before[-1] in ",-–(" or last_word in _CONNECTORS

    def flush(self) -> None:
        if self.current is not None and self.current.chars:
            self.paragraphs.append(Paragraph(len(self.paragraphs), self.path, self.current))
        self.current = None
        self.pending_break = self.interrupted = False


def _heading(line: Line, after: Line | None, standalone: bool) -> _Heading | None:
    """The heading a line states, if it is one: numbered, labelled (``a.``, ``1)``) or plain."""
    if line.bullet or line.text != line.text.lstrip():
        return None
    text = line.text.strip()
    words = text.split()
    markdown = _MARKDOWN.match(text)
    if markdown:
        return _Heading(markdown.group("title"), level=len(markdown.group("hashes")))
    numbered = _NUMBERED.match(text)
    if numbered:
        title = numbered.group("title")
        short = len(text) <= 150 and len(words) <= 16
        ending_ok = not _TERMINAL.search(title) or (title.endswith(".") and len(words) <= 8)
        depth = numbered.group("number").count(".") + 1
        # "5.2.3 learning ability": lower-case titles only where the number leaves no doubt.
        capitalised = title[0].isupper() or title[0].isdigit() or title[0] in "\"“'"
        if short and ending_ok and (capitalised or (depth >= 2 and len(words) <= 6)):
            return _Heading(text, numbered.group("number"))
        return None
    labelled = _LABELLED.match(text)
    if labelled and len(words) <= 16 and not _TERMINAL.search(text) and labelled.group("title")[0].isupper():
        return _Heading(text)
    if standalone and _is_plain_heading(text, after):
        return _Heading(text)
    return None


def _belongs_under(heading: _Heading, parent: _Heading) -> bool:
    """"3.4.1" belongs under "3.4" but not under "1."; unnumbered headings fit anywhere."""
    if heading.number is None or parent.number is None:
        return True
    return heading.number.startswith(parent.number + ".")


def _is_plain_heading(text: str, after: Line | None) -> bool:
    """A short title-like line standing alone, followed by a line that starts a new sentence."""
    words = text.split()
    if not (1 <= len(words) <= 10 and len(text) <= 90 and text[0].isupper()):
        return False
    if _TERMINAL.search(text) or _INNER_SENTENCE_BREAK.search(text) or words[-1].lower() in _CONNECTORS:
        return False
    if text.endswith(":") and len(words) > 8:
        return False
    if after is None or after.kind is not LineKind.TEXT:
        return after is not None
    first = after.text.strip()[0]
    return first.isupper() or first.isdigit() or after.bullet


def _continues_heading(line: Line, after: Line) -> bool:
    """A long numbered heading whose last word or two wrapped onto the next line."""
    text = line.text.strip()
    rest = after.text.strip()
    return (
        after.kind is LineKind.TEXT
        and not after.bullet
        and len(text) >= 45
        and not _TERMINAL.search(text)
        and len(rest.split()) <= 3
        and len(rest) <= 40
        and rest[0].isupper()
        and not _TERMINAL.search(rest)
    )


def _ends_sentence(text: str) -> bool:
    return bool(_SENTENCE_END.search(text.rstrip()))
