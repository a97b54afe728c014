"""Which sources a question names: by author, by kind, and told apart by year and title words."""

import pytest

from caseqa.records import Source
from caseqa.retrieval.source_references import SourceReferences

SOURCES = [
    Source("thesis", "Internationalization Strategy of Chinese Firms", "t.txt", "thesis", ("Wang Rui",), 2018),
    Source("li", "Analysis of Cross-Border Enterprises", "l.txt", "journal article", ("Weijian Li", "Chenggang Li"), 2022),
    Source("russia", "Business Model Evolution: AliExpress in Russia", "r.txt", "journal article"),
    Source("case", "Alibaba: Expansion Into International Markets", "c.txt", "case study"),
    Source("news", "Platforms Expand Along the Belt and Road", "n.txt", "news", (), 2017),
]


@pytest.fixture
def references() -> SourceReferences:
    return SourceReferences(SOURCES)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("According to the thesis, why did Alibaba go abroad?", {"thesis"}),
        ("What does the St. Petersburg thesis conclude?", {"thesis"}),
        ("Why, in Li and Li's view, did Alibaba buy stakes?", {"li"}),
        ("What did Wang Rui build on?", {"thesis"}),
        ("How does the Russia case paper divide the history?", {"russia"}),
        ("What does the AliExpress-in-Russia paper advise?", {"russia"}),
        ("Which dimensions, per the 2022 journal article?", {"li"}),
        ("What lessons does the case study draw?", {"case"}),
        ("What does the news article say about Spain?", {"news"}),
        ("Compare the thesis with Li and Li.", {"thesis", "li"}),
        ("What does the paper say about logistics?", {"li", "russia"}),
    ],
)
def test_named_sources(references: SourceReferences, question: str, expected: set[str]) -> None:
    assert references.referenced(question) == expected


@pytest.mark.parametrize(
    "question",
    [
        "When did AliExpress enter Russia?",
        "According to the sources, who founded Alibaba?",
        "What did Alibaba report in 2017?",  # a year alone names no source
        "Which article of clothing sold best?",  # a kind word without a determiner
        "Paper or plastic packaging?",
    ],
)
def test_questions_that_name_no_source(references: SourceReferences, question: str) -> None:
    assert references.referenced(question) == frozenset()


def test_an_unlisted_kind_is_known_by_its_own_name() -> None:
    report = Source("eu", "Alibaba in Europe", "e.txt", "report")
    assert SourceReferences([report, *SOURCES]).referenced("What does the report say?") == {"eu"}
