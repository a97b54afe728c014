"""Logistic calibration separates good from bad evidence; bands start where dev answers are right often enough."""

import pytest

from caseqa.answer.calibration import FEATURES, Calibration, fit_logistic, choose_band


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
