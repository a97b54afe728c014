"""Vocabularies retrieval relies on (place adjectives, words for kinds of source): data, not code.

The packaged ``lexicon.json`` serves the Alibaba corpus; a corpus about something else can replace any of its
entries with its own file (``CASEQA_SEARCH__LEXICON_FILE``) instead of changing code.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from pathlib import Path

from caseqa.errors import ConfigError

PACKAGED = "lexicon.json"


@dataclass(frozen=True)
class Lexicon:
    #: Adjective to place ("Spanish": "Spain"), listed only where the two differ past their first letters:
    #: "Brazilian" and "Brazil" already share a long enough beginning.
    place_adjectives: dict[str, str]
    #: Words people use for a source of each kind ("thesis": "thesis", "dissertation").
    source_kinds: dict[str, tuple[str, ...]]


@cache
def load_lexicon(path: Path | None = None) -> Lexicon:
    """The packaged lexicon, with the entries of ``path`` (a JSON object with the same keys) replacing its own."""
    data = json.loads(files("caseqa.retrieval").joinpath(PACKAGED).read_text("utf-8"))
    if path is not None:
        try:
            override = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ConfigError(f"CASEQA_SEARCH__LEXICON_FILE={str(path)!r}: not a readable JSON file ({exc})") from exc
        unknown = set(override) - set(data) if isinstance(override, dict) else {"(not an object)"}
        if unknown:
            raise ConfigError(f"{path}: unknown lexicon entries {sorted(unknown)}; known: {sorted(data)}")
        data.update(override)
    try:
        places = {str(adjective): str(place) for adjective, place in data["place_adjectives"].items()}
        kinds = {str(kind): tuple(str(word) for word in words) for kind, words in data["source_kinds"].items()}
    except (AttributeError, TypeError) as exc:
        raise ConfigError(f"{path or PACKAGED}: lexicon entries of the wrong shape ({exc})") from exc
    return Lexicon(places, kinds)
