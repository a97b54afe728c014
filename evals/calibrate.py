"""Fit the answer confidence on the dev split and write src/caseqa/answer/calibration.json.

Label: 1 when the chosen sentences support a gold quote, 0 otherwise (and for
every unanswerable question). The threshold catches the most unanswerable dev
questions that the false-abstention limit allows, at the fewest false
abstentions, midway between the dev confidences on either side. Below the
off-topic floor (0.8 of the lowest similarity of a supported dev answer) the
answerer abstains whatever the other features say. The "high" band starts at the
lowest confidence above which dev answers are supported at least 0.90 of the
time, the "moderate" band where they are at least 0.70 (each over at least 10
answers); the share each band got right on dev is printed for the README.
Usage: python evals/calibrate.py [--max-false-abstain 0.08]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from caseqa import Calibration, Settings, choose_threshold, fit_logistic, load_engine
from caseqa.answer.calibration import choose_band
from caseqa.evaluation import answer_supported, load_questions

ROOT = Path(__file__).resolve().parents[1]
#: The off-topic floor is this share of the lowest similarity among supported dev answers.
OFF_TOPIC_MARGIN = 0.8
#: The share of dev answers each band must get right, and the fewest answers a band's figure may rest on.
BAND_PRECISION = {"high": 0.90, "moderate": 0.70}
MIN_BAND_ANSWERS = 10


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-false-abstain", type=float, default=0.10)
    args = parser.parse_args()
    engine = load_engine(Settings.from_env())
    evidences, rows, labels, answerable = [], [], [], []
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
    weights, bias = fit_logistic(rows, labels, l2=1.0)
    # Off topic: well below the least similar sentence that still answered a dev question.
    off_topic = round(OFF_TOPIC_MARGIN * min(row["semantic"] for row, label in zip(rows, labels) if label), 3)
    engine.answerer.calibration = Calibration(weights, bias, 0.0, "evals/dev.jsonl", off_topic)
    confidences = [engine.answerer.confidence(evidence) for evidence in evidences]
    threshold = choose_threshold(confidences, answerable, args.max_false_abstain)
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


if __name__ == "__main__":
    main()
