"""The brief is composed at build time from the corpus alone, stored in the index and cited exactly."""

from __future__ import annotations

import json

import pytest

from caseqa.brief.markdown import market_markdown
from caseqa.brief.records import FACETS
from caseqa.brief.store import brief_from_json, brief_json
from caseqa.config import BriefSettings, Settings
from caseqa.corpus.sources import load_sources, read_source_text
from caseqa.errors import IndexCorruptError
from caseqa.evaluation.matching import spans_match
from caseqa.index.builder import build_index, settings_fingerprint
from caseqa.index.store import BRIEF, current_build, load_index
from tests.conftest import write_corpus

SOURCES = {
    "paper": (
        "journal article",
        "AliExpress in Russia",
        "1. Home\n\nAlibaba was founded in China. China is its home market. China saturated. China grew fast. "
        "China has many sellers. China leads online retail.\n\n"
        "2. Russia\n\nAliExpress entered the Russian market in April 2010 as a cross-border platform. "
        "Parcels to Russia took sixty days because the Russian post was slow. "
        "By 2014 AliExpress was the most visited shopping site in Russia.\n",
    ),
    "news": (
        "news",
        "AliExpress news",
        "AliExpress entered the Russian market in 2010 as a cross border platform. "
        "Alibaba in China watched Russia closely.\n",
    ),
}


EXAMPLES = [
    ("AliExpress entered the Russian market in April 2010 as a cross-border platform.", ["entry_modes"]),
    ("Parcels to Russia took sixty days because the Russian post was slow.", ["challenges"]),
    ("By 2014 AliExpress was the most visited shopping site in Russia.", ["outcomes"]),
    ("Alibaba in China watched Russia closely.", []),
]


@pytest.fixture
def built(tmp_path, fake_embedder) -> Settings:
    examples = tmp_path / "examples.jsonl"
    examples.write_text("".join(json.dumps({"text": t, "facets": f}) + "\n" for t, f in EXAMPLES), encoding="utf-8")
    settings = Settings(
        corpus_dir=write_corpus(tmp_path / "corpus", SOURCES),
        index_dir=tmp_path / "index",
        brief=BriefSettings(min_items=1, examples_file=examples),
    )
    build_index(settings, embedder=fake_embedder)
    return settings


def test_markets_come_from_the_corpus_without_the_home(built: Settings):
    brief = load_index(built.index_dir).brief
    assert [m.slug for m in brief.markets] == ["russia"]
    russia = brief.market("russia")
    assert russia is not None and russia.name == "Russia" and russia.documents == 2
    assert [len(russia.facets[facet]) for facet in FACETS] == [0, 1, 1, 1]  # the watching sentence states no facet


def test_every_item_cites_the_exact_span_of_each_sources_wording(built: Settings):
    sources = {s.doc_id: read_source_text(built.corpus_dir, s) for s in load_sources(built.corpus_dir)}
    russia = load_index(built.index_dir).brief.market("russia")
    assert russia is not None
    items = [item for facet in FACETS for item in russia.facets[facet]]
    for item in items:
        assert item.quotes[0] == item.text
        for citation, quote in zip(item.citations, item.quotes, strict=True):
            assert spans_match(sources[citation.doc_id], citation.span, quote)
    merged = [item for item in items if len(item.citations) == 2]  # the entry, said by both sources
    assert len(merged) == 1 and {c.doc_id for c in merged[0].citations} == {"paper", "news"}
    assert merged[0].quotes[0] != merged[0].quotes[1]


def test_the_timeline_is_in_date_order(built: Settings):
    russia = load_index(built.index_dir).brief.market("russia")
    assert russia is not None
    assert [event.year for event in russia.timeline] == sorted(event.year for event in russia.timeline)
    assert {"April 2010", "2014"} <= {event.date for event in russia.timeline}


def test_the_brief_survives_its_json_and_renders_as_markdown_with_footnotes(built: Settings):
    brief = load_index(built.index_dir).brief
    assert brief_from_json(json.loads(json.dumps(brief_json(brief)))) == brief
    russia = brief.market("russia")
    assert russia is not None
    markdown = market_markdown(russia)
    assert markdown.startswith("# Russia: case brief")
    assert "[^1]: *AliExpress in Russia*, 2. Russia, characters" in markdown
    assert "It reads: “AliExpress entered the Russian market in" in markdown  # the second source's own words


def test_an_altered_brief_file_is_refused(built: Settings):
    path = current_build(built.index_dir) / BRIEF
    path.write_text(path.read_text(encoding="utf-8").replace("Russia", "Prussia", 1), encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="brief.json: altered"):
        load_index(built.index_dir)


def test_a_change_of_brief_settings_or_examples_changes_the_fingerprint(built: Settings, tmp_path):
    before = settings_fingerprint(built, "model", "sentence model")
    changed = built.model_copy(update={"brief": BriefSettings(min_probability=0.5)})
    examples = tmp_path / "other-examples.jsonl"
    examples.write_text('{"text": "AliExpress grew.", "facets": ["outcomes"]}\n', encoding="utf-8")
    other_examples = built.model_copy(update={"brief": BriefSettings(min_items=1, examples_file=examples)})
    assert settings_fingerprint(changed, "model", "sentence model") != before
    assert settings_fingerprint(other_examples, "model", "sentence model") != before
