"""Which sources a question names ("according to the thesis", "in Li and Li's view"), so search can prefer them."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from caseqa.records import Source
from caseqa.retrieval.lexicon import load_lexicon

#: A kind word names a source only after a determiner: "the thesis", "the Russia case paper".
_DETERMINER = r"\b(?:the|this|that|these|those|its|their|his|her|whose)\b(?:\s+[\w.'’-]+){0,3}?\s+"
#: Words of four or more letters; a title word tells sources apart only when no other title has it.
_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]{3,}")

#: Cue strengths: an author's name is the surest sign, then the kind's own name, then a synonym.
AUTHOR, KIND_NAME, KIND_SYNONYM = 3, 2, 1
#: Once a source is named by kind or author, its year and distinctive title words tell it from others.
MAX_TITLE_WORDS = 2


class SourceReferences:
    """Finds the sources a question refers to by author, kind, year and title words.

    Everything about the sources is worked out once, so a question costs two
    regular-expression scans whatever the number of sources.
    """

    def __init__(self, sources: Iterable[Source], kind_words: Mapping[str, tuple[str, ...]] | None = None) -> None:
        """``kind_words``: words people use for a source of each kind (the lexicon's by default); a kind not
        listed is known by its own words."""
        kind_words = load_lexicon().source_kinds if kind_words is None else kind_words
        self._sources = list(sources)
        titles = [set(_title_words(s.title)) for s in self._sources]
        in_titles = Counter(word for words in titles for word in words)
        self._title_words = [{word for word in words if in_titles[word] == 1} for words in titles]
        cues: defaultdict[tuple[str, str], dict[int, int]] = defaultdict(dict)
        for i, source in enumerate(self._sources):
            for name in _author_names(source):
                cues["author", name][i] = AUTHOR
            words = kind_words.get(source.kind.casefold(), (source.kind.casefold(),))
            for word in words:
                own = word in (words[0], source.kind.casefold())
                cues["kind", word][i] = KIND_NAME if own else KIND_SYNONYM
        #: Which sources each author name and kind word points at, with the cue's strength (a plain dict, so
        #: reading it never adds an entry).
        self._cues = dict(cues)
        names = sorted((name for what, name in self._cues if what == "author"), key=len, reverse=True)
        kinds = sorted((word for what, word in self._cues if what == "kind"), key=len, reverse=True)
        self._author_pattern = re.compile(rf"\b(?:{'|'.join(map(re.escape, names))})\b") if names else None
        # Longest first, so "news article" is one mention and not also "article".
        self._kind_pattern = re.compile(
            rf"(?:{_DETERMINER}|\baccording to (?:an? |the )?)({'|'.join(map(re.escape, kinds))})\b"
        ) if kinds else None
        #: Search and answer scoring both ask about the same question: the second asks the cache.
        self.referenced = lru_cache(maxsize=256)(self._referenced)

    def _referenced(self, question: str) -> frozenset[str]:
        """The doc_ids the question names; several when it names several or cannot tell two apart.

        Each mention ("the thesis", "Li") is given to the sources it fits best:
        "the Russia case paper" fits both papers by kind, the AliExpress one by title.
        """
        question_words = set(_title_words(question))
        named: set[str] = set()
        for mention in self._mentions(question):
            scores = {i: cue + self._detail(i, question, question_words) for i, cue in self._cues[mention].items()}
            best = max(scores.values())
            named.update(self._sources[i].doc_id for i, score in scores.items() if score == best)
        return frozenset(named)

    def _mentions(self, question: str) -> set[tuple[str, str]]:
        """("author", name) and ("kind", word) mentions in the question."""
        found: set[tuple[str, str]] = set()
        if self._author_pattern:
            found |= {("author", m.group()) for m in self._author_pattern.finditer(question)}
        if self._kind_pattern:
            found |= {("kind", m.group(1)) for m in self._kind_pattern.finditer(question.casefold())}
        return found

    def _detail(self, i: int, question: str, question_words: set[str]) -> int:
        """What tells one source of a kind from another: its year and the title words only it has."""
        year = self._sources[i].year
        in_year = 1 if year and re.search(rf"\b{year}\b", question) else 0
        return in_year + min(MAX_TITLE_WORDS, len(self._title_words[i] & question_words))


def _title_words(text: str) -> list[str]:
    return [word.casefold() for word in _TITLE_WORD.findall(text)]


def _author_names(source: Source) -> set[str]:
    """Every capitalised part of every author's name: "Li" of "Weijian Li", "Wang" and "Rui" of "Wang Rui"."""
    return {part for author in source.authors for part in re.findall(r"[A-Z][\w'-]+", author)}
