"""The evidence behind a sentence's score: how close it is to the question and what of the question it holds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from caseqa.answer.answer_types import find_answer_span
from caseqa.answer.question import AnalysedQuestion
from caseqa.answer.terms import TermEvidence
from caseqa.records import Hit, Sentence

#: The features a linear scorer weighs, in the order of ``SentenceFeatures.vector``.
FEATURES = (
    "semantic",
    "lexical",
    "passage_rank",
    "type_match",
    "hubness",
)


@dataclass(frozen=True)
class SentenceFeatures:
    """One candidate sentence's features; a scorer turns them into a score."""

    #: Cosine similarity of the question and the sentence.
    semantic: float
    #: Idf-weighted share of the question's terms the sentence holds (other forms count for names only).
    lexical: float
    #: Rank of the passage the sentence comes from.
    passage_rank: int
    #: Whether the question is a factoid (a date, figure or name).
    typed: bool
    #: Whether a factoid's sentence holds an answer of the kind asked for.
    type_match: bool
    #: Idf-weighted share of the question's names, years and figures in the sentence's context (a confidence
    #: feature: whether what the question names is there at all).
    coverage: float
    #: How close the sentence sits to its nearest sentences, above the corpus mean: high for a general
    #: sentence that is near every question on its topic without answering any (index/hubness.py).
    hubness: float

    def vector(self) -> list[float]:
        """The features as numbers, in FEATURES order: what a linear scorer weighs."""
        return [
            self.semantic,
            self.lexical,
            1.0 / self.passage_rank,
            (1.0 if self.type_match else -1.0) if self.typed else 0.0,
            self.hubness,
        ]


@dataclass(frozen=True)
class Candidate:
    """A sentence that may answer: its position in the index and its features."""

    position: int
    sentence: Sentence
    features: SentenceFeatures


class FeatureExtractor:
    """Turns the sentences of the retrieved passages into candidates with features."""

    def __init__(self, terms: TermEvidence, sentence_vectors: np.ndarray, min_sentence_words: int) -> None:
        self.terms = terms
        self.index = terms.index
        self.sentence_vectors = sentence_vectors
        hubness = self.index.sentence_hubness
        self.hubness = hubness - (float(hubness.mean()) if len(hubness) else 0.0)
        self.min_sentence_words = min_sentence_words
        self._positions = {s.sentence_id: i for i, s in enumerate(self.index.sentences)}

    def candidates(self, question: AnalysedQuestion, vector: np.ndarray, hits: list[Hit]) -> list[Candidate]:
        """Each answerable sentence of ``hits`` once, in passage order."""
        term_idf = {t: self.terms.term_idf(t) for t in question.terms}
        weight = sum(term_idf.values()) or 1.0
        salient_idf = {t: self.terms.term_idf(t) for t in question.salient}
        salient_weight = sum(salient_idf.values())
        seen: set[int] = set()
        found: list[Candidate] = []
        for hit in hits:
            for sentence_id in hit.chunk.sentence_ids:
                position = self._positions[sentence_id]
                sentence = self.index.sentences[position]
                if position in seen or len(sentence.text.split()) < self.min_sentence_words or sentence.text.endswith("?"):
                    continue  # too short to answer, or a question itself
                seen.add(position)
                words = self.terms.sentence_terms(position)
                # other forms count for names only: "internal" and "international" share a beginning, not a meaning
                lexical = sum(
                    idf for t, idf in term_idf.items() if t in words or (t in salient_idf and self.terms.holds(words, t))
                ) / weight
                context = self.terms.context_terms(position)
                held = sum(idf for t, idf in salient_idf.items() if self.terms.holds(context, t))
                features = SentenceFeatures(
                    semantic=float(self.sentence_vectors[position] @ vector),
                    lexical=lexical,
                    passage_rank=hit.rank,
                    typed=question.factoid,
                    type_match=question.factoid
                    and find_answer_span(sentence.text, question.answer_type, question.text) is not None,
                    coverage=held / salient_weight if salient_weight else 1.0,
                    hubness=float(self.hubness[position]),
                )
                found.append(Candidate(position, sentence, features))
        return found
