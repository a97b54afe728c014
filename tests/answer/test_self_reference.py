"""Recognising sentences about the source text itself, and questions about a source."""

import pytest

from caseqa.answer.self_reference import asks_about_the_source, describes_the_text


@pytest.mark.parametrize(
    ("sentence", "about_the_text"),
    [
        ("This thesis studies why Alibaba entered the Russian market.", True),
        ("Secondly, Alibaba Group will be analyzed from the perspectives of external and internal drivers.", True),
        ("Analyzing the cooperation with local companies will provide us the hint of entry mode.", True),
        ("The next block concerns the business strategy and the entry mode that the company chooses.", True),
        ("In 2016, Alibaba acquired Lazada, which will be integrated with Tmall.", False),
        ('"We will choose the more established Amazon and eBay as partners," Li said.', False),
    ],
)
def test_sentences_about_the_text_itself_are_recognised(sentence, about_the_text):
    assert describes_the_text(sentence) is about_the_text


@pytest.mark.parametrize(
    ("question", "about_the_source"),
    [
        ("What does the thesis find about Russia?", True),
        ("According to Li and Li, why did Alibaba buy Lazada?", True),
        ("Why did Alibaba buy Lazada?", False),
    ],
)
def test_questions_about_a_source_are_recognised(question, about_the_source):
    assert asks_about_the_source(question) is about_the_source
