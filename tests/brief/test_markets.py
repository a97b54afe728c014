"""Markets come from the corpus: the places sentences name, or their sections name, less the company's home."""

from __future__ import annotations

from caseqa.brief.markets import NAMED, SECTION, find_markets, slug
from caseqa.brief.places import Gazetteer
from caseqa.records import Sentence, Span


def _sentence(n: int, text: str, section: tuple[str, ...] = ("Intro",)) -> Sentence:
    return Sentence(f"s{n}", "doc", section, text, Span(0, len(text)), 0)


GAZETTEER = Gazetteer({"China": [], "Russia": [], "Türkiye": ["Turkey"], "Southeast Asia": ["South-East Asia"]})


def test_home_is_the_place_named_most_and_is_no_market():
    sentences = [
        _sentence(0, "Alibaba grew up in China."),
        _sentence(1, "China's market saturated."),
        _sentence(2, "AliExpress entered Russia from China."),
    ]
    mentions = find_markets(sentences, GAZETTEER)
    assert mentions.home == "China"
    assert set(mentions.ties) == {"Russia"}
    assert mentions.ties["Russia"] == {2: NAMED}


def test_a_sentence_naming_no_market_is_tied_to_its_sections_market():
    sentences = [
        _sentence(0, "China is home."),
        _sentence(1, "China again."),
        _sentence(2, "Parcels took sixty days.", ("3 Internationalization to Russia",)),
        _sentence(3, "Turkey is another story.", ("3 Internationalization to Russia",)),
    ]
    ties = find_markets(sentences, GAZETTEER).ties
    assert ties["Russia"] == {2: SECTION}  # sentence 3 names its own market
    assert ties["Türkiye"] == {3: NAMED}


def test_a_market_is_named_as_the_corpus_writes_it():
    sentences = [_sentence(0, "China."), _sentence(1, "China."), _sentence(2, "Trendyol is Turkey's leader; Turkey grew.")]
    assert find_markets(sentences, GAZETTEER).names["Türkiye"] == "Turkey"


def test_slugs_are_ascii_and_hyphenated():
    assert slug("South-East Asia") == "south-east-asia"
    assert slug("Türkiye") == "turkiye"
    assert slug("U.S.") == "u-s"
