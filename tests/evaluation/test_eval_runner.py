"""End-to-end tests of run_eval and the written report, with a fake QA system on a tiny corpus."""

import json
import math
from pathlib import Path

import pytest

from caseqa.errors import QueryError
from caseqa.evaluation.questions import Evidence, Question
from caseqa.evaluation.report import ANSWER_COLUMNS, RETRIEVAL_COLUMNS, format_table, write_report
from caseqa.evaluation.runner import ANSWERER, run_eval
from caseqa.records import Answer, AnswerSentence, Chunk, Citation, Hit, Span

RUSSIA = "Alibaba entered Russia through AliExpress in 2010 and grew quickly there."
WEATHER = "The weather in Hangzhou is mild in spring and hot in summer every year."
LAZADA = "Lazada gave Alibaba a logistics network across six Southeast Asian markets."
FOUNDING = "Jack Ma founded Alibaba in Hangzhou in 1999 with seventeen friends."
DOCS = {
    "doc-a": ("a.txt", f"Alibaba Goes Abroad\n\n{RUSSIA} {WEATHER}\n"),
    "doc-b": ("b.txt", f"Southeast Asia\n\n{LAZADA}\n{FOUNDING}\n"),
}
Q_RUSSIA = Question(
    "q1", "Why Russia?", "drivers", True,
    (Evidence("doc-a", "Alibaba entered Russia through AliExpress in 2010"),), "through AliExpress in 2010",
)
Q_LAZADA = Question(
    "q2", "How Southeast Asia?", "entry_modes", True,
    (Evidence("doc-b", "Lazada gave Alibaba a logistics network"),), "a logistics network",
)
Q_MARS = Question("q3", "Mars office?", "unanswerable", False, (), "")
QUESTIONS = [Q_RUSSIA, Q_LAZADA, Q_MARS]


def write_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    toml = []
    for doc_id, (file, text) in DOCS.items():
        (corpus / file).write_text(text, encoding="utf-8")
        toml.append(f'[[source]]\ndoc_id = "{doc_id}"\ntitle = "{doc_id}"\nkind = "report"\nfile = "{file}"\n')
    (corpus / "sources.toml").write_text("\n".join(toml), encoding="utf-8")
    return corpus


def locate(text: str) -> tuple[str, Span]:
    for doc_id, (_, source) in DOCS.items():
        if text in source:
            start = source.index(text)
            return doc_id, Span(start, start + len(text))
    raise AssertionError(text)


CHUNKS = []
for i, sentence_text in enumerate([RUSSIA, WEATHER, LAZADA, FOUNDING]):
    doc, span = locate(sentence_text)
    CHUNKS.append(Chunk(f"c{i}", doc, ("1",), sentence_text, span, (f"s{i}",)))

#: Chunk order each mode returns per question: bm25 finds q1 at rank 1 and q2 at 4; dense at 2 and 1.
RANKINGS = {
    "bm25": {"Why Russia?": [0, 1, 2, 3], "How Southeast Asia?": [1, 3, 0, 2]},
    "dense": {"Why Russia?": [1, 0, 3, 2], "How Southeast Asia?": [2, 0, 1, 3]},
}


def cited(text: str, shift: int = 0) -> AnswerSentence:
    doc_id, span = locate(text)
    return AnswerSentence(text, Citation(doc_id, doc_id, ("1",), Span(span.start + shift, span.end + shift)), 1.0)


ANSWERS = {
    "Why Russia?": (True, (cited(RUSSIA),)),
    "How Southeast Asia?": (True, (cited(FOUNDING, shift=2),)),  # wrong sentence, misplaced span
    "Mars office?": (False, ()),
}


class FakeSystem:
    """Returns fixed rankings and answers, and counts calls to check the warm-up."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []

    def search(self, query: str, k: int = 10, mode: str = "hybrid") -> list[Hit]:
        self.calls.append(("search", mode))
        order = RANKINGS[mode][query][:k]
        return [Hit(r, CHUNKS[i], "t", 1.0 / r) for r, i in enumerate(order, start=1)]

    def ask(self, question: str, top_k: int = 5, mode: str = "hybrid") -> Answer:
        self.calls.append(("ask", mode))
        answerable, sentences = ANSWERS[question]
        return Answer(question, answerable, 0.9 if answerable else 0.2, sentences, ())


@pytest.fixture
def report(tmp_path):
    system = FakeSystem()
    result = run_eval(
        QUESTIONS, system, ["bm25", "dense"], write_corpus(tmp_path), with_answers=True,
        set_name="dev", command="caseqa eval --set dev", progress=False,
    )
    result["_calls"] = system.calls
    return result


def test_retrieval_numbers(report):
    bm25 = report["modes"]["bm25"]["overall"]
    assert bm25["n"] == 2  # the unanswerable question is not searched
    assert (bm25["recall@1"], bm25["recall@3"], bm25["recall@5"]) == (0.5, 0.5, 1.0)
    assert bm25["mrr@10"] == pytest.approx((1 + 1 / 4) / 2)
    assert bm25["ndcg@10"] == pytest.approx((1 + 1 / math.log2(5)) / 2)
    assert bm25["evidence_recall@10"] == 1.0
    dense = report["modes"]["dense"]["overall"]
    assert (dense["recall@1"], dense["recall@3"], dense["mrr@10"]) == (0.5, 1.0, 0.75)
    assert report["modes"]["dense"]["by_facet"]["entry_modes"]["recall@1"] == 1.0
    assert bm25["latency_p50_ms"] >= 0 and bm25["latency_p95_ms"] >= bm25["latency_p50_ms"]


def test_answer_numbers(report):
    answers = report["modes"][ANSWERER]["overall"]
    assert answers["n"] == 3
    assert answers["supported"] == 0.5
    assert answers["f1"] == pytest.approx((2 * 4 / (4 + 11)) / 2)  # q1: 4 gold tokens in 11; q2: none
    assert answers["recall"] == 0.5
    assert answers["abstention_accuracy"] == 1.0
    assert answers["false_abstention_rate"] == 0.0
    assert answers["citation_exactness"] == 0.5
    assert "supported" not in report["modes"][ANSWERER]["by_facet"]["unanswerable"]


def test_per_question_rows_and_warm_up(report):
    rows = {(r["mode"], r["id"]): r for r in report["per_question"]}
    assert rows[("bm25", "q2")]["rank"] == 4
    assert rows[("dense", "q1")]["rank"] == 2
    assert rows[(ANSWERER, "q3")]["abstained"] is True
    assert rows[(ANSWERER, "q1")]["confidence"] == 0.9
    assert len(rows) == 2 + 2 + 3
    calls = report.pop("_calls")
    assert calls.count(("search", "bm25")) == 3 and calls.count(("ask", "hybrid")) == 4  # one warm-up each
    assert json.loads(json.dumps(report)) == report
    assert (report["set"], report["n_questions"], report["n_answerable"]) == ("dev", 3, 2)


def test_without_answers_only_searches(tmp_path):
    system = FakeSystem()
    result = run_eval(QUESTIONS, system, ["bm25"], tmp_path, with_answers=False, progress=False)
    assert list(result["modes"]) == ["bm25"]
    assert all(kind == "search" for kind, _ in system.calls)


def test_unknown_mode_is_refused(tmp_path):
    with pytest.raises(QueryError, match="sparse"):
        run_eval(QUESTIONS, FakeSystem(), ["sparse"], tmp_path, with_answers=False, progress=False)


def test_format_table(report):
    table = format_table(report)
    assert "| Mode | R@1 | R@3 | R@5 | R@10 | MRR@10 | nDCG@10 | EvRecall | p50ms | p95ms |" in table
    assert "| bm25 | 0.500 | 0.500 | 1.000 | 1.000 | 0.625 | 0.715 | 1.000 |" in table
    assert "| dense | 0.500 | 1.000 | 1.000 | 1.000 | 0.750 |" in table
    assert "| Mode | Supported | F1 | Recall | AbstainAcc | FalseAbstain | CiteExact | AUROC | p50ms |" in table
    assert f"| {ANSWERER} | 0.500 | 0.267 | 0.500 | 1.000 | 0.000 | 0.500 |" in table
    assert "| Facet | n | bm25 R@5 | bm25 nDCG@10 | dense R@5 | dense nDCG@10 | Supported |" in table
    assert "| drivers | 1 | 1.000 | 1.000 | 1.000 | 0.631 | 1.000 |" in table
    assert "| unanswerable | 1 | – | – | – | – | – |" in table


def test_every_column_is_explained_in_one_line_under_the_tables(report):
    table = format_table(report)
    notes = table[table.index("Columns:") :].splitlines()[1:]
    explained = " ".join(line.split(":")[0] for line in notes)
    for name, _ in (*RETRIEVAL_COLUMNS, *ANSWER_COLUMNS):
        assert name in explained or name.replace(name[2:], "k") in explained, name
    assert all(line.startswith("- **") and len(line) > 40 for line in notes)


def test_write_report_writes_json_and_markdown(report, tmp_path):
    report.pop("_calls")
    json_path, md_path = write_report(report, tmp_path / "out" / "runs")
    assert json_path.parent == md_path.parent == tmp_path / "out" / "runs"
    assert json_path.name.endswith("-dev.json") and md_path.name == json_path.name.replace(".json", ".md")
    assert json.loads(json_path.read_text(encoding="utf-8")) == report
    markdown = md_path.read_text(encoding="utf-8")
    assert markdown.startswith("# caseqa evaluation: dev\n")
    assert "`caseqa eval --set dev`" in markdown and report["created"] in markdown
    assert format_table(report) in markdown
