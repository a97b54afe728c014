"""How likely each sentence states each facet: one logistic regression per facet over sentence vectors, fitted
when the index is built on labelled example sentences (facet_examples.jsonl), with whatever model embeds the
corpus. Learned from examples, not word lists, so a sentence that merely names the market scores low."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from caseqa.brief.records import FACETS
from caseqa.errors import ConfigError
from caseqa.logistic import fit_logistic_matrix, sigmoid

EXAMPLES_FILE = Path(__file__).with_name("facet_examples.jsonl")


def load_examples(path: Path | None = None) -> tuple[list[str], np.ndarray]:
    """The example sentences and their labels, shape (examples, facets): 1 where a careful reader put the
    sentence under that facet of a market; a row of zeros is a sentence about a market that states none."""
    path = path or EXAMPLES_FILE
    texts, labels = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: the brief's facet examples cannot be read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            text, facets = str(row["text"]), set(row["facets"])
        except (ValueError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}:{number}: not an example ({{\"text\": ..., \"facets\": [...]}}): {exc}") from exc
        if facets - set(FACETS):
            raise ConfigError(f"{path}:{number}: unknown facets {sorted(facets - set(FACETS))}; known: {', '.join(FACETS)}")
        texts.append(text)
        labels.append([facet in facets for facet in FACETS])
    if not texts:
        raise ConfigError(f"{path}: no examples")
    return texts, np.array(labels, dtype=float)


class FacetClassifier:
    """Per facet, weights over a sentence vector and a bias."""

    def __init__(self, weights: np.ndarray, bias: np.ndarray) -> None:
        self.weights = weights  # (dimension, facets)
        self.bias = bias  # (facets,)

    @classmethod
    def fit(cls, vectors: np.ndarray, labels: np.ndarray, l2: float) -> FacetClassifier:
        fitted = [fit_logistic_matrix(vectors, labels[:, column], l2) for column in range(labels.shape[1])]
        return cls(np.stack([w for w, _ in fitted], axis=1), np.array([b for _, b in fitted]))

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        """Shape (sentences, facets), in FACETS order."""
        return sigmoid(vectors @ self.weights + self.bias)
