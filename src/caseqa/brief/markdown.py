"""A market's brief as Markdown a student can paste into an essay: every claim with numbered footnotes
naming the source, its section and the character span the sentence sits at."""

from __future__ import annotations

from caseqa.brief.records import FACETS, BriefItem, MarketBrief
from caseqa.records import Citation, section_label

FACET_TITLES = {
    "drivers": "Drivers",
    "entry_modes": "Entry modes",
    "outcomes": "Outcomes",
    "challenges": "Challenges",
}


class _Footnotes:
    """Numbers each distinct citation once, in order of first use."""

    def __init__(self) -> None:
        self.numbers: dict[Citation, int] = {}
        self.notes: list[str] = []

    def refs(self, item: BriefItem) -> str:
        """The item's footnote marks; a source that words the claim otherwise has its wording in the note."""
        marks = []
        for citation, quote in zip(item.citations, item.quotes):
            if citation not in self.numbers:
                self.numbers[citation] = len(self.numbers) + 1
                self.notes.append(footnote(citation, None if quote == item.text else quote))
            marks.append(f"[^{self.numbers[citation]}]")
        return "".join(marks)

    def lines(self) -> list[str]:
        return [f"[^{n}]: {note}" for n, note in enumerate(self.notes, start=1)]


def footnote(citation: Citation, wording: str | None = None) -> str:
    """*Title*, section, characters start–end (and the page, for a PDF source), and the source's own wording."""
    page = f", p. {citation.page}" if citation.page is not None else ""
    words = f" It reads: “{wording}”" if wording else ""
    return (
        f"*{citation.title}*, {section_label(citation.section)}{page}, characters {citation.span.start}–{citation.span.end}"
        f" (`{citation.doc_id}`).{words}"
    )


def market_markdown(market: MarketBrief) -> str:
    notes = _Footnotes()
    lines = [f"# {market.name}: case brief", ""]
    lines.append("Verbatim sentences from the sources; each footnote gives the source, section and character span.")
    for facet in FACETS:
        lines += ["", f"## {FACET_TITLES[facet]}", ""]
        items = market.facets[facet]
        lines += [f"- {item.text}{notes.refs(item)}" for item in items] or ["_The sources say nothing on this._"]
    if market.timeline:
        lines += ["", "## Timeline", ""]
        lines += [f"- **{event.date}**: {event.item.text}{notes.refs(event.item)}" for event in market.timeline]
    if market.disagreements:
        lines += ["", "## Where the sources differ", ""]
        for disagreement in market.disagreements:
            lines.append(f"- {disagreement.about}")
            for alternative in disagreement.alternatives:
                quoted = " ".join(f"“{item.text}”{notes.refs(item)}" for item in alternative.items)
                lines.append(f"  - **{alternative.value}**: {quoted}")
    lines += ["", *notes.lines()]
    return "\n".join(lines) + "\n"
