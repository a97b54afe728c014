"""A question read once: its answer type, its terms, the names and figures it asks about, how many sentences it may get."""

from __future__ import annotations

import re
from dataclasses import dataclass

from caseqa.answer.answer_types import FACTOID_TYPES, AnswerType, counted_noun, detect_answer_type, sentence_limit
from caseqa.answer.names import names_in
from caseqa.answer.terms import TermEvidence

#: Years, figures, and names: capitalised words past the first, and words with a capital inside ("eWTP", "iPhone").
_SALIENT = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d[\d,.]*%?|(?<!^)(?<![.?!]\s)\b[A-Z][\w&-]+|\b[a-z]+[A-Z][\w&-]*")


@dataclass(frozen=True)
class AnalysedQuestion:
    """Everything the answerer needs to know about a question, worked out once."""

    text: str
    answer_type: AnswerType
    #: The question's index terms.
    terms: tuple[str, ...]
    #: The names, years and figures it asks about and the thing it counts, as index terms.
    salient: frozenset[str]
    #: How many sentences may answer it.
    limit: int

    @property
    def factoid(self) -> bool:
        return self.answer_type in FACTOID_TYPES


def analyse_question(question: str, terms: TermEvidence) -> AnalysedQuestion:
    """Read a validated question once. A name counts however it is written ("lazada") when the corpus writes it
    as a name; a sentence counting orders does not answer "how many sellers"."""
    answer_type = detect_answer_type(question)
    asked = [*_SALIENT.findall(question), *names_in(question, terms.names), counted_noun(question) or ""]
    return AnalysedQuestion(
        text=question,
        answer_type=answer_type,
        terms=tuple(terms.tokenize(question)),
        salient=frozenset(terms.tokenize(" ".join(asked).replace("-", " "))),
        limit=sentence_limit(question, answer_type),
    )
