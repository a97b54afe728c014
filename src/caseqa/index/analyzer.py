"""The text analyzer behind BM25: one path from text to terms, for chunks and queries alike."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version

import snowballstemmer

from caseqa.errors import ConfigError

#: Bump whenever a rule below changes the terms produced, so old indexes are rebuilt.
RULES_VERSION = 1

#: English function words: frequent, carrying no topic. ``us`` is here, which
#: is why ``U.S.`` and ``US`` become ``usa`` (see ``_ALIASES``).
STOP_WORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can cannot could did do does doing down during each eg etc few for from
    further had has have having he her here hers herself him himself his how i ie if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours ourselves
    out over own same she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself yourselves us
    """.split()
)

#: All-caps words whose lower-case form would collide with a stop word.
_ALIASES = {"US": "usa"}

# Alternatives are tried in order at each position; `[^\W_]` is a letter or
# digit in any script, `[^\W\d_]` a letter.
_TOKEN = re.compile(
    r"""
    (?P<acronym>(?<!\w)[^\W\d_](?:\.[^\W\d_])+\.?(?!\w))          # U.S., U.S.A., e.g.
    |(?P<amp>(?<!\w)[^\W\d_]{1,3}[ ]?&[ ]?[^\W\d_]{1,3}(?!\w))    # M&A, M & A, B&R
    |(?P<number>(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)*)(?![^\W_])(?:[ ]?%)?)  # 1,000  1.01  83%
    |(?P<per_cent>(?<!\w)[Pp]er[ ]cent(?!\w))
    |(?P<word>[^\W_]+(?:['’][^\W_]+)*(?:[-‐][^\W_]+(?:['’][^\W_]+)*)*)  # Alibaba’s cross-border
    """,
    re.VERBOSE,
)
_HYPHEN = re.compile(r"[-‐]")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True)
class Analyzer:
    """Turns text into BM25 terms; the same instance must analyse the corpus and every query.

    Choices, all applied identically to chunks and queries:

    * Numbers are terms and never stemmed: ``2014``, ``1.01``; thousands
      separators are dropped (``1,000`` -> ``1000``); currency signs and the
      Markdown escape in ``US\\$590`` are not token characters, so the amount is
      ``590``.
    * ``%`` is read as the word *percent*: ``83%``, ``83 %``, ``83 percent`` and
      ``83 per cent`` all give ``83`` followed by the term for ``percent``.
    * Hyphenated words give their parts and the joined form: ``cross-border``
      -> ``cross``, ``border``, ``crossbord`` so ``cross border`` and
      ``crossborder`` match it. Number ranges (``2010-2021``) give the numbers.
    * Possessives are dropped (``Alibaba's``, ``Alibaba’s`` -> ``alibaba``),
      other apostrophes removed (``don't`` -> ``dont``).
    * Dotted acronyms lose their dots (``U.K.`` -> ``uk``); ``U.S.``,
      ``U.S.A.``, ``USA`` and an all-caps ``US`` all give ``usa``, because a
      lower-case ``us`` is the stop word.
    * Letter pairs around ``&`` are one unstemmed term: ``M&A``, ``M & A`` -> ``m&a``.
    * Other scripts pass through as runs of letters (no word segmentation for Chinese).
    """

    language: str = "english"
    stopwords: bool = True
    stem: bool = True

    def __post_init__(self) -> None:
        if self.stem and self.language not in snowballstemmer.algorithms():
            raise ConfigError(f"analyzer language {self.language!r} has no snowball stemmer")

    def tokenize(self, text: str) -> list[str]:
        """The terms of ``text``, in order; repeated words repeat (BM25 counts them)."""
        config = (self.language, self.stopwords, self.stem)
        terms: list[str] = []
        for match in _TOKEN.finditer(unicodedata.normalize("NFKC", text)):
            kind, surface = match.lastgroup, match.group()
            if kind == "word":
                terms.extend(_word_terms(surface, *config))
            elif kind == "number":
                number = surface.rstrip(" %")
                terms.append(number.replace(",", ""))
                if number != surface:
                    terms.extend(_word_terms("percent", *config))
            elif kind == "acronym":
                terms.extend(_word_terms(surface.replace(".", "").upper(), *config))
            elif kind == "amp":
                terms.append(surface.replace(" ", "").lower())
            else:
                terms.extend(_word_terms("percent", *config))
        return terms

    def describe(self) -> dict[str, object]:
        """Everything that changes the terms, for the manifest: another analyzer means a rebuild."""
        stop_list = "\n".join(sorted(STOP_WORDS)).encode()
        return {
            "rules_version": RULES_VERSION,
            "language": self.language,
            "stopwords": self.stopwords,
            "stopwords_sha256": hashlib.sha256(stop_list).hexdigest() if self.stopwords else None,
            "stem": self.stem,
            "snowballstemmer": version("snowballstemmer"),
        }


@lru_cache(maxsize=1 << 17)
def _word_terms(word: str, language: str, stopwords: bool, stem: bool) -> tuple[str, ...]:
    """The terms of one word as matched; cached because snowball (pure Python) costs ~70 µs a word."""
    parts = [_normalize(part) for part in _HYPHEN.split(word)]
    if len(parts) > 1:  # number ranges never get here: the number rule takes 2010 from 2010-2021
        parts.append("".join(parts))
    stemmer = snowballstemmer.stemmer(language) if stem else None  # one per call: stemmers keep state
    terms = []
    for part in parts:
        if stopwords and part in STOP_WORDS:
            continue
        if stemmer is not None:
            part = stemmer.stemWord(part)
        terms.append(part)
    return tuple(terms)


def _normalize(part: str) -> str:
    part = _APOSTROPHE.sub("", _POSSESSIVE.sub("", part))
    return _ALIASES.get(part) or part.lower()
