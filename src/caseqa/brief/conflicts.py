"""Sources that give one fact different values: sentences that say nearly the same thing, from different
sources, each with one date (or amount), grouped with those that agree with either side."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

#: Words either side of a value that say what it is the value of ("entered Russia in" 2012).
CONTEXT_WORDS = 6
#: Two values are of one fact when this share of the smaller context's terms is in the other.
SAME_CONTEXT = 0.5


@dataclass(frozen=True)
class Statement:
    """A sentence that gives one value of a kind: where it is in the index, which source, the value's key, and
    the analysed words around the value."""

    position: int
    doc_id: str
    key: str
    context: frozenset[str]


def value_context(text: str, start: int, end: int, tokenize: Callable[[str], list[str]]) -> frozenset[str]:
    """The terms of the CONTEXT_WORDS words before and after ``text[start:end]``."""
    before, after = text[:start].split()[-CONTEXT_WORDS:], text[end:].split()[:CONTEXT_WORDS]
    return frozenset(tokenize(" ".join([*before, *after])))


def _same_context(a: frozenset[str], b: frozenset[str]) -> bool:
    smaller = min(len(a), len(b))
    return smaller > 0 and len(a & b) / smaller >= SAME_CONTEXT


def differing_values(statements: Sequence[Statement], vectors: np.ndarray, similarity: float) -> list[list[Statement]]:
    """Groups of statements about one fact that hold two values or more, each group in the given order.

    Two statements are about one fact when their sentences are at least ``similarity`` close and the words
    around their values mostly agree ("entered Russia in" 2010 and 2012). A group starts
    from the closest pair of sources that differ and takes in every statement close to all its members, so a
    chain of loosely similar sentences never makes one group. One source alone never makes a disagreement
    (a source that contradicts itself is usually giving two facts).
    """
    if len(statements) < 2:
        return []
    matrix = vectors[[s.position for s in statements]]
    close = (matrix @ matrix.T >= similarity) & np.array(
        [[_same_context(a.context, b.context) for b in statements] for a in statements]
    )
    pairs = [
        (float(matrix[i] @ matrix[j]), i, j)
        for i in range(len(statements))
        for j in range(i + 1, len(statements))
        if close[i, j] and statements[i].key != statements[j].key and statements[i].doc_id != statements[j].doc_id
    ]
    grouped: set[int] = set()
    groups = []
    for _, i, j in sorted(pairs, reverse=True):  # the closest conflicting pair seeds a group
        if i in grouped or j in grouped:
            continue
        members = [i, j]
        for k in range(len(statements)):  # joined by every statement close to all its members
            if k not in grouped and k not in members and all(close[k, m] for m in members):
                members.append(k)
        grouped.update(members)
        groups.append([statements[m] for m in sorted(members)])
    return groups
