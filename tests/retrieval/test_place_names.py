"""Adjectives of places map to the places, in the analyzer's terms."""

from caseqa.index.analyzer import Analyzer
from caseqa.retrieval.lexicon import load_lexicon
from caseqa.retrieval.place_names import place_stems


def test_adjectives_map_to_their_places_after_analysis():
    analyzer = Analyzer()
    places = place_stems(analyzer.tokenize, load_lexicon().place_adjectives)
    for adjective, place in (("Spanish", "Spain"), ("Chinese", "China"), ("Turkish", "Turkey"), ("Indian", "India")):
        assert places[analyzer.tokenize(adjective)[0]] == analyzer.tokenize(place)[0]
    assert analyzer.tokenize("Brazilian")[0] not in places  # shares "brazil" with Brazil already
