"""Logistic calibration separates good from bad evidence; the threshold respects the false-abstention limit."""

import pytest

from caseqa.answer.calibration import FEATURES, Calibration, choose_threshold, fit_logistic, choose_band


def row(score: float) -> dict[str, float]:
    return {name: (score if name == "score" else 0.5) for name in FEATURES}


def test_fit_orders_confidence_by_evidence():
    rows = [row(s / 10) for s in range(10)]
    labels = [0, 0, 0, 0, 1, 0, 1, 1, 1, 1]
    weights, bias = fit_logistic(rows, labels, l2=0.01)
    calibration = Calibration(weights, bias, 0.5, "test")
    confidences = [calibration.confidence(r) for r in rows]
    assert confidences == sorted(confidences)
    assert confidences[0] < 0.2 and confidences[-1] > 0.8
    assert all(0.0 <= c <= 1.0 for c in confidences)


def test_threshold_keeps_false_abstention_within_the_limit():
    confidences = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.15, 0.35]
    answerable = [True] * 10 + [False, False]
    threshold = choose_threshold(confidences, answerable, max_false_abstain=0.10)
    assert threshold == pytest.approx(0.175)  # between the caught 0.15 and the first answered 0.2
    assert sum(c < threshold for c, a in zip(confidences, answerable) if a) <= 1


def test_threshold_abstains_on_no_answerable_question_that_catches_nothing_more():
    # The limit (2 of 20) would allow abstaining below 0.45, but past the unanswerable 0.32 that only
    # costs answerable questions.
    confidences = [0.30, 0.40, *[0.5 + i / 100 for i in range(18)], 0.32, 0.10]
    answerable = [True] * 20 + [False, False]
    threshold = choose_threshold(confidences, answerable, max_false_abstain=0.10)
    assert threshold == pytest.approx(0.36)
    assert sum(c < threshold for c, a in zip(confidences, answerable) if a) == 1


def test_a_zero_limit_abstains_on_no_answerable_question():
    confidences = [0.2, 0.6, 0.7, 0.1]
    answerable = [True, True, True, False]
    threshold = choose_threshold(confidences, answerable, max_false_abstain=0.0)
    assert threshold == pytest.approx(0.15)
    assert all(c >= threshold for c, a in zip(confidences, answerable) if a)


def test_the_packaged_calibration_loads(tmp_path):
    packaged = Calibration.load()
    assert set(packaged.weights) == set(FEATURES) and 0 <= packaged.threshold <= 1
    assert 0 < packaged.off_topic_semantic < 1
    packaged.save(tmp_path / "c.json")
    assert Calibration.load(tmp_path / "c.json") == packaged


def test_a_calibration_without_an_off_topic_floor_has_none(tmp_path):
    path = tmp_path / "c.json"
    path.write_text('{"weights": {}, "bias": 0.5, "threshold": 0.4, "fitted_on": "x"}', encoding="utf-8")
    assert Calibration.load(path).off_topic_semantic == 0.0


def test_a_band_starts_where_dev_answers_above_it_are_right_often_enough():
    confidences = [0.95, 0.9, 0.85, 0.8, 0.7, 0.6]
    supported = [True, True, True, False, True, False]
    assert choose_band(confidences, supported, precision=1.0, min_answers=2) == 0.85
    assert choose_band(confidences, supported, precision=0.8, min_answers=2) == 0.7  # 4 of 5 from 0.7 up
    assert choose_band(confidences, supported, precision=0.8, min_answers=6) == 1.0  # too few answers: empty


def test_confidence_bands_are_read_with_the_calibration(tmp_path):
    calibration = Calibration({name: 0.0 for name in FEATURES}, 0.0, 0.5, "test", 0.0, {"high": 0.8, "moderate": 0.65})
    calibration.save(tmp_path / "calibration.json")
    loaded = Calibration.load(tmp_path / "calibration.json")
    assert [loaded.band(c) for c in (0.9, 0.8, 0.7, 0.55)] == ["high", "high", "moderate", "low"]
