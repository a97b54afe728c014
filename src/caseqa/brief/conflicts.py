"""Sources that give one fact different values: sentences that say nearly the same thing, from different
sources, each with one date (or amount), grouped with those that agree with either side."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Statement:
    """A sentence that gives one value of a kind: where it is in the index, which source, and the value's key."""

    position: int
    doc_id: str
    key: str


def differing_values(statements: Sequence[Statement], vectors: np.ndarray, similarity: float) -> list[list[Statement]]:
    """Groups of statements about one fact that hold two values or more, each group in the given order.

    Two statements are about one fact when their sentences are at least ``similarity`` close. A group starts
    from the closest pair of sources that differ and takes in every statement close to all its members, so a
    chain of loosely similar sentences never makes one group. One source alone never makes a disagreement
    (a source that contradicts itself is usually giving two facts).
    """
    if len(statements) < 2:
        return []
    matrix = vectors[[s.position for s in statements]]
    close = matrix @ matrix.T >= similarity
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
