"""A disagreement is two sources giving one fact different values; not two facts, and not one source alone."""

from __future__ import annotations

import numpy as np

from caseqa.brief.conflicts import Statement, differing_values, value_context

ENTRY = frozenset({"aliexpress", "enter", "russia"})


def _unit(*rows: list[float]) -> np.ndarray:
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_two_sources_with_two_years_for_one_event_disagree_and_agreeing_ones_join():
    statements = [Statement(0, "paper", "2010", ENTRY), Statement(1, "news", "2012", ENTRY), Statement(2, "thesis", "2012", ENTRY)]
    groups = differing_values(statements, _unit([1, 0.1], [1, 0.2], [1, 0.15]), similarity=0.8)
    assert [[s.position for s in group] for group in groups] == [[0, 1, 2]]


def test_other_events_one_source_or_far_sentences_make_no_disagreement():
    other_event = [Statement(0, "paper", "2010", ENTRY), Statement(1, "news", "2014", frozenset({"branch", "open", "moscow"}))]
    one_source = [Statement(0, "paper", "2010", ENTRY), Statement(1, "paper", "2012", ENTRY)]
    far = [Statement(0, "paper", "2010", ENTRY), Statement(1, "news", "2012", ENTRY)]
    assert differing_values(other_event, _unit([1, 0], [1, 0]), 0.8) == []
    assert differing_values(one_source, _unit([1, 0], [1, 0]), 0.8) == []
    assert differing_values(far, _unit([1, 0], [0, 1]), 0.8) == []


def test_a_values_context_is_the_words_around_it():
    text = "AliExpress entered Russia in April 2010 as a platform."
    start = text.index("April 2010")
    context = value_context(text, start, start + len("April 2010"), lambda s: s.lower().split())
    assert context == frozenset({"aliexpress", "entered", "russia", "in", "as", "a", "platform."})
