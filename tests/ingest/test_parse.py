"""Parsing a document within a time budget that also stops when the server does."""

import threading

import pytest

from caseqa.errors import SourceTooLargeError, StoppedError
from caseqa.ingest.parse import parse_budget, parse_document
from caseqa.records import Source

SOURCE = Source("memo", "Memo", "memo.txt", "other")
TEXT = "Entry\n\nAlibaba entered Turkey in 2018 by buying Trendyol. The deal was large.\n"


def test_a_document_parses_within_a_generous_budget():
    document = parse_document(SOURCE, TEXT, 120, 0, parse_budget("memo.txt", 60))
    assert [s.text for s in document.sentences] == ["Alibaba entered Turkey in 2018 by buying Trendyol.", "The deal was large."]


def test_a_spent_budget_refuses_the_source_naming_it_and_the_setting():
    with pytest.raises(SourceTooLargeError, match=r"memo\.txt: parsing took longer than .*CASEQA_PARSE_SECONDS"):
        parse_document(SOURCE, TEXT, 120, 0, parse_budget("memo.txt", 1e-9))


def test_a_stop_signal_gives_parsing_up_at_once():
    stop = threading.Event()
    stop.set()
    with pytest.raises(StoppedError, match="shutting down"):
        parse_document(SOURCE, TEXT, 120, 0, parse_budget("memo.txt", 60, stop))
