"""The facet classifier learns from labelled examples; bad example files are refused with the line named."""

from __future__ import annotations

import numpy as np
import pytest

from caseqa.brief.facets import FacetClassifier, load_examples
from caseqa.brief.records import FACETS
from caseqa.errors import ConfigError


def test_it_learns_which_direction_means_which_facet():
    rng = np.random.default_rng(0)
    centres = np.eye(len(FACETS) + 1, 8)  # one direction per facet, and one for "none"
    labels, vectors = [], []
    for row in range(200):
        kind = row % (len(FACETS) + 1)
        vectors.append(centres[kind] + rng.normal(0, 0.1, 8))
        labels.append([float(kind == column) for column in range(len(FACETS))])
    model = FacetClassifier.fit(np.array(vectors), np.array(labels), l2=0.1)
    probabilities = model.probabilities(centres)
    assert list(probabilities[: len(FACETS)].argmax(axis=1)) == list(range(len(FACETS)))
    assert probabilities[len(FACETS)].max() < 0.5  # "none" is no facet


def test_the_packaged_examples_hold_every_facet_and_negatives():
    texts, labels = load_examples()
    assert len(texts) == len(labels) > 100
    assert (labels.sum(axis=0) > 10).all()
    assert (labels.sum(axis=1) == 0).sum() > 50


@pytest.mark.parametrize(
    ("line", "message"),
    [('{"text": "x", "facets": ["risks"]}', "unknown facets"), ('{"text": "x"}', "not an example"), ("not json", "not an example")],
)
def test_a_bad_example_file_names_its_line(tmp_path, line, message):
    path = tmp_path / "examples.jsonl"
    path.write_text('{"text": "fine", "facets": []}\n' + line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"examples.jsonl:2: {message}"):
        load_examples(path)
