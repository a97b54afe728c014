"""Extractive answering: score the sentences of the best passages, choose one or several, cite them, or abstain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from caseqa.answer.alternatives import differing_answers
from caseqa.answer.answer_types import find_answer_span
from caseqa.answer.calibration import Calibration
from caseqa.answer.features import Candidate, FeatureExtractor
from caseqa.answer.question import AnalysedQuestion, analyse_question
from caseqa.answer.scoring import LinearSentenceScorer, SentenceScorer
from caseqa.answer.selection import ScoredSentence, best_chosen, choose
from caseqa.answer.terms import TermEvidence
from caseqa.config import AnswerSettings
from caseqa.records import AlternativeValue, Answer, AnswerSentence, Hit
from caseqa.retrieval.query import validate_query
from caseqa.retrieval.searcher import Searcher


@dataclass(frozen=True)
class Evidence:
    """Everything an answer is decided from: the passages, the chosen sentences and the confidence features."""

    question: AnalysedQuestion
    hits: list[Hit]
    chosen: list[ScoredSentence]
    features: dict[str, float] | None
    #: Every sentence that competed, best first.
    candidates: list[ScoredSentence]


class Answerer:
    """Answers from one index; embeds only the question, everything else was computed at index time."""

    def __init__(
        self,
        searcher: Searcher,
        calibration: Calibration,
        settings: AnswerSettings | None = None,
        scorer: SentenceScorer | None = None,
    ) -> None:
        self.searcher = searcher
        self.index = searcher.index
        self.calibration = calibration
        self.settings = settings or AnswerSettings()
        self.scorer = scorer or LinearSentenceScorer(self.settings.weights)
        self.terms = TermEvidence(self.index, searcher.analyzer, searcher.places)
        self.extractor = FeatureExtractor(self.terms, self.index.sentence_vectors, self.settings.min_sentence_words)

    def candidates(
        self, question: str, top_k: int = 5, mode: str = "hybrid", doc_ids: Sequence[str] | None = None
    ) -> tuple[AnalysedQuestion, list[Hit], list[Candidate]]:
        """The question read once, the passages, and the sentences that compete to answer (scorer fitting uses this)."""
        analysed = analyse_question(validate_query(question), self.terms)
        query = self.searcher.encode(analysed.text)  # sentence scoring needs the vectors in every mode
        k = max(top_k, self.settings.passages_considered)
        hits = self.searcher.search(analysed.text, k, mode, doc_ids, encoded=query)
        considered = hits[: self.settings.passages_considered]
        assert query.sentence_vector is not None
        return analysed, hits, self.extractor.candidates(analysed, query.sentence_vector, considered)

    def gather(self, question: str, top_k: int = 5, mode: str = "hybrid", doc_ids: Sequence[str] | None = None) -> Evidence:
        """Retrieve, score and choose sentences, without deciding whether to answer (calibration uses this)."""
        analysed, hits, found = self.candidates(question, top_k, mode, doc_ids)
        candidates = [ScoredSentence(c.position, c.sentence, c.features, self.scorer.score(c.features)) for c in found]
        if not candidates:
            return Evidence(analysed, hits, [], None, [])
        candidates.sort(key=lambda c: (-c.score, c.position))
        chosen = choose(candidates, analysed.limit, self.index.sentence_vectors, self.settings)
        return Evidence(analysed, hits, chosen, self._confidence_features(analysed, candidates, chosen), candidates)

    def ask(self, question: str, top_k: int = 5, mode: str = "hybrid", doc_ids: Sequence[str] | None = None) -> Answer:
        """The answer sentences with citations, or an abstention with the closest passages.

        The passages are the ``top_k`` best, then any further one an answer sentence comes from, so that
        every answer sentence can be read in its passage.
        """
        evidence = self.gather(question, top_k, mode, doc_ids)
        text = evidence.question.text
        passages = evidence.hits[:top_k]
        confidence = self.confidence(evidence)
        if evidence.features is None or confidence < self.calibration.threshold:
            return Answer(text, False, confidence, (), tuple(passages))
        sentences = tuple(self._cite(c, evidence.question) for c in evidence.chosen)
        further: dict[str, Hit] = {}
        for candidate in evidence.chosen:
            sentence_id = candidate.sentence.sentence_id
            if not any(sentence_id in hit.chunk.sentence_ids for hit in passages):
                hit = next(h for h in evidence.hits if sentence_id in h.chunk.sentence_ids)
                further[hit.chunk.chunk_id] = hit
        passages += sorted(further.values(), key=lambda hit: hit.rank)
        band = self.calibration.band(confidence)
        return Answer(text, True, confidence, sentences, tuple(passages), band, self._alternatives(evidence))

    def _alternatives(self, evidence: Evidence) -> tuple[AlternativeValue, ...]:
        """The values the sources give for the asked date or figure, when they differ (answer/alternatives.py)."""
        groups = differing_answers(
            evidence.question,
            best_chosen(evidence.chosen),
            evidence.candidates,
            self.index.sentence_vectors,
            self.settings.alternative_margin,
            self.settings.alternative_similarity,
        )
        return tuple(
            AlternativeValue(value, tuple(self._cite(c, evidence.question) for c in sentences)) for value, sentences in groups
        )

    def confidence(self, evidence: Evidence) -> float:
        """The calibrated confidence of the chosen sentences (what the abstention threshold is compared with)."""
        if evidence.features is None:
            return 0.0
        confidence = round(self.calibration.confidence(evidence.features), 4)
        if evidence.features["unknown"] or evidence.features["semantic"] < self.calibration.off_topic_semantic:
            # A name, year or figure the corpus never mentions, or a question on another subject:
            # any sentence found merely shares words.
            confidence = min(confidence, self.settings.unknown_term_cap)
        return confidence

    def _confidence_features(
        self, question: AnalysedQuestion, candidates: list[ScoredSentence], chosen: list[ScoredSentence]
    ) -> dict[str, float]:
        """What calibration turns into a confidence: how well the best sentence matches, and whether the
        names, years and figures the question asks about are in the corpus and beside an answer of the
        expected type. A question about a figure the sources never give ("Lazada's GMV in 2020") finds
        its names in the corpus, but no candidate that holds them all next to such a figure."""
        top = best_chosen(chosen)
        typed = question.factoid
        return {
            "score": top.score,
            "semantic": top.semantic,
            "lexical": top.lexical,
            "coverage": max((c.coverage for c in candidates if c.type_match or not typed), default=0.0),
            # whether the answer given holds what the question names, not only some candidate
            "answer_coverage": top.coverage,
            "unknown": 1.0 if any(not self.terms.known(term) for term in question.salient) else 0.0,
            "type_found": 0.0 if typed and not top.type_match else 1.0,
            # a general sentence near many others is less often the answer, even when it wins
            "answer_hubness": top.features.hubness,
        }

    def _cite(self, candidate: ScoredSentence, question: AnalysedQuestion) -> AnswerSentence:
        sentence = candidate.sentence
        highlight = find_answer_span(sentence.text, question.answer_type, question.text) if question.factoid else None
        citation = self.index.documents[sentence.doc_id].cite(sentence)
        return AnswerSentence(sentence.text, citation, round(candidate.score, 4), highlight)
