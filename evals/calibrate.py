"""Fit the answer confidence on the dev split and write src/caseqa/answer/calibration.json.

Label: 1 when the chosen sentences support a gold quote, 0 otherwise (and for
every unanswerable question), so the confidence estimates how likely an answer
is to be supported. caseqa answers when that is at least even (threshold 0.5):
a supported answer and a wrong one weigh the same, and on dev this handles the
most questions right (answered with support or rightly abstained on; the table
printed compares nearby thresholds, in-sample and five-fold cross-validated).
Below the off-topic floor (0.8 of the lowest similarity of a supported dev
answer) the answerer abstains whatever the other features say. The "high" band
starts at the lowest confidence above which dev answers are supported at least
0.90 of the time, the "moderate" band where they are at least 0.70 (each over at
least 10 answers); the share each band got right on dev is printed for the README.
Usage: python evals/calibrate.py [--threshold 0.5]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from caseqa import Calibration, Settings, fit_logistic, load_engine
from caseqa.answer.answerer import Evidence
from caseqa.answer.calibration import choose_band
from caseqa.evaluation import answer_supported, load_questions
from caseqa.service.engine import Engine

ROOT = Path(__file__).resolve().parents[1]
#: The off-topic floor is this share of the lowest similarity among supported dev answers.
OFF_TOPIC_MARGIN = 0.8
#: The share of dev answers each band must get right, and the fewest answers a band's figure may rest on.
BAND_PRECISION = {"high": 0.90, "moderate": 0.70}
MIN_BAND_ANSWERS = 10
#: Thresholds compared in the printed table, and the cross-validation behind its second half.
COMPARED = (0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
FOLDS, REPEATS = 5, 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.5, help="answer at or above this confidence")
    args = parser.parse_args()
    engine = load_engine(Settings.from_env())
    evidences: list[Evidence] = []
    rows: list[dict[str, float]] = []
    labels: list[int] = []
    answerable: list[bool] = []
    for question in load_questions(ROOT / "evals" / "dev.jsonl"):
        evidence = engine.answerer.gather(question.question)
        if evidence.features is None:
            continue
        quotes = [e.quote for e in question.evidence]
        supported = question.answerable and answer_supported([c.sentence.text for c in evidence.chosen], quotes)
        evidences.append(evidence)
        rows.append(evidence.features)
        labels.append(int(supported))
        answerable.append(question.answerable)
    weights, bias, off_topic = fit(rows, labels)
    engine.answerer.calibration = Calibration(weights, bias, 0.0, "evals/dev.jsonl", off_topic)
    confidences = [engine.answerer.confidence(evidence) for evidence in evidences]
    print_threshold_table(engine, evidences, rows, labels, answerable, confidences)
    threshold = args.threshold
    answered = [(c, bool(label)) for c, label in zip(confidences, labels) if c >= threshold]
    bands: dict[str, float] = {}
    for name, precision in BAND_PRECISION.items():
        cut = choose_band([c for c, _ in answered], [s for _, s in answered], precision, MIN_BAND_ANSWERS)
        bands[name] = round(max(threshold, min([cut, *bands.values()])), 4)
    calibration = Calibration(weights, bias, round(threshold, 4), "evals/dev.jsonl", off_topic, bands)
    upper = 1.01
    for name in (*BAND_PRECISION, "low"):
        lower = bands.get(name, threshold)
        inside = [s for c, s in answered if lower <= c < upper]
        share = f"{sum(inside) / len(inside):.2f}" if inside else "-"
        print(f"band {name}: confidence {lower:.3f} to {min(upper, 1.0):.3f}, {len(inside)} dev answers, supported {share}")
        upper = lower
    calibration.save(ROOT / "src" / "caseqa" / "answer" / "calibration.json")
    unanswerable = [c for c, a in zip(confidences, answerable) if not a]
    caught = sum(c < threshold for c in unanswerable) / max(1, len(unanswerable))
    missed = sum(c < threshold for c, a in zip(confidences, answerable) if a) / max(1, sum(answerable))
    print(f"weights {weights} bias {bias:.3f} threshold {threshold:.3f} off-topic below {off_topic}")
    print(f"dev: abstains on {caught:.2f} of unanswerable, {missed:.2f} of answerable; supported {sum(labels)}/{sum(answerable)}")


def fit(rows: list[dict[str, float]], labels: list[int]) -> tuple[dict[str, float], float, float]:
    """The logistic weights and bias, and the off-topic floor: well below the least similar sentence that
    still answered a dev question."""
    weights, bias = fit_logistic(rows, labels, l2=1.0)
    off_topic = round(OFF_TOPIC_MARGIN * min(row["semantic"] for row, label in zip(rows, labels) if label), 3)
    return weights, bias, off_topic


def outcome(confidences: list[float], labels: list[int], answerable: list[bool], threshold: float) -> np.ndarray:
    """Counts at ``threshold``: false abstentions, right abstentions, supported answers."""
    answered = [c >= threshold for c in confidences]
    return np.array([
        sum(a and not yes for a, yes in zip(answerable, answered)),
        sum(not a and not yes for a, yes in zip(answerable, answered)),
        sum(bool(label) and yes for label, yes in zip(labels, answered)),
    ])


def print_threshold_table(
    engine: Engine,
    evidences: list[Evidence],
    rows: list[dict[str, float]],
    labels: list[int],
    answerable: list[bool],
    confidences: list[float],
) -> None:
    """False abstention, abstention, support and the share of questions handled right at each compared
    threshold: fitted on all of dev, then fitted on four folds and applied to the fifth (stratified)."""
    groups = [[i for i, a in enumerate(answerable) if a], [i for i, a in enumerate(answerable) if not a]]
    held_out = {t: np.zeros(3, dtype=int) for t in COMPARED}
    rng = np.random.default_rng(0)
    fitted = engine.answerer.calibration
    for _ in range(REPEATS):
        fold = {i: n % FOLDS for group in groups for n, i in enumerate(rng.permutation(group))}
        for k in range(FOLDS):
            train = [i for i in fold if fold[i] != k]
            weights, bias, off_topic = fit([rows[i] for i in train], [labels[i] for i in train])
            engine.answerer.calibration = Calibration(weights, bias, 0.0, "fold", off_topic)
            test = [i for i in fold if fold[i] == k]
            fold_confidences = [engine.answerer.confidence(evidences[i]) for i in test]
            for t in COMPARED:
                held_out[t] += outcome(fold_confidences, [labels[i] for i in test], [answerable[i] for i in test], t)
    engine.answerer.calibration = fitted
    n_answerable, n_unanswerable = sum(answerable), len(answerable) - sum(answerable)
    print("threshold | in-sample: false abstention, abstention, supported, handled right | cross-validated: the same")
    for t in COMPARED:
        cells = []
        for counts, times in ((outcome(confidences, labels, answerable, t), 1), (held_out[t], REPEATS)):
            false, right, supported = counts / times
            cells.append(f"{false / n_answerable:.3f} {right / n_unanswerable:.3f} {supported / n_answerable:.3f}"
                         f" {(right + supported) / len(answerable):.3f}")
        print(f"{t:.2f} | {cells[0]} | {cells[1]}")


if __name__ == "__main__":
    main()
