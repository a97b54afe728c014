"""Headings become section paths; paragraphs are rejoined across wraps, page headers and figures."""

from caseqa.ingest.cleaning import classify_lines
from caseqa.ingest.structure import LEAD_SECTION, parse_structure


def parse(text: str):
    sections, paragraphs = parse_structure(text, classify_lines(text))
    return [s.path for s in sections], [(p.section, p.text.text) for p in paragraphs]


def test_numbered_headings_nest_by_depth():
    text = (
        "1. Introduction\n\nIntro text.\n\n3.4 Drivers of internationalization\n\n"
        "3.4.1 Analysis of firm-specific factors\n\nFirm text.\n\n3.5 Entry modes\n\nEntry text."
    )
    paths, paragraphs = parse(text)
    assert paths[2] == ("3.4 Drivers of internationalization", "3.4.1 Analysis of firm-specific factors")
    assert paragraphs[-1] == (("3.5 Entry modes",), "Entry text.")


def test_labelled_and_plain_headings_nest_under_the_numbered_one():
    text = "2. Background Information\n\nCompany Overview: Alibaba Group\n\nFounded in 1999.\n\na. Market Overview\n\nBig."
    paths, _ = parse(text)
    assert ("2. Background Information", "Company Overview: Alibaba Group") in paths
    assert paths[-1] == ("2. Background Information", "a. Market Overview")


def test_plain_heading_between_paragraphs_of_a_news_article():
    text = "Alibaba invested in 2016.\nExploring new opportunities\nAliExpress hopes to grow.\nChallenges ahead\nDelivery is slow."
    paths, paragraphs = parse(text)
    assert paths == [("Exploring new opportunities",), ("Challenges ahead",)]
    assert paragraphs[0][0] == (LEAD_SECTION,)
    assert paragraphs[-1] == (("Challenges ahead",), "Delivery is slow.")


def test_a_long_numbered_heading_wrapped_onto_a_second_line():
    text = "4.2 The Dynamic Evolution of AliExpress's Business Model in\n\nRussia\n\nThis thesis collects information."
    paths, paragraphs = parse(text)
    assert paths == [("4.2 The Dynamic Evolution of AliExpress's Business Model in Russia",)]
    assert paragraphs == [(paths[0], "This thesis collects information.")]


def test_sentence_cut_by_a_page_header_is_rejoined():
    header = "A Study of Trade\nin Emerging Markets\n"
    text = (
        f"{header}\nAbstract\n\nIntro.\n\n{header}\nThis paper summarizes the literature. Using the\n\n"
        f"{header}\nmethod of literature research to study it.\n\n{header}"
    )
    _, paragraphs = parse(text)
    assert paragraphs[-1][1] == "This paper summarizes the literature. Using the method of literature research to study it."


def test_hard_wraps_and_hyphenated_breaks_are_joined():
    text = "Abstract\n\nIn recent years, the market has been growing rapidly, and\n\ncross-border trade grew. Strong tal-\n\nents matter."
    _, paragraphs = parse(text)
    assert paragraphs[-1][1] == "In recent years, the market has been growing rapidly, and cross-border trade grew. Strong tal-ents matter."


def test_a_new_paragraph_starts_after_a_finished_sentence():
    _, paragraphs = parse("Abstract\n\nFirst paragraph ends here.\n\nSecond paragraph.")
    assert [p[1] for p in paragraphs] == ["First paragraph ends here.", "Second paragraph."]


MARKDOWN = """# Alibaba in Europe

Alibaba opened a data centre in Frankfurt in 2016. It served German firms.

## Entry

The company entered through a joint venture with Vodafone.

### Partners

Vodafone ran the site together with Alibaba Cloud.

## Outcomes ##

Customers kept their data in the European Union.
"""


def test_markdown_headings_become_nested_sections_and_leave_the_text():
    from caseqa.ingest.parse import parse_document
    from caseqa.records import Source

    parsed = parse_document(Source("m", "M", "m.md", "other"), MARKDOWN, 120, 0)
    assert [s.path for s in parsed.sections] == [
        ("Alibaba in Europe",),
        ("Alibaba in Europe", "Entry"),
        ("Alibaba in Europe", "Entry", "Partners"),
        ("Alibaba in Europe", "Outcomes"),
    ]
    by_text = {s.text: s.section for s in parsed.sentences}
    assert by_text["Vodafone ran the site together with Alibaba Cloud."] == ("Alibaba in Europe", "Entry", "Partners")
    assert by_text["Customers kept their data in the European Union."] == ("Alibaba in Europe", "Outcomes")
    assert not any("#" in s.text for s in parsed.sentences)


def test_html_headings_become_sections_too():
    from caseqa.corpus.readers import extract_text
    from caseqa.ingest.parse import parse_document
    from caseqa.records import Source

    page = (
        "<html><head><title>Ignored</title></head><body><h1>Alibaba in Europe</h1>"
        "<p>Alibaba opened a data centre in Frankfurt in 2016. It served German firms.</p>"
        "<h2>Entry</h2><p>The company entered through a joint venture with Vodafone.</p></body></html>"
    )
    text = extract_text(page.encode(), ".html", "europe.html")
    parsed = parse_document(Source("h", "H", "h.txt", "web page"), text, 120, 0)
    assert [s.path for s in parsed.sections] == [("Alibaba in Europe",), ("Alibaba in Europe", "Entry")]
    assert parsed.sentences[-1].section == ("Alibaba in Europe", "Entry")
