"""Choose the sentence-score weights on the dev split, and write them to src/caseqa/answer/scoring.json.

Features do not depend on the weights, so every answerable dev question is retrieved and its candidates'
features computed once; each weight setting then only rescores them. The measure is support before
abstention: how many answerable questions get an answer (the sentences chosen for them) carrying a gold
quote. Pick a setting inside a plateau, not a lone peak: one or two questions out of a hundred are noise.
With --ablate, each weight in service is set to 0 in turn: a feature whose loss costs nothing does not earn
its place.
With --hubness, the hubness weight alone varies over its grid.
Usage: python evals/tune_scoring.py [--ablate | --hubness] [--write semantic=0.75 lexical=0.1 ...]
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from caseqa import SentenceWeights, Settings, load_engine
from caseqa.answer.features import FEATURES
from caseqa.answer.scoring import LinearSentenceScorer
from caseqa.answer.selection import ScoredSentence, choose
from caseqa.evaluation import load_questions, supports

ROOT = Path(__file__).resolve().parents[1]
SCORING = ROOT / "src" / "caseqa" / "answer" / "scoring.json"
GRID = {
    "semantic": (0.45, 0.55, 0.65, 0.75, 0.85, 0.95),
    "lexical": (0.05, 0.1, 0.15, 0.25, 0.35),
}
#: The hubness weight's grid, the other weights held as they are in service (--hubness).
HUBNESS_GRID = (0.0, -0.1, -0.2, -0.3, -0.4, -0.5, -0.7, -1.0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ablate", action="store_true", help="zero each weight in service in turn")
    parser.add_argument("--hubness", action="store_true", help="vary the hubness weight alone")
    parser.add_argument("--write", nargs="+", metavar="NAME=VALUE", help="store these weights (the rest unchanged)")
    args = parser.parse_args()
    settings = Settings.from_env()
    if args.write:
        record = json.loads(SCORING.read_text(encoding="utf-8"))
        record["weights"].update({name: float(value) for name, value in (item.split("=") for item in args.write)})
        settings.answer.weights.model_validate(record["weights"])  # refuse an unknown or missing weight
        SCORING.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {SCORING}")
        return
    engine = load_engine(settings)
    questions = []
    for question in load_questions(ROOT / "evals" / "dev.jsonl"):
        if question.answerable:
            analysed, _, candidates = engine.answerer.candidates(question.question)
            quotes = [e.quote for e in question.evidence]
            good = {c.position for c in candidates if any(supports(c.sentence.text, q) for q in quotes)}
            questions.append((analysed.limit, candidates, good))
    vectors = engine.index.sentence_vectors
    print(f"{len(questions)} answerable dev questions; a gold sentence among the candidates for"
          f" {sum(bool(good) for _, _, good in questions)}")
    base = settings.answer.weights

    def supported(weights: SentenceWeights) -> int:
        scorer = LinearSentenceScorer(weights)
        count = 0
        for limit, candidates, good in questions:
            if not candidates:
                continue
            scored = [ScoredSentence(c.position, c.sentence, c.features, scorer.score(c.features)) for c in candidates]
            scored.sort(key=lambda s: (-s.score, s.position))
            count += any(s.position in good for s in choose(scored, limit, vectors, settings.answer))
        return count

    if args.hubness:
        for value in HUBNESS_GRID:
            print(f"hubness {value:>5}: {supported(base.model_copy(update={'hubness': value}))}")
        return
    if args.ablate:
        print(f"weights in service: {supported(base)}")
        for name in FEATURES:
            print(f"without {name}: {supported(base.model_copy(update={name: 0.0}))}")
        return
    names = list(GRID)
    print(" ".join(f"{name:>17}" for name in names), "supported")
    for values in itertools.product(*GRID.values()):
        print(" ".join(f"{value:>17}" for value in values), f"{supported(base.model_copy(update=dict(zip(names, values)))):>9}")


if __name__ == "__main__":
    main()
