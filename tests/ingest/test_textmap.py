"""Shown text keeps the source offset of every character; markup goes, words never silently do."""

from caseqa.ingest.textmap import MappedText, cut_gaps, merge_spans


def test_markup_is_removed_and_white_space_folded():
    source = "It paid US\\$590 million for *the goal*   of\n<b>growth</b>."
    mapped = MappedText(source)
    mapped.append(0, len(source))
    assert mapped.text == "It paid US$590 million for the goal of growth."
    assert all(source[offset] == char for char, offset in zip(mapped.chars, mapped.offsets) if char != " ")


def test_span_of_text_that_skips_a_page_header_records_the_header_as_a_gap():
    source = "The sales grew by\n\nPAGE HEADER 12\n\nten percent in Russia."
    mapped = MappedText(source)
    mapped.append(0, 17)
    mapped.append(source.index("ten"), len(source))
    span = mapped.span(0, len(mapped.text))
    assert mapped.text == "The sales grew by ten percent in Russia."
    assert (span.start, span.end) == (0, len(source))
    assert len(span.gaps) == 1 and "PAGE HEADER 12" in source[slice(*span.gaps[0])]
    assert cut_gaps(source, span).split() == mapped.text.split()


def test_hyphenated_line_break_joins_without_space():
    source = "support of strong tal-\n\nents."
    mapped = MappedText(source)
    mapped.append(0, 22)
    mapped.append(24, len(source), separator="")
    assert mapped.text == "support of strong tal-ents."
    assert mapped.span(0, len(mapped.text)).gaps == ()


def test_merged_spans_turn_words_between_them_into_gaps():
    source = "First sentence. TABLE ROW\tX Second sentence."
    mapped = MappedText(source)
    mapped.append(0, len(source))
    first = mapped.span(0, 15)
    second_start = mapped.text.index("Second")
    second = mapped.span(second_start, len(mapped.text))
    merged = merge_spans([first, second], source)
    assert cut_gaps(source, merged).split() == ["First", "sentence.", "Second", "sentence."]
