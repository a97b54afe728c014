"""Confidence from answer evidence: a small logistic model fitted on the dev split, stored as JSON."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from importlib.resources import files
from pathlib import Path

import numpy as np

from caseqa.logistic import fit_logistic_matrix

FEATURES = ("score", "semantic", "lexical", "coverage", "answer_coverage", "unknown", "type_found", "answer_hubness")
#: The fitted parameters that ship with the package (refit with evals/calibrate.py).
PACKAGED = "calibration.json"


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over FEATURES, fitted on dev, and the confidence below which the answerer abstains."""

    weights: dict[str, float]
    bias: float
    threshold: float
    fitted_on: str
    #: Below this similarity even the closest sentence is about another subject: the answerer abstains.
    #: It depends on the model, so it is fitted with the rest (0 disables it).
    off_topic_semantic: float = 0.0
    #: The lowest confidence of the "high" and the "moderate" band, chosen on dev for the share of answers
    #: each band gets right (evals/calibrate.py prints it).
    bands: dict[str, float] = field(default_factory=dict)

    def band(self, confidence: float) -> str:
        """The confidence in words: "high", "moderate" or "low"."""
        for name in ("high", "moderate"):
            if name in self.bands and confidence >= self.bands[name]:
                return name
        return "low"

    def confidence(self, features: dict[str, float]) -> float:
        """Probability-like confidence in [0, 1] that the chosen sentence answers the question."""
        z = self.bias + sum(self.weights[name] * features[name] for name in FEATURES)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    @classmethod
    def load(cls, path: Path | None = None) -> Calibration:
        text = path.read_text(encoding="utf-8") if path else files("caseqa.answer").joinpath(PACKAGED).read_text("utf-8")
        data = json.loads(text)
        return cls(
            dict(data["weights"]),
            float(data["bias"]),
            float(data["threshold"]),
            str(data["fitted_on"]),
            float(data.get("off_topic_semantic", 0.0)),
            {name: float(cut) for name, cut in data.get("bands", {}).items()},
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")


def fit_logistic(
    rows: Sequence[dict[str, float]], labels: Sequence[int], l2: float = 1.0, names: Sequence[str] = FEATURES
) -> tuple[dict[str, float], float]:
    """L2-regularised logistic regression over the features ``names`` (caseqa/logistic.py)."""
    x = np.array([[row[name] for name in names] for row in rows], dtype=float)
    weights, bias = fit_logistic_matrix(x, np.asarray(labels, dtype=float), l2)
    return {name: float(v) for name, v in zip(names, weights)}, bias


def choose_band(confidences: Sequence[float], supported: Sequence[bool], precision: float, min_answers: int) -> float:
    """The lowest cut whose answers at or above it (at least ``min_answers``) are supported at ``precision``
    or better; 1.0 when no cut is (the band stays empty rather than promise what dev does not show)."""
    ranked = sorted(zip(confidences, supported), key=lambda pair: -pair[0])
    best = 1.0
    held = 0
    for count, (confidence, good) in enumerate(ranked, start=1):
        held += good
        tied_next = count < len(ranked) and ranked[count][0] == confidence
        if count >= min_answers and not tied_next and held / count >= precision:
            best = confidence
    return best
