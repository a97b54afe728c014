"""The gazetteer reads a place however a text writes it, and never reads a common word as one."""

from __future__ import annotations

import pytest

from caseqa.brief.places import Gazetteer, normal_form
from caseqa.errors import ConfigError

PLACES = {"Southeast Asia": ["South-East Asia", "SEA"], "Asia": [], "United States": ["U.S.", "US", "America"], "Russia": []}


@pytest.fixture
def gazetteer() -> Gazetteer:
    return Gazetteer(PLACES, adjectives={"Turkish": "Turkey"})


def test_variants_spellings_and_adjectives_are_one_place(gazetteer: Gazetteer):
    text = "AliExpress grew in South-East Asia, South East Asia and the U.S.; Russian buyers and American ones."
    assert [place for place, _ in gazetteer.mentions(text)] == [
        "Southeast Asia",
        "Southeast Asia",
        "United States",
        "Russia",
        "United States",
    ]


def test_the_longest_name_wins_and_case_matters(gazetteer: Gazetteer):
    assert gazetteer.places("Lazada leads Southeast Asia.") == {"Southeast Asia"}  # not also "Asia"
    assert gazetteer.places("Tell us about the sea.") == set()  # "us" and "sea" are words, not places
    assert gazetteer.places("Asian markets") == {"Asia"}


def test_names_are_told_from_adjectives(gazetteer: Gazetteer):
    assert gazetteer.is_name("U.S.") and gazetteer.is_name("Russia")
    assert not gazetteer.is_name("Russian")


def test_normal_form_joins_hyphenated_and_spaced_spellings():
    assert normal_form("South-East Asia") == normal_form("Southeast  asia") == normal_form("South East Asia")


def test_the_packaged_gazetteer_knows_countries_and_regions():
    gazetteer = Gazetteer.load()
    assert gazetteer.places("Trendyol (Turkey), Daraz (South Asia), Paytm in India") == {"Türkiye", "Southern Asia", "India"}


def test_a_broken_gazetteer_file_is_a_clear_error(tmp_path):
    path = tmp_path / "places.json"
    path.write_text('{"places": ["Russia"]}', encoding="utf-8")
    with pytest.raises(ConfigError, match="not a gazetteer"):
        Gazetteer.load(path)
