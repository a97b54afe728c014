"""Tests of the evidence-matching rule and citation slicing."""

from caseqa.evaluation.matching import (
    MIN_RUN,
    longest_common_run,
    quote_in_document,
    spans_match,
    supports,
    word_tokens,
)
from caseqa.records import Span

QUOTE = (
    "In 2019 Alibaba invested US$590 million in its Southeast Asian platform Lazada "
    "to strengthen logistics and payments."
)


def test_word_tokens_normalise_case_punctuation_and_width():
    assert word_tokens("Alibaba's  B2B\n(Tmall)!") == ["alibaba", "s", "b2b", "tmall"]
    assert word_tokens("ＵＳ\\$590") == ["us", "590"]  # NFKC folds full-width letters


def test_longest_common_run():
    a = "x a b c d y".split()
    b = "a b c q a b c d".split()
    assert longest_common_run(a, b) == 4
    assert longest_common_run(a, []) == 0
    assert longest_common_run(a, b, enough=2) >= 2


def test_passage_containing_the_quote_supports_it():
    passage = "Background first. " + QUOTE + " Then other things happened in the region."
    assert supports(passage, QUOTE)


def test_passage_sharing_a_long_enough_run_supports():
    passage = "Reports say Alibaba invested US$590 million in its Southeast Asian platform, not more."
    assert supports(passage, QUOTE)  # shares 10 consecutive tokens


def test_passage_sharing_a_short_run_does_not_support():
    passage = "Alibaba invested US$590 million in Russia, with partners from the region."
    shared = longest_common_run(word_tokens(passage), word_tokens(QUOTE))
    assert shared < MIN_RUN
    assert not supports(passage, QUOTE)


def test_unrelated_passage_does_not_support():
    assert not supports("AliExpress entered Russia through a joint venture with Mail.ru.", QUOTE)


def test_short_sentence_inside_the_quote_supports():
    assert supports("Lazada to strengthen logistics and payments", QUOTE)  # 6 tokens, all inside


def test_too_short_or_not_contiguous_sentence_does_not_support():
    assert not supports("Lazada to strengthen", QUOTE)  # under 5 tokens
    assert not supports("Lazada to strengthen logistics payments", QUOTE)  # not contiguous


def test_quote_shorter_than_min_run_needs_all_its_tokens():
    quote = "US$590 million"
    assert supports("The deal was worth US$590 million in cash.", quote)
    assert not supports("The deal was worth US$600 million in cash.", quote)


def test_support_ignores_punctuation_whitespace_and_markdown_escapes():
    escaped = "In 2019 Alibaba invested US\\$590 million in its\nSoutheast   Asian platform **Lazada**"
    assert supports(escaped, QUOTE)
    assert supports(QUOTE, escaped)


def test_empty_texts_never_support():
    assert not supports("", QUOTE)
    assert not supports(QUOTE, "")
    assert not supports("...", "!!")


def test_quote_in_document():
    document = "Title\n\nIn 2019 Alibaba invested US\\$590 million in its\nSoutheast Asian platform Lazada.\n"
    assert quote_in_document("Alibaba invested US$590 million in its Southeast Asian", document)
    assert not quote_in_document("Alibaba invested US$600 million", document)
    assert not quote_in_document("Alibaba invested in its Southeast Asian", document)
    assert not quote_in_document("Ali", document)  # whole words only
    assert not quote_in_document("", document)


def test_spans_match_plain_span():
    source = "Intro. Alibaba entered Russia in 2010. More."
    start = source.index("Alibaba")
    span = Span(start, source.index(" More"))
    assert spans_match(source, span, "Alibaba entered Russia in 2010.")
    assert spans_match(source, span, "alibaba entered russia in 2010")  # words, not characters
    assert not spans_match(source, span, "Alibaba entered Russia in 2011.")
    assert not spans_match(source, Span(start, start + 7), "Alibaba entered Russia in 2010.")


def test_spans_match_cuts_out_gaps():
    source = "Alibaba entered\n--- page 4 ---\nRussia in 2010."
    gap = (source.index("--- page"), source.index("Russia"))
    span = Span(0, len(source), (gap,))
    assert spans_match(source, span, "Alibaba entered Russia in 2010.")
    assert not spans_match(source, Span(0, len(source)), "Alibaba entered Russia in 2010.")


def test_spans_match_gap_does_not_glue_words():
    source = "Alibaba entered|X|Russia"
    span = Span(0, len(source), ((15, 18),))
    assert spans_match(source, span, "Alibaba entered Russia")


def test_spans_match_rejects_malformed_spans():
    source = "Alibaba entered Russia."
    text = "Alibaba entered Russia."
    assert not spans_match(source, Span(0, len(source) + 5), text)
    assert not spans_match(source, Span(5, 2), text)
    assert not spans_match(source, Span(0, 10, ((8, 12),)), text)  # gap beyond the span
    assert not spans_match(source, Span(0, len(source), ((10, 12), (2, 4))), text)  # out of order
    assert not spans_match(source, Span(0, 0), "")
