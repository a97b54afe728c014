"""The committed question set: big enough, well formed, split cleanly, every quote verbatim in its source."""

from collections import Counter

from caseqa.evaluation.questions import check_quotes, load_questions

from tests.conftest import REAL_CORPUS, REPO

DEV = load_questions(REPO / "evals" / "dev.jsonl")
TEST = load_questions(REPO / "evals" / "test.jsonl")
HOLDOUT = load_questions(REPO / "evals" / "holdout.jsonl")
HOLDOUT2 = load_questions(REPO / "evals" / "holdout2.jsonl")


def test_every_quote_is_found_verbatim_in_its_document():
    assert check_quotes(DEV + TEST + HOLDOUT + HOLDOUT2, REAL_CORPUS) == []


def test_the_set_is_large_enough_and_covers_every_facet_in_every_split():
    everything = DEV + TEST
    assert len(everything) >= 100
    assert sum(not q.answerable for q in everything) >= 15
    for split in (DEV, TEST, HOLDOUT, HOLDOUT2):
        assert set(Counter(q.facet for q in split)) == {"drivers", "entry_modes", "outcomes", "context", "unanswerable"}


def test_the_splits_do_not_share_questions():
    splits = (DEV, TEST, HOLDOUT, HOLDOUT2)
    assert len({q.id for split in splits for q in split}) == sum(map(len, splits))
    assert len({q.question.lower() for split in splits for q in split}) == sum(map(len, splits))
