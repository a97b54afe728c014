"""Places and the adjectives that name them (Spanish: Spain), so a question about "the Spanish market"
is held by a sentence about Spain. Only pairs whose words differ after their first letters are listed;
"Brazilian" and "Brazil" already share a long enough beginning."""

from __future__ import annotations

from collections.abc import Callable

_PAIRS = """
Afghan Afghanistan; American America; Argentine Argentina; Argentinian Argentina; Belgian Belgium;
British Britain; Burmese Myanmar; Chinese China; Croatian Croatia; Czech Czechia; Danish Denmark;
Dutch Netherlands; Egyptian Egypt; Emirati Emirates; English England; Filipino Philippines;
Finnish Finland; French France; German Germany; Greek Greece; Hungarian Hungary; Icelandic Iceland;
Indian India; Iranian Iran; Iraqi Iraq; Irish Ireland; Israeli Israel; Italian Italy; Japanese Japan;
Kazakh Kazakhstan; Korean Korea; Lao Laos; Malay Malaysia; Nepalese Nepal; Norwegian Norway;
Peruvian Peru; Polish Poland; Portuguese Portugal; Romanian Romania; Saudi Arabia; Scottish Scotland;
Serbian Serbia; Spanish Spain; Swedish Sweden; Swiss Switzerland; Taiwanese Taiwan; Thai Thailand;
Turkish Turkey; Ukrainian Ukraine; Uzbek Uzbekistan; Welsh Wales; Yemeni Yemen
"""

#: The adjectives above, as written.
PLACE_ADJECTIVES = frozenset(pair.split()[0] for pair in _PAIRS.split(";"))


def place_stems(stem: Callable[[str], list[str]]) -> dict[str, str]:
    """Each adjective's analysed form mapped to its place's, with the analyzer that indexed the corpus."""
    places: dict[str, str] = {}
    for pair in _PAIRS.split(";"):
        adjective, place = pair.split()
        adjective_terms, place_terms = stem(adjective), stem(place)
        if adjective_terms and place_terms:
            places[adjective_terms[0]] = place_terms[0]
    return places
