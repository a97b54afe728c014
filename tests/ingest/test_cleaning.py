"""Each cleaning rule on a small made-up source."""

from caseqa.ingest.cleaning import LineKind, classify_lines

HEADER = "A Study of Cross-Border Trade\nin Emerging Markets"


def kinds(text: str) -> dict[str, LineKind]:
    return {line.text.strip(): line.kind for line in classify_lines(text) if line.kind is not LineKind.BLANK}


def test_lines_repeated_on_every_page_are_running_headers():
    text = "\n\n".join([HEADER, "Abstract", "First page text goes here.", HEADER, "Second page.", HEADER, "End."])
    assert kinds(text)["A Study of Cross-Border Trade"] is LineKind.RUNNING_HEADER
    assert kinds(text)["in Emerging Markets"] is LineKind.RUNNING_HEADER
    assert kinds(text)["Second page."] is LineKind.TEXT


def test_contents_entries_with_dots_tabs_and_page_numbers():
    text = "contents\n1. Introduction.....\t- 6 -\n1.1 Background\t7\nCHAPTER TWO TITLE\n2. Theory..... 12\n\n1. Introduction\n\nBody."
    labels = kinds(text)
    assert labels["contents"] is LineKind.CONTENTS
    assert labels["1. Introduction.....\t- 6 -"] is LineKind.CONTENTS
    assert labels["1.1 Background\t7"] is LineKind.CONTENTS
    assert labels["CHAPTER TWO TITLE"] is LineKind.CONTENTS  # a wrapped entry between two entries
    assert labels["Body."] is LineKind.TEXT


def test_captions_sources_and_table_rows():
    text = "Abstract\n\nFigure 5 .Trade volume 2008 to 2016\nSource: Customs data\nWEBSITE\tNATION\nOZON.RU\tRUSSIA\nText."
    labels = kinds(text)
    assert labels["Figure 5 .Trade volume 2008 to 2016"] is LineKind.CAPTION
    assert labels["Source: Customs data"] is LineKind.CAPTION
    assert labels["OZON.RU\tRUSSIA"] is LineKind.TABLE


def test_a_table_cell_holding_a_paragraph_of_prose_is_kept_as_text():
    prose = "The goal is to find the drivers. " * 12
    lines = classify_lines(f"Abstract\nDescription of the goal\t<p>{prose}</p>")
    row = lines[1]
    assert row.kind is LineKind.TEXT
    assert row.text.startswith("<p>The goal")


def test_chinese_and_russian_translations_are_kept_out():
    labels = kinds("Abstract\n摘要: 电子商务在中国外贸领域已经应用了十几年\nАННОТАЦИЯ\nEnglish text here.")
    assert labels["摘要: 电子商务在中国外贸领域已经应用了十几年"] is LineKind.FOREIGN
    assert labels["АННОТАЦИЯ"] is LineKind.FOREIGN
    assert labels["English text here."] is LineKind.TEXT


def test_front_matter_before_the_abstract_and_back_matter_from_references():
    text = (
        "https://journal.example/ib\n\nStatement of independent work by the author.\n\nAbstract\n\n"
        "Body text.\n\nKeywords\n\nAlibaba, strategy\n\n1. Introduction\n\nMore text.\n\n"
        "References\n\nSmith, J. (2020). A paper. Journal, 1, 2-3.\n\nTrailing notes."
    )
    labels = kinds(text)
    assert labels["Statement of independent work by the author."] is LineKind.FRONT_MATTER
    assert labels["https://journal.example/ib"] is LineKind.FRONT_MATTER
    assert labels["Body text."] is LineKind.TEXT
    assert labels["Keywords"] is LineKind.KEYWORDS
    assert labels["Alibaba, strategy"] is LineKind.KEYWORDS
    assert labels["More text."] is LineKind.TEXT
    assert labels["Smith, J. (2020). A paper. Journal, 1, 2-3."] is LineKind.BACK_MATTER
    assert labels["Trailing notes."] is LineKind.BACK_MATTER


def test_a_document_without_abstract_or_chapters_has_no_front_matter():
    labels = kinds("Alibaba invested in Lazada.\nExploring new opportunities\nAliExpress grew.")
    assert set(labels.values()) == {LineKind.TEXT}


def test_bullets_lose_their_marker_but_keep_their_offsets():
    text = "1. Introduction\n  • Cloud computing (Alibaba Cloud)\n- Logistics (Cainiao)\n  2. Localized Platforms: AliExpress."
    lines = [line for line in classify_lines(text) if line.bullet]
    assert [line.text for line in lines] == [
        "Cloud computing (Alibaba Cloud)",
        "Logistics (Cainiao)",
        "Localized Platforms: AliExpress.",
    ]
    assert all(text[line.start : line.end] == line.text for line in lines)
