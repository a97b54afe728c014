"""Time to parse one source against its size, up to the 20 MB upload limit: the check that parsing is linear.

Run: .venv/bin/python evals/bench_parse.py [--sizes 0.25,1,5,20]
Two texts per size: prose in paragraphs of about 1,000 characters, built from the seed sources' own
sentences, and the same prose as one single paragraph (the hostile case that used to be quadratic).
Prints a Markdown table; per-MB time that stays flat as the size grows means linear time.
Sources over caseqa's text cap (MAX_TEXT_CHARS) are refused before parsing; larger sizes show the margin.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from caseqa import Source, load_sources, parse_document, read_source_text

ROOT = Path(__file__).resolve().parents[1]
MB = 1_000_000


def seed_sentences() -> list[str]:
    sentences: list[str] = []
    for source in load_sources(ROOT / "corpus"):
        parsed = parse_document(source, read_source_text(ROOT / "corpus", source), 120, 0)
        sentences += [s.text for s in parsed.sentences]
    return sentences


def prose(sentences: list[str], size: int, paragraph_chars: int | None) -> str:
    """About ``size`` characters of the seed sentences, in paragraphs of ``paragraph_chars`` (None: one)."""
    paragraphs, current, total, i = [], [], 0, 0
    while total < size:
        sentence = sentences[i % len(sentences)]
        current.append(sentence)
        total += len(sentence) + 1
        i += 1
        if paragraph_chars and sum(map(len, current)) >= paragraph_chars:
            paragraphs.append(" ".join(current))
            current = []
    paragraphs.append(" ".join(current))
    return "Title\n\n" + "\n\n".join(p for p in paragraphs if p) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="0.25,1,5,20", help="Sizes in MB (millions of characters).")
    args = parser.parse_args()
    sentences = seed_sentences()
    source = Source("bench", "Bench", "bench.txt", "other")
    print("| size (M chars) | layout | seconds | s per M chars | sentences |")
    print("|---:|:---|---:|---:|---:|")
    for size in (float(s) for s in args.sizes.split(",")):
        for layout, paragraph_chars in (("paragraphs", 1000), ("one paragraph", None)):
            text = prose(sentences, int(size * MB), paragraph_chars)
            start = time.perf_counter()
            parsed = parse_document(source, text, 120, 1)
            seconds = time.perf_counter() - start
            print(f"| {len(text) / MB:.2f} | {layout} | {seconds:.1f} | {seconds / (len(text) / MB):.1f} | {len(parsed.sentences):,} |", flush=True)


if __name__ == "__main__":
    main()
