"""The case brief's records: per market, cited sentences under each facet, a timeline and the facts the
sources disagree on."""

from __future__ import annotations

from dataclasses import dataclass

from caseqa.errors import UnknownMarketError
from caseqa.records import Citation

#: The brief's facets, in the order they are shown.
FACETS = ("drivers", "entry_modes", "outcomes", "challenges")


@dataclass(frozen=True, slots=True)
class BriefItem:
    """One claim: a verbatim sentence, cited to every source that says it (near-copies are merged).

    ``quotes[i]`` is the sentence as ``citations[i]`` holds it: the first is ``text``, a merged copy may word
    it differently, and each citation's span slices to its own quote.
    """

    text: str
    citations: tuple[Citation, ...]
    score: float
    quotes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DatedItem:
    """A dated event of a market's timeline: the date as the source writes it ("April 2010") and its sentence."""

    date: str
    year: int
    item: BriefItem


@dataclass(frozen=True, slots=True)
class Alternative:
    """One value the sources give for a fact, with the sentences that give it."""

    value: str
    items: tuple[BriefItem, ...]


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A dated or numbered fact the sources give differently: each value with its sentences."""

    about: str
    alternatives: tuple[Alternative, ...]


@dataclass(frozen=True, slots=True)
class MarketBrief:
    """What the sources say about one market, facet by facet."""

    slug: str
    name: str
    facets: dict[str, tuple[BriefItem, ...]]
    timeline: tuple[DatedItem, ...]
    disagreements: tuple[Disagreement, ...]

    @property
    def items(self) -> int:
        """Distinct claims under the facets (a sentence under two facets counts once)."""
        return len({item.text for items in self.facets.values() for item in items})

    @property
    def documents(self) -> int:
        """How many sources the facets and the timeline cite."""
        cited = [*(i for items in self.facets.values() for i in items), *(d.item for d in self.timeline)]
        return len({c.doc_id for item in cited for c in item.citations})


@dataclass(frozen=True, slots=True)
class Brief:
    """Every market's brief, most written-about first."""

    markets: tuple[MarketBrief, ...]

    def market(self, slug: str) -> MarketBrief:
        """The market ``slug``; UnknownMarketError, naming the markets there are, when there is none."""
        found = next((m for m in self.markets if m.slug == slug), None)
        if found is None:
            known = ", ".join(m.slug for m in self.markets) or "none"
            raise UnknownMarketError(f"no market {slug!r} in the brief; markets: {known}")
        return found
