"""The simplest extractive answer, to show what the answerer adds: the first sentence of the top hybrid passage.

It never abstains. Scored with the same metrics as `caseqa eval`.
Usage: python evals/baseline.py [--set test]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from caseqa import Answer, AnswerSentence, Citation, Engine, Settings, load_engine
from caseqa.evaluation import answer_scores, load_questions, read_sources, summarise

ROOT = Path(__file__).resolve().parents[1]


def first_sentence_answer(engine: Engine, question: str) -> Answer:
    """The top passage's first sentence, cited, as an Answer."""
    hits = engine.search(question, k=1)
    first = hits[0].chunk.sentence_ids[0]
    sentence = next(s for s in engine.index.sentences if s.sentence_id == first)
    citation = Citation(sentence.doc_id, hits[0].title, sentence.section, sentence.span)
    return Answer(question, True, 1.0, (AnswerSentence(sentence.text, citation, hits[0].score),), tuple(hits))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="test", help="dev or test")
    args = parser.parse_args()
    settings = Settings.from_env()
    engine = load_engine(settings)
    sources = read_sources(settings.corpus_dir)
    rows = []
    for q in load_questions(ROOT / "evals" / f"{args.set}.jsonl"):
        answer = first_sentence_answer(engine, q.question)
        rows.append(answer_scores(answer, [e.quote for e in q.evidence], q.answer, q.answerable, sources))
    summary = summarise(rows)
    print(
        f"baseline on {args.set}: supported {summary['supported']:.3f}, F1 {summary['f1']:.3f},"
        f" recall {summary['recall']:.3f}, abstention {summary['abstention_accuracy']:.3f}"
    )


if __name__ == "__main__":
    main()
