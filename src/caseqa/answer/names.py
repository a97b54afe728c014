"""Words the corpus writes as names, so a question typed in lower case ("how much did alibaba pay for lazada")
still names what it asks about."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

#: A word counts as a name when the corpus capitalises at least this share of its uses inside a sentence.
NAME_SHARE = 0.8
_WORD = re.compile(r"[A-Za-z][\w&-]*")


def corpus_names(sentences: Iterable[str]) -> frozenset[str]:
    """The lower-cased words the sentences capitalise where no sentence start explains it ("lazada", "qiwi").

    Only uses that could start a name count: after "Alibaba", "Group" is capitalised as part of a name,
    but "group" alone is no name. A word never seen starting a name is not one.
    """
    capitalised: Counter[str] = Counter()
    uses: Counter[str] = Counter()
    for sentence in sentences:
        matches = list(_WORD.finditer(sentence))
        for before, match in zip(matches, matches[1:]):
            word = match.group()
            if before.group()[0].isupper() and sentence[before.end() : match.start()].isspace():
                continue  # inside a name: says nothing of the word on its own
            key = word.lower()
            uses[key] += 1
            capitalised[key] += word[0].isupper()
    return frozenset(word for word, n in uses.items() if capitalised[word] >= NAME_SHARE * n)


def names_in(question: str, names: frozenset[str]) -> list[str]:
    """The words of a question that the corpus writes as names, however and wherever the question writes them
    ("lazada number of employees")."""
    return [word for word in _WORD.findall(question) if word.lower() in names]
