"""Extractive answering: score the sentences of the best passages, choose one or several, cite them, or abstain."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from caseqa.answer.answer_types import (
    FACTOID_TYPES,
    AnswerType,
    counted_noun,
    detect_answer_type,
    find_answer_span,
    sentence_limit,
)
from caseqa.answer.calibration import Calibration
from caseqa.answer.names import corpus_names, names_in
from caseqa.records import Answer, AnswerSentence, Citation, Hit, Sentence
from caseqa.retrieval.searcher import Searcher, validate_query
from caseqa.answer.self_reference import asks_about_the_source, describes_the_text

#: Passages whose sentences compete for the answer.
PASSAGES_CONSIDERED = 8
MIN_SENTENCE_WORDS = 5
#: Confidence ceiling when the question names something the corpus never mentions, or when even the
#: closest sentence is about something else (its similarity under the calibration's off-topic floor).
UNKNOWN_TERM_CAP = 0.05
#: Length of the word stem shared by a name and its adjective (Indonesia, Indonesian).
PREFIX = 6
#: Shorter words (and figures) match only themselves.
MIN_VARIANT_CHARS = 4
#: Relevance against novelty in maximal marginal relevance (1.0 = relevance only); on dev 0.6 / 0.7 / 0.8 /
#: 0.9 / 1.0 gave support before abstention 52 / 53 / 55 / 54 / 52 of 69.
MMR_LAMBDA = 0.8
#: A further list sentence must score at least this share of the best one.
LIST_KEEP_RATIO = 0.8
#: A sentence's score weighs its similarity to the question against the share of the question's terms it holds
#: (idf-weighted). On dev with its plain questions (109 answerable), 0.60 / 0.55 / 0.50 : 0.30 gave support before
#: abstention 83 / 86 / 83, and 0.50 / 0.55 / 0.60 : 0.35 gave 84 / 86 / 85.
SEMANTIC_WEIGHT = 0.55
LEXICAL_WEIGHT = 0.35
#: Weight of the question's names and years in a factoid sentence's score (0.1 cost a dev question).
FACTOID_COVERAGE_WEIGHT = 0.05

#: A sentence from a source the question names ("in Li and Li's view") gains this much.
NAMED_SOURCE_BONUS = 0.2

#: Sentences about the text itself ("in the empirical part, this thesis ...") rarely answer a question about
#: the company; they lose this much unless the question asks about the source ("what does the thesis find").
META_PENALTY = 0.2
#: Years, figures, and names: capitalised words past the first, and words with a capital inside ("eWTP", "iPhone").
_SALIENT = re.compile(r"\b(?:1[89]|20)\d\d\b|\b\d[\d,.]*%?|(?<!^)(?<![.?!]\s)\b[A-Z][\w&-]+|\b[a-z]+[A-Z][\w&-]*")


@dataclass(frozen=True)
class ScoredSentence:
    """A candidate sentence with the evidence behind its score."""

    position: int
    sentence: Sentence
    semantic: float
    lexical: float
    passage_rank: int
    type_match: bool
    #: Idf-weighted share of the question's names, years and figures in the sentence's context.
    coverage: float
    score: float


@dataclass(frozen=True)
class Evidence:
    """Everything an answer is decided from: the passages, the chosen sentences and the confidence features."""

    question: str
    answer_type: AnswerType
    hits: list[Hit]
    chosen: list[ScoredSentence]
    features: dict[str, float] | None


class Answerer:
    """Answers from one index; embeds only the question, everything else was computed at index time."""

    def __init__(self, searcher: Searcher, calibration: Calibration) -> None:
        self.searcher = searcher
        self.index = searcher.index
        self.calibration = calibration
        self._positions = {s.sentence_id: i for i, s in enumerate(self.index.sentences)}
        self._sentence_terms: dict[int, frozenset[str]] = {}
        self._context_terms: dict[int, frozenset[str]] = {}
        self._places = searcher.places

    @cached_property
    def _idf(self) -> dict[str, float]:
        """Smoothed idf of every term (never negative), from the document frequencies the BM25 matrix holds."""
        matrix = self.index.bm25.matrix
        df = np.diff(matrix.indptr)
        n = matrix.shape[0]
        idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)
        return {term: float(idf[column]) for term, column in self.index.bm25.vocab.items()}

    def gather(self, question: str, top_k: int = 5, mode: str = "hybrid", doc_ids: Sequence[str] | None = None) -> Evidence:
        """Retrieve, score and choose sentences, without deciding whether to answer (calibration uses this)."""
        question = validate_query(question)
        vector = self.searcher.embed_query(question)  # sentence scoring needs it in every mode
        hits = self.searcher.search(question, max(top_k, PASSAGES_CONSIDERED), mode, doc_ids, query_vector=vector)
        answer_type = detect_answer_type(question)
        candidates = self._score_candidates(question, vector, hits[:PASSAGES_CONSIDERED], answer_type)
        if not candidates:
            return Evidence(question, answer_type, hits, [], None)
        chosen = self._choose(candidates, sentence_limit(question, answer_type))
        features = self._confidence_features(question, candidates, chosen, answer_type)
        return Evidence(question, answer_type, hits, chosen, features)

    def _terms(self, position: int) -> frozenset[str]:
        """A sentence's BM25 terms and their variant keys, analysed once per process."""
        terms = self._sentence_terms.get(position)
        if terms is None:
            terms = self._sentence_terms[position] = self._with_variants(self.index.sentences[position].text)
        return terms

    def _with_variants(self, text: str) -> frozenset[str]:
        terms = set(self.searcher.analyzer.tokenize(text))
        return frozenset(terms | {key for key in map(self._variant_key, terms) if key})

    def _variant_key(self, term: str) -> str | None:
        """The key all forms of a name share: "~brazil" for Brazil and Brazilian, "~spain" for Spain and
        Spanish (None for figures and very short words)."""
        base = self._places.get(term, term)
        return f"~{base[:PREFIX]}" if len(base) >= MIN_VARIANT_CHARS and not base[0].isdigit() else None

    def _holds(self, terms: frozenset[str], term: str) -> bool:
        """Whether ``terms`` (with their variant keys) hold ``term`` or another form of it."""
        return term in terms or self._variant_key(term) in terms

    def _context(self, position: int) -> frozenset[str]:
        """A sentence's terms with those of the sentence before it, its section path and its document title:
        "it charges 5%" answers a question about AliExpress when the sentence before names AliExpress."""
        terms = self._context_terms.get(position)
        if terms is None:
            sentence = self.index.sentences[position]
            source = self.index.documents[sentence.doc_id].source
            # "according to Li and Li" or "the 2022 article" names the source, not the sentence
            around = " ".join([source.title, *source.authors, str(source.year or ""), *sentence.section])
            terms = self._terms(position) | self._with_variants(around)
            if position > 0 and self.index.sentences[position - 1].doc_id == sentence.doc_id:
                terms |= self._terms(position - 1)
            self._context_terms[position] = terms
        return terms

    @cached_property
    def _corpus_names(self) -> frozenset[str]:
        return corpus_names(sentence.text for sentence in self.index.sentences)

    def _salient(self, question: str) -> set[str]:
        """The names, years and figures a question asks about, and the thing it counts, as index terms:
        a sentence counting orders does not answer "how many sellers". A name counts however it is written
        ("lazada"), when the corpus writes it as a name."""
        asked = [*_SALIENT.findall(question), *names_in(question, self._corpus_names), counted_noun(question) or ""]
        return set(self.searcher.analyzer.tokenize(" ".join(asked).replace("-", " ")))

    @cached_property
    def _variant_idf(self) -> dict[str, float]:
        """The highest idf among the forms of each name the corpus has, by variant key."""
        best: dict[str, float] = {}
        for term, idf in self._idf.items():
            key = self._variant_key(term)
            if key:
                best[key] = max(idf, best.get(key, 0.0))
        return best

    def _term_idf(self, term: str) -> float:
        """A question term's idf. A term the corpus lacks weighs as much as another form of it that the
        corpus has ("Brazilian" as "Brazil"), or as the rarest term: missing it matters."""
        if term in self._idf:
            return self._idf[term]
        return self._variant_idf.get(self._variant_key(term) or "", max(self._idf.values(), default=0.0))

    def _known(self, term: str) -> bool:
        """Whether the corpus mentions a term; "Indonesian" counts as known where "Indonesia" is."""
        return term in self.index.bm25.vocab or (self._variant_key(term) or "") in self._variant_idf

    def ask(self, question: str, top_k: int = 5, mode: str = "hybrid", doc_ids: Sequence[str] | None = None) -> Answer:
        """The answer sentences with citations, or an abstention with the closest passages.

        The passages are the ``top_k`` best, then any further one an answer sentence comes from, so that
        every answer sentence can be read in its passage.
        """
        evidence = self.gather(question, top_k, mode, doc_ids)
        passages = evidence.hits[:top_k]
        confidence = self.confidence(evidence)
        if evidence.features is None or confidence < self.calibration.threshold:
            return Answer(evidence.question, False, confidence, (), tuple(passages))
        sentences = tuple(self._cite(c, evidence.answer_type, evidence.question) for c in evidence.chosen)
        further: dict[str, Hit] = {}
        for candidate in evidence.chosen:
            sentence_id = candidate.sentence.sentence_id
            if not any(sentence_id in hit.chunk.sentence_ids for hit in passages):
                hit = next(h for h in evidence.hits if sentence_id in h.chunk.sentence_ids)
                further[hit.chunk.chunk_id] = hit
        passages += sorted(further.values(), key=lambda hit: hit.rank)
        return Answer(evidence.question, True, confidence, sentences, tuple(passages))

    def confidence(self, evidence: Evidence) -> float:
        """The calibrated confidence of the chosen sentences (what the abstention threshold is compared with)."""
        if evidence.features is None:
            return 0.0
        confidence = round(self.calibration.confidence(evidence.features), 4)
        if evidence.features["unknown"] or evidence.features["semantic"] < self.calibration.off_topic_semantic:
            # A name, year or figure the corpus never mentions, or a question on another subject:
            # any sentence found merely shares words.
            confidence = min(confidence, UNKNOWN_TERM_CAP)
        return confidence

    # --- scoring -----------------------------------------------------------

    def _score_candidates(
        self, question: str, vector: np.ndarray, hits: list[Hit], answer_type: AnswerType
    ) -> list[ScoredSentence]:
        term_idf = {t: self._term_idf(t) for t in self.searcher.analyzer.tokenize(question)}
        weight = sum(term_idf.values()) or 1.0
        salient_idf = {t: self._term_idf(t) for t in self._salient(question)}
        salient_weight = sum(salient_idf.values())
        about_source = asks_about_the_source(question)
        named = self.searcher.references.referenced(question)
        seen: set[int] = set()
        scored: list[ScoredSentence] = []
        for hit in hits:
            for sentence_id in hit.chunk.sentence_ids:
                position = self._positions[sentence_id]
                sentence = self.index.sentences[position]
                if position in seen or len(sentence.text.split()) < MIN_SENTENCE_WORDS or sentence.text.endswith("?"):
                    continue  # too short to answer, or a question itself
                seen.add(position)
                semantic = float(self.index.sentence_vectors[position] @ vector)
                words = self._terms(position)
                # other forms count for names only: "internal" and "international" share a beginning, not a meaning
                lexical = sum(
                    idf for t, idf in term_idf.items() if t in words or t in salient_idf and self._holds(words, t)
                ) / weight
                typed = answer_type in FACTOID_TYPES
                match = typed and find_answer_span(sentence.text, answer_type, question) is not None
                bonus = (0.10 if match else -0.10) if typed else 0.0
                context = self._context(position)
                held = sum(idf for t, idf in salient_idf.items() if self._holds(context, t))
                coverage = held / salient_weight if salient_weight else 1.0
                score = SEMANTIC_WEIGHT * semantic + LEXICAL_WEIGHT * lexical + 0.05 / hit.rank + bonus
                if sentence.doc_id in named:
                    score += NAMED_SOURCE_BONUS
                if typed:  # a factoid's one sentence should hold what the question names
                    score += FACTOID_COVERAGE_WEIGHT * coverage
                if not about_source and describes_the_text(sentence.text):
                    score -= META_PENALTY
                scored.append(ScoredSentence(position, sentence, semantic, lexical, hit.rank, match, coverage, score))
        scored.sort(key=lambda c: (-c.score, c.position))
        return scored

    def _choose(self, candidates: list[ScoredSentence], limit: int) -> list[ScoredSentence]:
        """The best sentence, then up to ``limit`` in all that add new points (MMR), in reading order."""
        if limit == 1:
            return [candidates[0]]
        best = candidates[0].score
        pool = [c for c in candidates if c.score >= LIST_KEEP_RATIO * best]
        vectors = self.index.sentence_vectors
        chosen = [pool.pop(0)]
        while pool and len(chosen) < limit:
            def marginal(c: ScoredSentence) -> float:
                overlap = max(float(vectors[c.position] @ vectors[s.position]) for s in chosen)
                return MMR_LAMBDA * c.score - (1 - MMR_LAMBDA) * overlap

            pick = max(pool, key=lambda c: (marginal(c), -c.position))
            if max(float(vectors[pick.position] @ vectors[s.position]) for s in chosen) > 0.9:
                pool.remove(pick)  # a near-copy (the thesis repeats itself) adds nothing
                continue
            chosen.append(pick)
            pool.remove(pick)
        doc_order = list(dict.fromkeys(c.sentence.doc_id for c in chosen))
        return sorted(chosen, key=lambda c: (doc_order.index(c.sentence.doc_id), c.position))

    def _confidence_features(
        self, question: str, candidates: list[ScoredSentence], chosen: list[ScoredSentence], answer_type: AnswerType
    ) -> dict[str, float]:
        """What calibration turns into a confidence: how well the best sentence matches, and whether the
        names, years and figures the question asks about are in the corpus and beside an answer of the
        expected type. A question about a figure the sources never give ("Lazada's GMV in 2020") finds
        its names in the corpus, but no candidate that holds them all next to such a figure."""
        top = max(chosen, key=lambda c: (c.score, -c.position))  # chosen is in reading order
        typed = answer_type in FACTOID_TYPES
        return {
            "score": top.score,
            "semantic": top.semantic,
            "lexical": top.lexical,
            "coverage": max((c.coverage for c in candidates if c.type_match or not typed), default=0.0),
            "unknown": 1.0 if any(not self._known(term) for term in self._salient(question)) else 0.0,
            "type_found": 0.0 if typed and not top.type_match else 1.0,
        }

    def _cite(self, candidate: ScoredSentence, answer_type: AnswerType, question: str) -> AnswerSentence:
        sentence = candidate.sentence
        title = self.index.documents[sentence.doc_id].source.title
        highlight = find_answer_span(sentence.text, answer_type, question) if answer_type in FACTOID_TYPES else None
        citation = Citation(sentence.doc_id, title, sentence.section, sentence.span)
        return AnswerSentence(sentence.text, citation, round(candidate.score, 4), highlight)
