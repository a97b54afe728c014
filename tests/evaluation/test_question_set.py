"""The committed question set: big enough, well formed, split cleanly, every quote verbatim in its source."""

from collections import Counter

from caseqa.evaluation.questions import check_quotes, load_questions

from tests.conftest import REAL_CORPUS, REPO

DEV = load_questions(REPO / "evals" / "dev.jsonl")
TEST = load_questions(REPO / "evals" / "test.jsonl")


def test_every_quote_is_found_verbatim_in_its_document():
    assert check_quotes(DEV + TEST, REAL_CORPUS) == []


def test_the_set_is_large_enough_and_covers_every_facet_in_both_splits():
    everything = DEV + TEST
    assert len(everything) >= 100
    assert sum(not q.answerable for q in everything) >= 15
    for split in (DEV, TEST):
        assert set(Counter(q.facet for q in split)) == {"drivers", "entry_modes", "outcomes", "context", "unanswerable"}


def test_dev_and_test_do_not_share_questions():
    assert not {q.id for q in DEV} & {q.id for q in TEST}
    assert not {q.question.lower() for q in DEV} & {q.question.lower() for q in TEST}
