"""How an answer and a list of passages read in a terminal: the CLI prints these, whoever computed them."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caseqa.service.api.schemas import AskResponse, Passage

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
    for n, s in enumerate(response.sentences, start=1):
        c = s.citation
        page = f"p. {c.page}, " if c.page is not None else ""
        lines.append(f"[{n}] {c.title} — {c.section} ({page}chars {c.start}-{c.end})")
    return "\n".join([*lines, "", confidence])


def passages_text(passages: list[Passage]) -> str:
    lines: list[str] = []
    for p in passages:
        lines.append(f"[{p.rank}] {p.title} — {p.section} (chars {p.start}-{p.end}), score {p.score:.3f}")
        lines.append(textwrap.indent(textwrap.fill(p.text, WIDTH - 4), "    "))
    return "\n".join(lines)
