"""Settings come from CASEQA_* variables, nested sections included, and a bad value names its variable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from caseqa.config import Settings
from caseqa.errors import ConfigError


def test_defaults_and_the_packaged_sentence_weights():
    settings = Settings.from_env()
    assert settings.corpus_dir == Path("corpus") and settings.search.fusion == "rrf"
    assert settings.answer.weights.semantic > 0 and settings.index.chunking == {"max_words": 120, "overlap_sentences": 1}


def test_nested_settings_are_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("CASEQA_INDEX__CHUNK_MAX_WORDS", "80")
    monkeypatch.setenv("CASEQA_SEARCH__FUSION", "weighted")
    monkeypatch.setenv("CASEQA_ANSWER__WEIGHTS__SEMANTIC", "0.7")
    monkeypatch.setenv("CASEQA_PORT", "9000")
    settings = Settings.from_env()
    assert settings.index.chunk_max_words == 80 and settings.search.fusion == "weighted"
    assert settings.answer.weights.semantic == 0.7 and settings.port == 9000
    assert settings.answer.weights.lexical == Settings().answer.weights.lexical  # the rest stay fitted


@pytest.mark.parametrize(
    ("variable", "value"),
    [("CASEQA_PORT", "eighty"), ("CASEQA_SEARCH__FUSION", "median"), ("CASEQA_INDEX__BM25_B", "2")],
)
def test_an_invalid_value_is_a_config_error_naming_the_variable(monkeypatch, variable, value):
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError, match=variable):
        Settings.from_env()


def test_an_unknown_override_is_refused():
    with pytest.raises(ConfigError):
        Settings.from_env(chunk_size=3)


def test_the_public_api_loads_lazily():
    check = (
        "import sys, caseqa\n"
        "assert 'numpy' not in sys.modules and 'pydantic' not in sys.modules\n"
        "assert caseqa.Settings.__name__ == 'Settings' and 'caseqa.config' in sys.modules\n"
        "assert set(caseqa.__all__) <= set(dir(caseqa))\n"
    )
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
