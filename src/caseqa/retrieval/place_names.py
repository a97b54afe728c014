"""Places and the adjectives that name them (Spanish: Spain), in the analyzer's terms, so a question about
"the Spanish market" is held by a sentence about Spain. The pairs are data (lexicon.json)."""

from __future__ import annotations

from collections.abc import Callable, Mapping


def place_stems(stem: Callable[[str], list[str]], adjectives: Mapping[str, str]) -> dict[str, str]:
    """Each adjective's analysed form mapped to its place's, with the analyzer that indexed the corpus."""
    places: dict[str, str] = {}
    for adjective, place in adjectives.items():
        adjective_terms, place_terms = stem(adjective), stem(place)
        if adjective_terms and place_terms:
            places[adjective_terms[0]] = place_terms[0]
    return places
