"""Page numbers: a PDF's pages survive as form feeds in its stored text, and citations learn their page."""

from __future__ import annotations

from caseqa.corpus.readers import PAGE_BREAK, extract_text
from caseqa.corpus.sources import add_source, load_sources, read_source_text
from caseqa.index.builder import build_index
from caseqa.index.store import load_index
from caseqa.records import Answer, AnswerSentence, Citation
from caseqa.service.api.schemas import ask_response
from tests.fixtures.pdfs import pages_pdf

PAGES = [
    ["Alibaba Cloud opened a data centre in Frankfurt in 2016.", "It served German manufacturers."],
    ["The centre was run with Vodafone Germany.", "Customers kept their data in the European Union."],
    ["A second European site opened in London in 2018.", "It served British retailers."],
]


def test_a_pdf_keeps_a_form_feed_between_its_pages():
    text = extract_text(pages_pdf(PAGES), ".pdf", "europe.pdf")
    assert text.count("\f") == 2 and len(text.split(PAGE_BREAK)) == 3
    assert "Vodafone" in text.split(PAGE_BREAK)[1]


def test_each_sentence_of_a_pdf_source_knows_its_page(tiny_settings, fake_embedder):
    source = add_source(tiny_settings.corpus_dir, pages_pdf(PAGES), "europe.pdf", title="Alibaba Cloud in Europe", kind="report")
    build_index(tiny_settings, embedder=fake_embedder)
    index = load_index(tiny_settings.index_dir)
    entry = index.documents[source.doc_id]
    pages = {s.text: entry.page_at(s.span.start) for s in index.sentences if s.doc_id == source.doc_id}
    assert pages["The centre was run with Vodafone Germany."] == 2
    assert pages["A second European site opened in London in 2018."] == 3
    assert pages["Alibaba Cloud opened a data centre in Frankfurt in 2016."] == 1
    plain = next(s for s in load_sources(tiny_settings.corpus_dir) if s.doc_id != source.doc_id)
    assert "\f" not in read_source_text(tiny_settings.corpus_dir, plain)
    assert index.documents[plain.doc_id].page_at(0) is None  # a text source has no pages


def test_the_api_object_carries_the_page_only_where_there_is_one():
    def sentence(page):
        from caseqa.records import Span

        citation = Citation("europe", "Europe", ("Lead",), Span(10, 40), page)
        return AnswerSentence("The centre was run with Vodafone Germany.", citation, 0.8, None)

    answer = Answer("Who ran the centre?", True, 0.9, (sentence(2), sentence(None)), (), "high")
    citations = [s.citation for s in ask_response(answer, "v1", 1.0).sentences]
    assert [c.page for c in citations] == [2, None]
