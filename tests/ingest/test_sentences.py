"""The sentence splitter does not break on abbreviations, decimals or initials."""

import pytest

from caseqa.ingest.sentences import WINDOW_CHARS, split_sentences


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


SENTENCE = "Alibaba entered Russia through its cross-border platform in 2010."


def test_a_paragraph_longer_than_a_window_splits_into_its_sentences():
    count = 3 * WINDOW_CHARS // len(SENTENCE)
    text = " ".join([SENTENCE] * count)
    assert [text[a:b] for a, b in split_sentences(text)] == [SENTENCE] * count


def test_text_without_sentence_ends_is_still_split_into_bounded_pieces():
    for text in ("x" * (2 * WINDOW_CHARS + 7), ("word " * 3000).strip()):
        bounds = split_sentences(text)
        assert bounds[0][0] == 0 and bounds[-1][1] == len(text)
        assert all(0 < end - start <= WINDOW_CHARS for start, end in bounds)
        assert "".join(text[a:b] for a, b in bounds).replace(" ", "") == text.replace(" ", "")


def test_the_checkpoint_runs_before_every_window_and_can_stop_the_split():
    text = " ".join([SENTENCE] * (3 * WINDOW_CHARS // len(SENTENCE)))
    calls = []
    split_sentences(text, lambda: calls.append(1))
    assert len(calls) >= 3

    def give_up():
        raise TimeoutError("budget spent")

    with pytest.raises(TimeoutError):
        split_sentences(text, give_up)
