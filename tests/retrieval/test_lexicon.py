"""The vocabularies retrieval relies on are data: packaged, and replaceable entry by entry from a corpus's file."""

from __future__ import annotations

import pytest

from caseqa.errors import ConfigError
from caseqa.retrieval.lexicon import load_lexicon


def test_the_packaged_lexicon_holds_places_and_kinds_of_source():
    lexicon = load_lexicon()
    assert lexicon.place_adjectives["Spanish"] == "Spain"
    assert "dissertation" in lexicon.source_kinds["thesis"]


def test_a_file_replaces_only_the_entries_it_names(tmp_path):
    path = tmp_path / "lexicon.json"
    path.write_text('{"source_kinds": {"white paper": ["white paper", "brief"]}}')
    lexicon = load_lexicon(path)
    assert lexicon.source_kinds == {"white paper": ("white paper", "brief")}
    assert lexicon.place_adjectives == load_lexicon().place_adjectives


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not a readable JSON file"), ('{"places": {}}', "unknown lexicon entries"), ('{"source_kinds": 3}', "wrong shape")],
)
def test_a_bad_lexicon_file_is_a_config_error_naming_it(tmp_path, content, message):
    path = tmp_path / "lexicon.json"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_lexicon(path)
