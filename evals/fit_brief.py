"""Draw the brief's facet examples from the dev markets of the brief gold, and choose the classifier's
regularisation and probability cut on them by cross-validation.

Examples are every sentence the corpus ties to a dev market (what the brief composes from), labelled with the
facets under which the gold puts it; a sentence the gold puts nowhere is a negative. Test markets are never
read here. Each (l2, cut) is scored by 5-fold cross-validation over the examples: precision and recall of
(sentence, facet) pairs, each sentence under its likeliest facet only, as the brief does. The best is the one
with the highest F0.5 (precision weighs twice recall: a wrong item in a brief misleads, a missing one is
found by asking); prefer a setting inside a plateau.
Usage: python evals/fit_brief.py [--write]   (--write stores src/caseqa/brief/facet_examples.jsonl)
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from caseqa import Settings
from caseqa.brief.facets import EXAMPLES_FILE, FacetClassifier
from caseqa.brief.markets import find_markets
from caseqa.brief.places import Gazetteer
from caseqa.brief.records import FACETS
from caseqa.evaluation.brief_scores import load_brief_gold
from caseqa.evaluation.matching import supports
from caseqa.index.store import load_index
from caseqa.retrieval.lexicon import load_lexicon

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "evals" / "brief_gold.json"
L2_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
CUT_GRID = (0.2, 0.3, 0.4, 0.5, 0.6)
FOLDS = 5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write the examples to {EXAMPLES_FILE}")
    args = parser.parse_args()
    settings = Settings.from_env()
    index = load_index(settings.index_dir)
    rows = dev_examples(index, settings)
    positions = [position for position, _ in rows]
    labels = np.array([[facet in facets for facet in FACETS] for _, facets in rows], dtype=float)
    print(f"{len(rows)} dev sentences, per facet {dict(zip(FACETS, labels.sum(axis=0).astype(int).tolist()))}")
    vectors = index.sentence_vectors[positions]
    folds = np.arange(len(rows)) % FOLDS
    best = (0.0, 0.0, 0.0)
    for l2 in L2_GRID:
        probabilities = np.zeros_like(labels)
        for fold in range(FOLDS):
            held = folds == fold
            model = FacetClassifier.fit(vectors[~held], labels[~held], l2)
            probabilities[held] = model.probabilities(vectors[held])
        scores = [_precision_recall(probabilities, labels, cut) for cut in CUT_GRID]
        print(f"l2={l2:<5}", "  ".join(f"cut {c}: P {p:.3f} R {r:.3f} F0.5 {_f(p, r):.3f}" for c, (p, r) in zip(CUT_GRID, scores)))
        best = max(best, *((_f(p, r), l2, cut) for cut, (p, r) in zip(CUT_GRID, scores)))
    print(f"best F0.5 {best[0]:.3f} at l2={best[1]}, cut {best[2]} (BriefSettings l2 and min_probability)")
    if args.write:
        with EXAMPLES_FILE.open("w", encoding="utf-8") as handle:
            for position, facets in rows:
                sentence = index.sentences[position]
                handle.write(json.dumps({"text": sentence.text, "facets": facets, "doc_id": sentence.doc_id}, ensure_ascii=False) + "\n")
        print(f"wrote {len(rows)} examples to {EXAMPLES_FILE}")


def dev_examples(index, settings: Settings) -> list[tuple[int, list[str]]]:
    """(sentence position, the facets the gold puts it under) for every sentence tied to a dev market."""
    adjectives = load_lexicon(settings.search.lexicon_file).place_adjectives
    mentions = find_markets(index.sentences, Gazetteer.load(settings.brief.places_file, adjectives))
    rows: dict[int, list[str]] = {}
    for market in load_brief_gold(GOLD):
        if market.split != "dev":
            continue
        for place, ties in mentions.ties.items():
            if not (market.matches(mentions.names[place]) or market.matches(place)):
                continue
            for position in ties:
                sentence = index.sentences[position]
                if len(sentence.text.split()) < settings.brief.min_words or sentence.text.endswith("?"):
                    continue
                facets = rows.setdefault(position, [])
                for facet in FACETS:
                    gold = market.facets[facet]
                    if facet not in facets and any(e.doc_id == sentence.doc_id and supports(sentence.text, e.quote) for e in gold):
                        facets.append(facet)
    return sorted(rows.items())


def _precision_recall(probabilities: np.ndarray, labels: np.ndarray, cut: float) -> tuple[float, float]:
    best = probabilities.argmax(axis=1)
    predicted = (probabilities >= cut) & (np.arange(len(FACETS))[None, :] == best[:, None])
    right = float((predicted & (labels == 1)).sum())
    return right / max(float(predicted.sum()), 1.0), right / max(float(labels.sum()), 1.0)


def _f(precision: float, recall: float, beta: float = 0.5) -> float:
    weighted = beta * beta * precision + recall
    return (1 + beta * beta) * precision * recall / weighted if weighted else 0.0


if __name__ == "__main__":
    main()
