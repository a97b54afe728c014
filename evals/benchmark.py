"""Speed and memory of indexing, search and answering, on the real corpus and on one 50 times larger.

Run: .venv/bin/python evals/benchmark.py [--scale 50] [--skip-scale]
Prints a Markdown report; figures are wall-clock on this machine (noisy: run twice).
The synthetic corpus shuffles the real sentences into generated documents; its
vectors are random unit vectors (search cost does not depend on their values),
while queries are embedded by the real model.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
from fastapi.testclient import TestClient

from caseqa import (
    Embedder,
    Engine,
    Role,
    Searcher,
    Settings,
    add_source,
    build_index,
    chunk_lexical_text,
    load_embedder,
    load_index,
    load_sources,
    parse_document,
    read_source_text,
)
from caseqa.brief.compose import BriefComposer
from caseqa.brief.facets import FacetClassifier, load_examples
from caseqa.evaluation import load_questions
from caseqa.retrieval.lexicon import load_lexicon
from caseqa.service.api import create_app

ROOT = Path(__file__).resolve().parents[1]
NEW_SOURCE = (
    "Alibaba opened its first European data centre in Frankfurt in 2016 to serve cloud customers. "
    "The site let German manufacturers keep their data inside the European Union.\n"
)


def rss_mib() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def timed_ms(call: Callable[[], object], repeat: int = 1) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        out.append((time.perf_counter() - start) * 1000)
    return out


def p(values: Sequence[float], q: float) -> float:
    return float(np.percentile(values, q))


class RandomEmbedder(Embedder):
    """Random unit vectors for synthetic documents; queries go to the real model."""

    def __init__(self, real: Embedder) -> None:
        self.real, self.model_id, self.dimension = real, "random-benchmark@1", real.dimension
        self.rng = np.random.default_rng(0)

    def embed_batch(self, texts: Sequence[str], role: Role = "document") -> np.ndarray:
        if role == "query":
            return self.real.embed_batch(texts, role)
        vectors = self.rng.standard_normal((len(texts), self.dimension)).astype(np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def real_corpus(work: Path, questions: list[str], rows: list[tuple[str, str]]) -> None:
    settings = Settings(corpus_dir=work / "corpus", index_dir=work / "index")
    shutil.copytree(ROOT / "corpus", settings.corpus_dir)
    embedder = load_embedder(settings.model, settings.models_dir)
    sentence_embedder = load_embedder(settings.sentence_model_setting, settings.models_dir)
    report = build_index(settings, embedder=embedder, sentence_embedder=sentence_embedder)
    rows.append(("Full build, 5 sources, from scratch", f"{report.seconds:.1f} s ({report.embedded} texts embedded)"))
    add_source(settings.corpus_dir, NEW_SOURCE.encode(), "frankfurt.txt", title="Frankfurt data centre", kind="news")
    report = build_index(settings, embedder=embedder, sentence_embedder=sentence_embedder)
    rows.append(("Add one small source and rebuild", f"{report.seconds:.1f} s ({report.embedded} new, {report.reused} reused)"))
    start = time.perf_counter()
    engine = Engine(load_index(settings.index_dir), embedder, settings, sentence_embedder)
    rows.append(("Load index (model already in memory)", f"{(time.perf_counter() - start) * 1000:.0f} ms"))
    for question in questions[:5]:
        engine.ask(question)  # warm-up
    for mode in ("bm25", "dense", "hybrid"):
        times = [t for q in questions for t in timed_ms(lambda q=q: engine.search(q, 10, mode))]
        rows.append((f"search p50 / p95, {mode}", f"{p(times, 50):.1f} / {p(times, 95):.1f} ms"))
    times = [t for q in questions for t in timed_ms(lambda q=q: engine.ask(q))]
    rows.append(("ask p50 / p95 (hybrid + answerer)", f"{p(times, 50):.1f} / {p(times, 95):.1f} ms"))
    embed = [t for q in questions for t in timed_ms(lambda q=q: engine.searcher.encode(q))]
    rows.append(("  of which: embedding the question, p50", f"{p(embed, 50):.1f} ms"))
    brief_rows(settings, engine, rows)
    hits = [engine.search(q, 5) for q in questions]
    words = [sum(len(h.chunk.text.split()) for h in top) for top in hits]
    rows.append(("Words in the top 5 passages, mean / max", f"{statistics.mean(words):.0f} / {max(words)}"))


def synthetic_corpus(folder: Path, scale: int) -> int:
    """``scale`` times the real sentences, shuffled into documents of about 40 sentences each."""
    sentences = []
    for source in load_sources(ROOT / "corpus"):
        parsed = parse_document(source, read_source_text(ROOT / "corpus", source), 120, 1)
        sentences += [s.text for s in parsed.sentences]
    rng = random.Random(0)
    pool = sentences * scale
    rng.shuffle(pool)
    folder.mkdir(parents=True)
    tables = []
    for n, start in enumerate(range(0, len(pool), 40)):
        paragraphs = [" ".join(pool[i : i + 5]) for i in range(start, min(start + 40, len(pool)), 5)]
        body = "\n\n".join(f"{k}. Part {k}\n\n{text}" for k, text in enumerate(paragraphs, start=1))
        (folder / f"doc{n:05d}.txt").write_text(body + "\n", encoding="utf-8")
        tables.append(f'[[source]]\ndoc_id = "doc{n:05d}"\ntitle = "Synthetic {n}"\nkind = "other"\nfile = "doc{n:05d}.txt"\n')
    (folder / "sources.toml").write_text("\n".join(tables), encoding="utf-8")
    return len(pool)


def scaled(work: Path, scale: int, questions: list[str], rows: list[tuple[str, str]]) -> None:
    settings = Settings(corpus_dir=work / "synthetic", index_dir=work / "synthetic-index")
    n_sentences = synthetic_corpus(settings.corpus_dir, scale)
    embedder = RandomEmbedder(load_embedder(settings.model, settings.models_dir))
    before = rss_mib()
    report = build_index(settings, embedder=embedder)
    rows.append((f"{scale}x corpus: build (random vectors)", f"{report.seconds:.1f} s, {report.chunks} chunks, {n_sentences} sentences"))
    index = load_index(settings.index_dir)
    searcher = Searcher(index, embedder)
    rows.append((f"{scale}x corpus: memory after loading", f"{rss_mib():.0f} MiB resident ({rss_mib() - before:+.0f} MiB)"))
    for question in questions[:5]:
        searcher.search(question)
    encoded = {q: searcher.encode(q) for q in questions}
    for mode in ("bm25", "dense", "hybrid"):
        times = [t for q in questions for t in timed_ms(lambda q=q: searcher.search(q, 10, mode, encoded=encoded[q]))]
        rows.append((f"{scale}x search p50 / p95, {mode} (question pre-embedded)", f"{p(times, 50):.1f} / {p(times, 95):.1f} ms"))
    from rank_bm25 import BM25Okapi

    tokens = [searcher.analyzer.tokenize(chunk_lexical_text(c)) for c in index.chunks]
    okapi = BM25Okapi(tokens, k1=settings.index.bm25_k1, b=settings.index.bm25_b)
    sample = questions[:10]
    slow = [t for q in sample for t in timed_ms(lambda q=q: okapi.get_scores(searcher.analyzer.tokenize(q)))]
    fast = [t for q in sample for t in timed_ms(lambda q=q: index.bm25.scores(searcher.analyzer.tokenize(q)))]
    same = all(
        np.allclose(okapi.get_scores(searcher.analyzer.tokenize(q)), index.bm25.scores(searcher.analyzer.tokenize(q)))
        for q in sample[:3]
    )
    rows.append((f"{scale}x BM25 scoring p50: rank-bm25 vs sparse matrix", f"{p(slow, 50):.1f} vs {p(fast, 50):.2f} ms (same scores: {same})"))


def brief_rows(settings: Settings, engine: Engine, rows: list[tuple[str, str]]) -> None:
    """The case brief: composing it at build time (examples already embedded), and serving GET /brief/{slug}."""
    texts, labels = load_examples(settings.brief.examples_file)
    known = {s.text: v for s, v in zip(engine.index.sentences, engine.index.sentence_vectors)}
    example_vectors = np.array([known.get(t) if t in known else engine.searcher.sentence_embedder.embed([t])[0] for t in texts])
    start = time.perf_counter()
    classifier = FacetClassifier.fit(example_vectors, labels, settings.brief.l2)
    adjectives = load_lexicon(settings.search.lexicon_file).place_adjectives
    index = engine.index
    brief = BriefComposer(index.sentences, index.sentence_vectors, index.documents, classifier, settings.brief, adjectives).compose()
    rows.append(("Brief: fit the facet classifier and compose", f"{time.perf_counter() - start:.1f} s ({len(brief.markets)} markets)"))
    app = create_app(settings)
    with TestClient(app) as client:
        slugs = [m.slug for m in index.brief.markets]
        for slug in slugs:
            client.get(f"/brief/{slug}")  # warm-up
        times = [t for _ in range(20) for slug in slugs for t in timed_ms(lambda s=slug: client.get(f"/brief/{s}"))]
        rows.append(("GET /brief/{slug} p50 / p95 (in-process client)", f"{p(times, 50):.1f} / {p(times, 95):.1f} ms"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=50)
    parser.add_argument("--skip-scale", action="store_true")
    args = parser.parse_args()
    questions = [q.question for q in load_questions(ROOT / "evals" / "dev.jsonl")]
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        real_corpus(Path(tmp), questions, rows)
        if not args.skip_scale:
            scaled(Path(tmp), args.scale, questions, rows)
    print("| measure | value |\n|:---|:---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
