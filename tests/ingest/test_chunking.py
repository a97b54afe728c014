"""Chunks hold whole sentences of one section, stay under the size limit and overlap by a sentence."""

from caseqa.ingest.chunking import build_chunks
from caseqa.records import Sentence, Span


def sentences(specs: list[tuple[str, str]]) -> tuple[str, list[Sentence]]:
    source, records = "", []
    for number, (section, text) in enumerate(specs):
        start = len(source)
        source += text + " "
        records.append(Sentence(f"d:s{number}", "d", (section,), text, Span(start, start + len(text)), 0))
    return source, records


def test_chunks_respect_sections_size_and_overlap():
    words = "one two three four five"
    source, records = sentences([("A", f"{words} a."), ("A", f"{words} b."), ("A", f"{words} c."), ("B", f"{words} d.")])
    chunks = build_chunks("d", records, source, max_words=12, overlap_sentences=1)
    assert [c.sentence_ids for c in chunks] == [("d:s0", "d:s1"), ("d:s1", "d:s2"), ("d:s3",)]
    assert [c.section for c in chunks] == [("A",), ("A",), ("B",)]
    assert all(len(c.text.split()) <= 12 for c in chunks)
    first = chunks[0]
    assert source[first.span.start : first.span.end] == first.text


def test_a_sentence_longer_than_the_limit_stands_alone():
    source, records = sentences([("A", "short one."), ("A", " ".join(["word"] * 50) + "."), ("A", "short two.")])
    chunks = build_chunks("d", records, source, max_words=20, overlap_sentences=1)
    assert [c.sentence_ids for c in chunks] == [("d:s0",), ("d:s1",), ("d:s2",)]
