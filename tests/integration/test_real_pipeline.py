"""The real model on the real corpus: known answers, abstentions, exact citations, and quality floors on dev."""

from __future__ import annotations

import pytest

from caseqa.corpus.sources import read_source_text
from caseqa.evaluation.matching import spans_match, supports
from caseqa.evaluation.questions import load_questions
from caseqa.evaluation.runner import run_eval

from ..conftest import REPO

pytestmark = pytest.mark.integration

DEV = load_questions(REPO / "evals" / "dev.jsonl")
BY_ID = {q.id: q for q in DEV}
#: Floors an honest margin below the dev values in evals/RESULTS.md: a regression trips them, noise does not.
FLOOR_HYBRID_RECALL_AT_5 = 0.85
FLOOR_ANSWER_SUPPORT = 0.72
FLOOR_ABSTENTION = 0.55
#: The issue's limit on false abstention (dev is at 0.043).
CEILING_FALSE_ABSTENTION = 0.10
#: Abstentions lower case may cost (before names were learnt from the corpus it cost dev over a third of them).
MAX_LOWER_CASE_ABSTENTIONS_LOST = 1


def test_a_factoid_gets_one_cited_sentence_with_the_year_highlighted(real_engine):
    question = BY_ID["q037"]  # In what year did Alibaba take control of Lazada?
    answer = real_engine.ask(question.question)
    assert answer.answerable and len(answer.sentences) == 1
    sentence = answer.sentences[0]
    assert "2016" in sentence.text[slice(*sentence.highlight)]
    assert any(supports(sentence.text, e.quote) for e in question.evidence)


def test_a_list_question_gets_several_sentences(real_engine):
    answer = real_engine.ask(BY_ID["q002"].question)  # What conditions back home pushed Alibaba abroad?
    assert answer.answerable and 2 <= len(answer.sentences) <= 5
    assert len({s.text for s in answer.sentences}) == len(answer.sentences)


@pytest.mark.parametrize(
    "question_id",
    ["q034", "q111"],  # "fraction ... minority shareholdings", "the export store": paraphrases BM25 misses
)
def test_a_paraphrased_factoid_is_answered_from_the_closest_sentence(real_engine, question_id):
    question = BY_ID[question_id]
    answer = real_engine.ask(question.question)
    assert answer.answerable and any(supports(s.text, e.quote) for s in answer.sentences for e in question.evidence)


@pytest.mark.parametrize(
    "question",
    [
        "When did Alibaba acquire Flipkart in Zimbabwe?",
        "What was Alibaba's revenue in Brazil in 2030?",
        BY_ID["q154"].question,  # a percentage of Snapdeal: the sources give only the dollar amount
        BY_ID["q162"].question,  # Lazada's employees: no figure counts them
    ],
)
def test_questions_about_what_the_corpus_never_mentions_abstain(real_engine, question):
    answer = real_engine.ask(question)
    assert not answer.answerable and answer.text == "" and answer.passages


def test_dev_typed_in_lower_case_still_abstains_where_it_should(real_engine):
    # A name counts however it is typed when the corpus writes it as one ("lazada"); a name the corpus never
    # mentions ("temu") can only be told by its capital, so those questions are left out.
    known = [q.question for q in DEV if not q.answerable and not real_engine.answerer.gather(q.question).features["unknown"]]
    as_written = sum(not real_engine.ask(question).answerable for question in known)
    lowered = sum(not real_engine.ask(question.lower()).answerable for question in known)
    assert as_written >= 10 and lowered >= as_written - MAX_LOWER_CASE_ABSTENTIONS_LOST, (as_written, lowered)


@pytest.mark.parametrize(
    ("question_id", "doc_id"),
    [("q013", "li-2022-ibusiness"), ("q032", "wang-2018-thesis"), ("q118", "aliexpress-russia")],
)
def test_a_question_naming_its_source_is_answered_from_it(real_engine, question_id, doc_id):
    answer = real_engine.ask(BY_ID[question_id].question)  # "Li and Li", "the thesis", "the Russia case paper"
    assert [hit.chunk.doc_id for hit in answer.passages[:3]] == [doc_id] * 3
    assert answer.answerable and all(s.citation.doc_id == doc_id for s in answer.sentences)


def test_every_dev_answer_sentence_equals_its_cited_span(real_engine, real_index):
    sources = {d: read_source_text(real_index.corpus_dir, e.source) for d, e in real_engine.index.documents.items()}
    checked = 0
    for question in DEV:
        answer = real_engine.ask(question.question)
        for sentence in answer.sentences:
            assert spans_match(sources[sentence.citation.doc_id], sentence.citation.span, sentence.text)
            span = sentence.citation.span
            assert any(  # and it can be read in one of the passages returned with it
                hit.chunk.doc_id == sentence.citation.doc_id and hit.chunk.span.start <= span.start < span.end <= hit.chunk.span.end
                for hit in answer.passages
            )
            checked += 1
    assert checked > 50


def test_dev_quality_stays_above_its_floors(real_engine, real_index):
    report = run_eval(DEV, real_engine, ["hybrid"], real_index.corpus_dir, True, set_name="dev", progress=False)
    hybrid = report["modes"]["hybrid"]["overall"]
    answers = report["modes"]["hybrid+answerer"]["overall"]
    assert hybrid["recall@5"] >= FLOOR_HYBRID_RECALL_AT_5, hybrid
    assert answers["supported"] >= FLOOR_ANSWER_SUPPORT, answers
    assert answers["abstention_accuracy"] >= FLOOR_ABSTENTION, answers
    assert answers["false_abstention_rate"] <= CEILING_FALSE_ABSTENTION, answers
    assert answers["citation_exactness"] == 1.0
