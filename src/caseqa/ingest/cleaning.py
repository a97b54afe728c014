"""Line-level cleaning of converted PDFs and web pages: which lines are running text and which are not."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from enum import StrEnum


class LineKind(StrEnum):
    """What a line of a source is; only TEXT and HEADING lines reach the index."""

    TEXT = "text"
    HEADING = "heading"
    BLANK = "blank"
    RUNNING_HEADER = "running header"
    CONTENTS = "table of contents"
    CAPTION = "caption"
    TABLE = "table"
    FOREIGN = "translation"
    FRONT_MATTER = "front matter"
    BACK_MATTER = "back matter"
    KEYWORDS = "keywords"


#: Kinds that never become answerable text but may interrupt a paragraph
#: (a page header in mid-sentence, a figure between two halves of a paragraph).
INTERRUPTIONS = frozenset(
    {LineKind.RUNNING_HEADER, LineKind.CAPTION, LineKind.TABLE, LineKind.FOREIGN, LineKind.CONTENTS}
)


@dataclass(frozen=True, slots=True)
class Line:
    """A line of the source: ``start``/``end`` bound its content (list markers and indentation cut off)."""

    number: int
    start: int
    end: int
    text: str
    kind: LineKind = LineKind.TEXT
    bullet: bool = False


_TOC_ENTRY = re.compile(r"(?:\.{3,}|…+|\t)\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$")
_CONTENTS_TITLE = re.compile(r"^(?:table of )?contents$", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:figure|fig\.|table|chart|exhibit)\s*\d+(?:\.\d+)?\b", re.IGNORECASE)
_SOURCE_NOTE = re.compile(r"^(?:source|sources|data source|note)s?\s*:", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•●▪◦‣∙·]|[-*–]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+")
_INDENTED_ITEM = re.compile(r"^\s+\(?(?:\d{1,2}|[a-z])[.)]\s+")
_FOREIGN_SCRIPT = re.compile(r"[\u0400-\u04FF\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF\uAC00-\uD7AF]")
_LETTER = re.compile(r"[^\W\d_]")
_BOILERPLATE = re.compile(
    r"^(?:https?://\S+$|doi:|issn\b|copyright\b|©|how to cite\b|received:|e-?mail:|\S+@\S+\.\w+$)",
    re.IGNORECASE,
)
_KEYWORDS = re.compile(r"^key\s?words?\b", re.IGNORECASE)
_ABSTRACT = re.compile(r"^abstract\b", re.IGNORECASE)
_FIRST_CHAPTER = re.compile(r"^1\.?\s+[A-Z]")
_BACK_MATTER = re.compile(
    r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:list of )?(?:references?|bibliography|works cited|acknowledge?ments?"
    r"|comments|conflicts? of interest|fund(?:ing)?(?: project)?|appendi(?:x|ces)(?:\s+\w+)?"
    r"|about the authors?|notes)(?:\s*\(.*\))?\s*:?$",
    re.IGNORECASE,
)


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with its offsets; content lines start as TEXT."""
    lines: list[Line] = []
    position = 0
    for number, raw in enumerate(text.split("\n")):
        end = position + len(raw)
        content = raw.rstrip("\r")
        kind = LineKind.TEXT if content.strip() else LineKind.BLANK
        lines.append(Line(number, position, position + len(content), content, kind))
        position = end + 1
    return lines


def classify_lines(text: str) -> list[Line]:
    """Label each line of a source: running text, or one of the kinds kept out of answers."""
    lines = split_lines(text)
    repeated = _repeated_lines(lines)
    lines = [_classify(line, repeated) for line in lines]
    lines = _fill_contents_block(lines)
    lines = _mark_zones(lines)
    return [_strip_list_marker(line) for line in lines]


def _repeated_lines(lines: list[Line]) -> set[str]:
    """Short lines seen three times or more: running page headers and footers."""
    counts = Counter(line.text.strip() for line in lines if line.kind is LineKind.TEXT)
    return {text for text, n in counts.items() if n >= 3 and len(text) <= 150 and not _BULLET.match(text)}


def _classify(line: Line, repeated: set[str]) -> Line:
    if line.kind is LineKind.BLANK:
        return line
    stripped = line.text.strip()
    if stripped in repeated:
        kind = LineKind.RUNNING_HEADER
    elif _is_foreign(stripped):
        kind = LineKind.FOREIGN
    elif _CONTENTS_TITLE.match(stripped) or (len(stripped) <= 200 and _TOC_ENTRY.search(line.text)):
        kind = LineKind.CONTENTS
    elif len(stripped) <= 300 and (_CAPTION.match(stripped) or _SOURCE_NOTE.match(stripped)):
        kind = LineKind.CAPTION
    elif "\t" in line.text:
        return _table_row(line)
    elif _BOILERPLATE.match(stripped):
        kind = LineKind.FRONT_MATTER
    else:
        return line
    return replace(line, kind=kind)


def _is_foreign(text: str) -> bool:
    """True when most letters are Chinese, Japanese, Korean or Cyrillic: a translation, not the source text."""
    letters = len(_LETTER.findall(text))
    return letters > 0 and len(_FOREIGN_SCRIPT.findall(text)) / letters >= 0.3


def _table_row(line: Line) -> Line:
    """A tab-separated row is a table, unless its last cell is a paragraph of prose (a thesis abstract form)."""
    cell_start = line.text.rfind("\t") + 1
    cell = line.text[cell_start:].strip()
    if len(cell) >= 300 and cell.count(". ") >= 2:
        offset = cell_start + (len(line.text[cell_start:]) - len(line.text[cell_start:].lstrip()))
        return replace(line, start=line.start + offset, text=line.text[offset:])
    return replace(line, kind=LineKind.TABLE)


def _fill_contents_block(lines: list[Line]) -> list[Line]:
    """Short lines sandwiched between contents entries (wrapped entry titles) are contents too."""
    content = [i for i, line in enumerate(lines) if line.kind is not LineKind.BLANK]
    result = list(lines)
    for before, here, after in zip(content, content[1:], content[2:]):
        if (
            result[before].kind is LineKind.CONTENTS
            and lines[after].kind is LineKind.CONTENTS
            and lines[here].kind in (LineKind.TEXT, LineKind.RUNNING_HEADER)
            and len(lines[here].text.strip()) <= 120
        ):
            result[here] = replace(lines[here], kind=LineKind.CONTENTS)
    return result


def _mark_zones(lines: list[Line]) -> list[Line]:
    """Front matter before the abstract or first chapter; back matter from the reference list on; keyword lists."""
    result = list(lines)
    body_start = _body_start(lines)
    in_back = False
    keyword_list_next = False
    for i, line in enumerate(lines):
        if line.kind is not LineKind.TEXT:
            continue
        stripped = line.text.strip()
        if i < body_start:
            result[i] = replace(line, kind=LineKind.FRONT_MATTER)
        elif in_back or _BACK_MATTER.match(stripped):
            in_back = True
            result[i] = replace(line, kind=LineKind.BACK_MATTER)
        elif keyword_list_next or _KEYWORDS.match(stripped):
            # A bare "Keywords" heading owns the line that follows it.
            bare_heading = bool(_KEYWORDS.fullmatch(stripped.rstrip(":").strip()))
            keyword_list_next = not keyword_list_next and bare_heading
            result[i] = replace(line, kind=LineKind.KEYWORDS)
    return result


def _body_start(lines: list[Line]) -> int:
    """Index of the first line of the body: an abstract, or the first chapter heading."""
    for i, line in enumerate(lines):
        if line.kind is not LineKind.TEXT or line.text != line.text.lstrip():
            continue
        stripped = line.text.strip()
        if _ABSTRACT.match(stripped) or (_FIRST_CHAPTER.match(stripped) and len(stripped) <= 80):
            return i
    return 0


def _strip_list_marker(line: Line) -> Line:
    """Bullets and indented list items keep their text but lose the marker."""
    if line.kind is not LineKind.TEXT:
        return line
    indented_item = _INDENTED_ITEM.match(line.text)
    marker = _BULLET.match(line.text)
    if not marker or (marker.group().strip()[0].isalnum() and not indented_item):
        return line
    cut = marker.end()
    return replace(line, start=line.start + cut, text=line.text[cut:], bullet=True)
