"""Dates and figures compare by what they mean, not how they are written."""

from __future__ import annotations

import pytest

from caseqa.answer.answer_types import AnswerType
from caseqa.answer.values import amounts, counted_word, dates, value_key


def _key(sentence: str, written: str, answer_type: AnswerType = AnswerType.NUMBER) -> str:
    start = sentence.index(written)
    return value_key(sentence, start, start + len(written), answer_type)


def test_a_date_compares_by_its_year():
    assert _key("It launched in April 2010.", "April 2010", AnswerType.DATE) == _key("In 2010 it launched.", "2010", AnswerType.DATE)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (("only 30 thousands packages a day", "30"), ("only 30,000 packages a day", "30,000")),
        (("invested US$1 billion", "US$1 billion"), ("invested $1 billion", "$1 billion")),
        (("3 millions packages", "3"), ("3 million orders", "3 million")),
    ],
)
def test_one_figure_written_two_ways_has_one_key(one, other):
    assert _key(*one) == _key(*other)


def test_money_shares_and_counts_never_share_a_key():
    keys = {_key("paid $5 million", "$5 million"), _key("grew 5%", "5%"), _key("5 million users", "5 million")}
    assert len(keys) == 3


def test_what_a_figure_counts_is_the_word_after_its_number():
    sentence = "It operates in 190+ countries and 3 millions packages, for US$5 million."
    assert counted_word(sentence, sentence.index("190"), sentence.index("190") + 3) == "countrie"
    start = sentence.index("3 millions")
    assert counted_word(sentence, start, start + 1) == "package"
    start = sentence.index("US$5")
    assert counted_word(sentence, start, start + len("US$5 million")) is None  # money is counted in money


def test_years_of_in_text_references_are_no_dates():
    assert dates("AliExpress entered the Russian market (Forbes, 2012).") == []
    assert [d.key for d in dates("It entered Russia in April 2010 and grew by 2014.")] == ["2010", "2014"]


def test_amounts_are_money_or_scaled_figures_only():
    found = amounts("In 2014 Alibaba invested $500 million in Paytm, one of 3 stores.")
    assert [a.text for a in found] == ["$500 million"]
