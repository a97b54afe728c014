"""The real corpus: clean answerable text, known sections, and the offset contract for every sentence."""

from __future__ import annotations

import re
from functools import cache

import pytest

from caseqa.corpus.sources import load_sources, read_source_text
from caseqa.ingest.parse import ParsedDocument, parse_document
from caseqa.ingest.textmap import cut_gaps

from tests.conftest import REAL_CORPUS

RUSSIA_HEADER = "the perspective of interaction between resource and institution"


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


@cache
def parsed() -> dict[str, tuple[str, ParsedDocument]]:
    documents = {}
    for source in load_sources(REAL_CORPUS):
        text = read_source_text(REAL_CORPUS, source)
        documents[source.doc_id] = (text, parse_document(source, text, max_words=120, overlap_sentences=1))
    return documents


def test_every_sentence_and_chunk_matches_its_span_word_for_word():
    checked = 0
    for text, document in parsed().values():
        for item in (*document.sentences, *document.chunks):
            assert words(cut_gaps(text, item.span)) == words(item.text), item
            checked += 1
    assert checked > 1900  # about 1,500 sentences and 430 chunks


def test_the_russia_paper_page_header_is_in_no_chunk():
    _, document = parsed()["aliexpress-russia"]
    assert document.removed["running header"] >= 30
    assert not [c.chunk_id for c in document.chunks if RUSSIA_HEADER in c.text]


def test_a_sentence_cut_by_the_page_header_is_whole_again_in_one_chunk():
    text, document = parsed()["aliexpress-russia"]
    wanted = "Using the method of literature research to study the definition and evolution of business model"
    holding = [c for c in document.chunks if wanted in c.text]
    assert holding, "the interrupted sentence was not rejoined"
    assert any(RUSSIA_HEADER in text[a:b] for c in holding for a, b in c.span.gaps)


def test_no_contents_line_or_reference_entry_is_answerable():
    answerable = " ".join(c.text for _, d in parsed().values() for c in d.chunks)
    assert "1.1 Research Background and Significance - 6 -" not in answerable
    assert "Research Background and Significance\t" not in answerable
    assert not re.search(r"\.{4,}", answerable)
    for reference in (
        "Teece J, Pisano G, Shuen A. Dynamic capabilities",
        "Coviello N. Re-thinking research on born globals",
        "Micheli, J., & Carrillo, J. (2016)",
        "Forbes. (2023). Can Alibaba Compete",
        "Popular posts from this blog",
        "ЗАЯВЛЕНИЕ",
        "摘要",
        "STATEMENT ABOUT THE INDEPENDENT CHARACTER",
    ):
        assert reference not in answerable, reference


@pytest.mark.parametrize(
    ("doc_id", "title"),
    [
        ("wang-2018-thesis", "3.4.1 Analysis of firm-specific factors"),
        ("wang-2018-thesis", "3.5.1 Internationalization to Russia"),
        ("wang-2018-thesis", "3.5.2 Internationalization to Southeast Asia"),
        ("li-2022-ibusiness", "3.2. International Market Entry Strategy"),
        ("li-2022-ibusiness", "1) Holding M & A"),
        ("aliexpress-russia", "4.2 The Dynamic Evolution of AliExpress's Business Model in Russia"),
        ("aliexpress-russia", "5.2.3 learning ability"),
        ("alibaba-case-study", "Quantitative Results"),
        ("global-times-2017", "Challenges ahead"),
    ],
)
def test_known_section_titles_are_found(doc_id, title):
    _, document = parsed()[doc_id]
    assert any(section.path[-1] == title for section in document.sections)
    assert any(sentence.section[-1] == title for sentence in document.sentences)


def test_sentences_carry_their_full_section_path():
    _, document = parsed()["wang-2018-thesis"]
    russia = [s for s in document.sentences if s.section[-1] == "3.5.1 Internationalization to Russia"]
    assert russia and russia[0].section[0].startswith("3. EMPIRICAL STUDY")
