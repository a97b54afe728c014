"""The sentence splitter does not break on abbreviations, decimals or initials."""

import pytest

from caseqa.ingest.sentences import split_sentences


@pytest.mark.parametrize(
    "text",
    [
        "Platforms such as Tmall, e.g. for brands, grew fast.",
        "The U.S. market is mature and hard to breach.",
        "See table No. 2 for the figures.",
        "It launched in Jan. 2017 in Moscow.",
        "Growth reached 3.5 percent in 2016.",
        "J. H. Dunning developed the OLI model.",
    ],
)
def test_one_sentence_stays_whole(text):
    assert split_sentences(text) == [(0, len(text))]


def test_sentences_are_split_with_exact_bounds():
    text = "Alibaba bought Lazada in 2016.  It invested again in 2018! Why? "
    bounds = split_sentences(text)
    assert [text[a:b] for a, b in bounds] == ["Alibaba bought Lazada in 2016.", "It invested again in 2018!", "Why?"]
