"""Which sentences speak of which market: the places each sentence names, or its section names, read from the
corpus itself; the company's home (the place named most) is not a market."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from caseqa.brief.places import Gazetteer
from caseqa.records import Sentence

#: How a sentence is tied to a market: it names the market, or its section heading does.
NAMED, SECTION = "named", "section"


@dataclass(frozen=True)
class MarketMentions:
    """The places of a corpus and, for each, the sentences tied to it and how."""

    home: str | None
    #: place -> {sentence position: NAMED or SECTION}
    ties: dict[str, dict[int, str]]
    #: place -> the name the corpus uses most for it ("Turkey", not "Türkiye")
    names: dict[str, str]


def find_markets(sentences: Sequence[Sentence], gazetteer: Gazetteer) -> MarketMentions:
    """Tie every sentence to the places it names, or, when it names none but the home, to its section's."""
    named = [gazetteer.mentions(s.text) for s in sentences]
    counts = Counter(place for mentions in named for place in {p for p, _ in mentions})
    home = counts.most_common(1)[0][0] if counts else None
    forms: dict[str, Counter[str]] = {}
    ties: dict[str, dict[int, str]] = {}
    sections: dict[tuple[str, ...], set[str]] = {}
    for position, (sentence, mentions) in enumerate(zip(sentences, named)):
        places = {place for place, _ in mentions} - {home}
        for place, form in mentions:
            forms.setdefault(place, Counter())[form] += 1
        for place in places:
            ties.setdefault(place, {})[position] = NAMED
        if not places:
            if sentence.section not in sections:
                sections[sentence.section] = gazetteer.places(" ".join(sentence.section)) - {home}
            for place in sections[sentence.section]:
                ties.setdefault(place, {})[position] = SECTION
    names = {place: _display_name(place, forms.get(place, Counter()), gazetteer) for place in ties}
    return MarketMentions(home, ties, names)


def _display_name(place: str, forms: Counter[str], gazetteer: Gazetteer) -> str:
    """The form of the place's name the corpus writes most, among its names (not its adjectives)."""
    names = [form for form, _ in forms.most_common() if gazetteer.is_name(form)]
    return names[0] if names else place


def slug(name: str) -> str:
    """A URL-safe name: "South-East Asia" -> "south-east-asia", "Türkiye" -> "turkiye"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "market"
