"""Tests of loading question sets and checking their gold quotes against the corpus."""

import json
from pathlib import Path

import pytest

from caseqa.errors import CorpusError
from caseqa.evaluation.questions import Evidence, Question, check_quotes, load_questions

GOOD = {
    "id": "q001",
    "question": "Why did Alibaba expand abroad?",
    "facet": "drivers",
    "answerable": True,
    "evidence": [{"doc_id": "doc-a", "quote": "Alibaba expanded abroad to find new growth."}],
    "answer": "to find new growth",
}
UNANSWERABLE = {
    "id": "q002",
    "question": "What did Alibaba pay for its Mars office?",
    "facet": "unanswerable",
    "answerable": False,
    "evidence": [],
    "answer": "",
}


def write_lines(path: Path, *records: object) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))
    return path


def test_loads_valid_questions(tmp_path):
    path = write_lines(tmp_path / "dev.jsonl", GOOD, "", UNANSWERABLE)
    questions = load_questions(path)
    assert [q.id for q in questions] == ["q001", "q002"]
    first = questions[0]
    assert first.evidence == (Evidence("doc-a", "Alibaba expanded abroad to find new growth."),)
    assert first.answerable and first.facet == "drivers" and first.answer == "to find new growth"
    assert questions[1].evidence == () and not questions[1].answerable


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        ({**UNANSWERABLE, "id": "q009", "facet": "history"}, "unknown facet 'history'"),
        ({k: v for k, v in UNANSWERABLE.items() if k != "question"} | {"id": "q009"}, "missing field(s): question"),
        ({**GOOD, "id": "q009", "evidence": []}, "needs at least one evidence"),
        ({**UNANSWERABLE, "id": "q009", "evidence": GOOD["evidence"]}, "must have no evidence"),
        ({**GOOD, "id": "q009", "answerable": "yes"}, "'answerable' must be true or false"),
        ({**GOOD, "id": "q009", "evidence": [{"doc_id": "doc-a"}]}, "non-empty 'doc_id' and 'quote'"),
        ("{not json", "invalid JSON"),
        ({**GOOD}, "duplicate id 'q001' (first on line 1)"),
    ],
)
def test_bad_line_is_refused_with_its_number(tmp_path, bad, reason):
    path = write_lines(tmp_path / "dev.jsonl", GOOD, UNANSWERABLE, bad)
    with pytest.raises(CorpusError) as caught:
        load_questions(path)
    message = str(caught.value)
    assert f"{path}:3:" in message
    assert reason in message


def test_empty_file_is_refused(tmp_path):
    with pytest.raises(CorpusError, match="no questions"):
        load_questions(write_lines(tmp_path / "dev.jsonl", ""))


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text("Title\n\nAlibaba expanded abroad\nto find new growth, US\\$5 billion.\n")
    (corpus / "sources.toml").write_text(
        '[[source]]\ndoc_id = "doc-a"\ntitle = "A"\nkind = "report"\nfile = "a.txt"\n\n'
        '[[source]]\ndoc_id = "doc-gone"\ntitle = "Gone"\nkind = "report"\nfile = "gone.txt"\n'
    )
    return corpus


def question(qid: str, doc_id: str, quote: str) -> Question:
    return Question(qid, "?", "drivers", True, (Evidence(doc_id, quote),), "answer")


def test_check_quotes_accepts_verbatim_quotes_across_line_breaks(tmp_path):
    corpus = make_corpus(tmp_path)
    ok = question("q1", "doc-a", "Alibaba expanded abroad to find new growth, US$5 billion.")
    assert check_quotes([ok], corpus) == []


def test_check_quotes_reports_each_bad_quote(tmp_path):
    corpus = make_corpus(tmp_path)
    problems = check_quotes(
        [
            question("q1", "doc-a", "Alibaba expanded abroad to find growth"),
            question("q2", "doc-x", "Alibaba expanded abroad"),
            question("q3", "doc-gone", "anything"),
            question("q4", "doc-a", "Alibaba expanded abroad"),
        ],
        corpus,
    )
    assert len(problems) == 3
    assert problems[0].startswith("q1: quote not found in doc-a (a.txt)")
    assert problems[1] == "q2: unknown doc_id 'doc-x'"
    assert problems[2].startswith("q3: cannot read")


def test_check_quotes_without_sources_toml_fails(tmp_path):
    with pytest.raises(CorpusError, match="sources.toml"):
        check_quotes([question("q1", "doc-a", "x")], tmp_path)
