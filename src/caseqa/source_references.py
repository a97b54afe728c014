"""Which sources a question names ("according to the thesis", "in Li and Li's view"), so search can prefer them."""

from __future__ import annotations

import re
from collections.abc import Iterable

from caseqa.records import Source

#: Words people use for a source of each kind; a kind not listed is known by its own words.
KIND_WORDS = {
    "thesis": ("thesis", "dissertation"),
    "journal article": ("journal article", "paper", "article", "journal"),
    "case study": ("case study",),
    "news": ("news article", "news report", "news", "newspaper"),
}
#: A kind word names a source only after a determiner: "the thesis", "the Russia case paper".
_DETERMINER = r"\b(?:the|this|that|these|those|its|their|his|her|whose)\b(?:\s+[\w.'’-]+){0,3}?\s+"
#: Words of four or more letters; a title word tells sources apart only when no other title has it.
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{3,}")

#: Cue strengths: an author's name is the surest sign, then the kind's own name, then a synonym.
AUTHOR, KIND_NAME, KIND_SYNONYM = 3, 2, 1
#: Once a source is named by kind or author, its year and distinctive title words tell it from others.
MAX_TITLE_WORDS = 2


class SourceReferences:
    """Finds the sources a question refers to by author, kind, year and title words."""

    def __init__(self, sources: Iterable[Source]) -> None:
        self._sources = list(sources)
        titles = [set(_title_words(s.title)) for s in self._sources]
        self._title_words = [
            words - set().union(*(other for j, other in enumerate(titles) if j != i)) for i, words in enumerate(titles)
        ]

    def referenced(self, question: str) -> frozenset[str]:
        """The doc_ids the question names; several when it names several or cannot tell two apart.

        Each mention ("the thesis", "Li") is given to the sources it fits best:
        "the Russia case paper" fits both papers by kind, the AliExpress one by title.
        """
        question_words = set(_title_words(question))
        named: set[str] = set()
        for mention in _mentions(question, self._sources):
            scores = {
                i: cue + self._detail(i, question, question_words)
                for i, source in enumerate(self._sources)
                if (cue := _cue(source, mention))
            }
            best = max(scores.values(), default=0)
            named.update(self._sources[i].doc_id for i, score in scores.items() if score == best)
        return frozenset(named)

    def _detail(self, i: int, question: str, question_words: set[str]) -> int:
        """What tells one source of a kind from another: its year and the title words only it has."""
        year = self._sources[i].year
        in_year = 1 if year and re.search(rf"\b{year}\b", question) else 0
        return in_year + min(MAX_TITLE_WORDS, len(self._title_words[i] & question_words))


def _title_words(text: str) -> list[str]:
    return [word.casefold() for word in _TITLE_WORD.findall(text)]


def _kind_words(source: Source) -> tuple[str, ...]:
    return KIND_WORDS.get(source.kind.casefold(), (source.kind.casefold(),))


def _author_names(source: Source) -> set[str]:
    """Every capitalised part of every author's name: "Li" of "Weijian Li", "Wang" and "Rui" of "Wang Rui"."""
    return {part for author in source.authors for part in re.findall(r"[A-Z][\w'-]+", author)}


def _mentions(question: str, sources: list[Source]) -> list[tuple[str, str]]:
    """("author", name) and ("kind", word) mentions in the question; a kind word inside a longer one
    ("article" in "news article") is not a mention of its own."""
    folded = question.casefold()
    authors = {name for source in sources for name in _author_names(source)}
    found = [("author", name) for name in sorted(authors) if re.search(rf"\b{re.escape(name)}\b", question)]
    spans: list[tuple[int, int, str]] = []
    for word in sorted({word for source in sources for word in _kind_words(source)}):
        pattern = rf"(?:{_DETERMINER}|\baccording to (?:an? |the )?)({re.escape(word)})\b"
        spans += [(m.start(1), m.end(1), word) for m in re.finditer(pattern, folded)]
    for start, end, word in spans:
        if not any(s <= start and end <= e and (s, e) != (start, end) for s, e, _ in spans):
            found.append(("kind", word))
    return found


def _cue(source: Source, mention: tuple[str, str]) -> int:
    """How strongly one mention points at a source (0: not at all)."""
    what, value = mention
    if what == "author":
        return AUTHOR if value in _author_names(source) else 0
    words = _kind_words(source)
    if value not in words:
        return 0
    return KIND_NAME if value in (words[0], source.kind.casefold()) else KIND_SYNONYM
