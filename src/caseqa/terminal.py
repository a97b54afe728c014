"""How an answer and a list of passages read in a terminal: the CLI prints these, whoever computed them."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caseqa.service.api.brief_schemas import BriefIndex, Item, MarketBriefResponse
    from caseqa.service.api.schemas import AskResponse, Citation, Passage

WIDTH = 100


def answer_text(response: AskResponse) -> str:
    """The cited sentences with numbered sources and the confidence band, or the abstention and the closest passages."""
    confidence = f"Confidence: {response.confidence_band or 'low'} ({response.confidence:.2f})"
    if not response.answerable:
        return "\n".join(
            ["The sources do not answer this question.", confidence, "", "Closest passages:", passages_text(response.passages)]
        )
    marked = " ".join(f"{s.text} [{n}]" for n, s in enumerate(response.sentences, start=1))
    lines = [textwrap.fill(marked, WIDTH), "", "Sources:"]
    lines += [f"[{n}] {_source(s.citation)}" for n, s in enumerate(response.sentences, start=1)]
    if response.alternatives:
        lines += ["", "Sources differ:"]
        for alternative in response.alternatives:
            lines.append(f"- {alternative.value}:")
            lines += [f"    “{s.text}” — {_source(s.citation)}" for s in alternative.sentences]
    return "\n".join([*lines, "", confidence])


def _source(c: Citation) -> str:
    page = f"p. {c.page}, " if c.page is not None else ""
    return f"{c.title} — {c.section} ({page}chars {c.start}-{c.end})"


def markets_text(brief: BriefIndex) -> str:
    """One line per market: its slug (what `caseqa brief SLUG` takes), name, items and sources."""
    if not brief.markets:
        return "The sources tie no market to the company's expansion."
    width = max(len(m.slug) for m in brief.markets)
    lines = []
    for m in brief.markets:
        per_facet = ", ".join(f"{facet.replace('_', ' ')} {n}" for facet, n in m.facets.items())
        sources = f"{m.documents} source{'s' if m.documents != 1 else ''}"
        lines.append(f"{m.slug:<{width}}  {m.name}: {m.items} items from {sources} ({per_facet})")
    return "\n".join([*lines, "", "Show one with: caseqa brief SLUG [--json | --markdown]"])


def brief_text(market: MarketBriefResponse) -> str:
    """The market's facets, timeline and disagreements, each sentence with numbered sources listed at the end."""
    numbers: dict[tuple[str, int, int], int] = {}
    sources: list[str] = []

    def cited(item: Item, prefix: str = "- ") -> str:
        refs = []
        for c in item.citations:
            key = (c.doc_id, c.start, c.end)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                wording = f": “{c.text}”" if c.text != item.text else ""
                sources.append(f"[{numbers[key]}] {_source(c)}{wording}")
            refs.append(f"[{numbers[key]}]")
        return textwrap.fill(f"{item.text} {''.join(refs)}", WIDTH, initial_indent=prefix, subsequent_indent="  ")

    lines = [f"{market.market}: case brief"]
    for facet, items in market.facets:
        lines += ["", facet.replace("_", " ").capitalize()]
        lines += [cited(item) for item in items] or ["  (the sources say nothing on this)"]
    if market.timeline:
        lines += ["", "Timeline"] + [cited(event.sentence, f"- {event.date}: ") for event in market.timeline]
    for disagreement in market.disagreements:
        lines += ["", f"Sources differ: {disagreement.about}"]
        for alternative in disagreement.alternatives:
            lines += [cited(item, f"- {alternative.value}: ") for item in alternative.sentences]
    return "\n".join([*lines, "", "Sources:", *sources])


def passages_text(passages: list[Passage]) -> str:
    lines: list[str] = []
    for p in passages:
        lines.append(f"[{p.rank}] {p.title} — {p.section} (chars {p.start}-{p.end}), score {p.score:.3f}")
        lines.append(textwrap.indent(textwrap.fill(p.text, WIDTH - 4), "    "))
    return "\n".join(lines)
