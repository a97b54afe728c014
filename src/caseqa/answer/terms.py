"""Lexical evidence from the index: term weights, the forms a name takes, and which terms a sentence holds."""

from __future__ import annotations

from functools import cached_property

import numpy as np

from caseqa.answer.names import corpus_names
from caseqa.index.analyzer import Analyzer
from caseqa.index.store import Index

#: Length of the word stem shared by a name and its adjective (Indonesia, Indonesian).
PREFIX = 6
#: Shorter words (and figures) match only themselves.
MIN_VARIANT_CHARS = 4


class TermEvidence:
    """What the index says about words: idf, other forms of a name, and each sentence's terms (cached)."""

    def __init__(self, index: Index, analyzer: Analyzer, places: dict[str, str]) -> None:
        self.index = index
        self.analyzer = analyzer
        self.places = places
        self._sentence_terms: dict[int, frozenset[str]] = {}
        self._context_terms: dict[int, frozenset[str]] = {}

    def tokenize(self, text: str) -> list[str]:
        return self.analyzer.tokenize(text)

    @cached_property
    def idf(self) -> dict[str, float]:
        """Smoothed idf of every term (never negative), from the document frequencies the BM25 matrix holds."""
        matrix = self.index.bm25.matrix
        df = np.diff(matrix.indptr)
        n = matrix.shape[0]
        idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)
        return {term: float(idf[column]) for term, column in self.index.bm25.vocab.items()}

    @cached_property
    def names(self) -> frozenset[str]:
        """Words the corpus writes as names, so a lower-case question still names them."""
        return corpus_names(sentence.text for sentence in self.index.sentences)

    def variant_key(self, term: str) -> str | None:
        """The key all forms of a name share: "~brazil" for Brazil and Brazilian, "~spain" for Spain and
        Spanish (None for figures and very short words)."""
        base = self.places.get(term, term)
        return f"~{base[:PREFIX]}" if len(base) >= MIN_VARIANT_CHARS and not base[0].isdigit() else None

    def with_variants(self, text: str) -> frozenset[str]:
        terms = set(self.analyzer.tokenize(text))
        return frozenset(terms | {key for key in map(self.variant_key, terms) if key})

    def holds(self, terms: frozenset[str], term: str) -> bool:
        """Whether ``terms`` (with their variant keys) hold ``term`` or another form of it."""
        return term in terms or self.variant_key(term) in terms

    def sentence_terms(self, position: int) -> frozenset[str]:
        """A sentence's BM25 terms and their variant keys, analysed once per process."""
        terms = self._sentence_terms.get(position)
        if terms is None:
            terms = self._sentence_terms[position] = self.with_variants(self.index.sentences[position].text)
        return terms

    def context_terms(self, position: int) -> frozenset[str]:
        """A sentence's terms with those of the sentence before it, its section path and its document title:
        "it charges 5%" answers a question about AliExpress when the sentence before names AliExpress."""
        terms = self._context_terms.get(position)
        if terms is None:
            sentence = self.index.sentences[position]
            source = self.index.documents[sentence.doc_id].source
            # "according to Li and Li" or "the 2022 article" names the source, not the sentence
            around = " ".join([source.title, *source.authors, str(source.year or ""), *sentence.section])
            terms = self.sentence_terms(position) | self.with_variants(around)
            if position > 0 and self.index.sentences[position - 1].doc_id == sentence.doc_id:
                terms |= self.sentence_terms(position - 1)
            self._context_terms[position] = terms
        return terms

    @cached_property
    def _variant_idf(self) -> dict[str, float]:
        """The highest idf among the forms of each name the corpus has, by variant key."""
        best: dict[str, float] = {}
        for term, idf in self.idf.items():
            key = self.variant_key(term)
            if key:
                best[key] = max(idf, best.get(key, 0.0))
        return best

    def term_idf(self, term: str) -> float:
        """A question term's idf. A term the corpus lacks weighs as much as another form of it that the
        corpus has ("Brazilian" as "Brazil"), or as the rarest term: missing it matters."""
        if term in self.idf:
            return self.idf[term]
        return self._variant_idf.get(self.variant_key(term) or "", max(self.idf.values(), default=0.0))

    def known(self, term: str) -> bool:
        """Whether the corpus mentions a term; "Indonesian" counts as known where "Indonesia" is."""
        return term in self.index.bm25.vocab or (self.variant_key(term) or "") in self._variant_idf
