"""GET /brief on the real index: markets from the corpus, cited items, Markdown for essays, JSON 404s."""

from __future__ import annotations

from fastapi.testclient import TestClient

from caseqa.corpus.sources import load_sources, read_source_text
from caseqa.evaluation.matching import spans_match
from caseqa.records import Span

from .conftest import assert_error

FACETS = ("drivers", "entry_modes", "outcomes", "challenges")


def test_the_markets_are_the_places_the_corpus_ties_to_the_expansion(client: TestClient):
    response = client.get("/brief")
    assert response.status_code == 200
    markets = {m["slug"]: m for m in response.json()["markets"]}
    assert {"russia", "southeast-asia", "india"} <= set(markets)
    assert "china" not in markets  # the company's home is no market
    counts = [m["items"] for m in response.json()["markets"]]
    assert counts == sorted(counts, reverse=True) and markets["russia"]["documents"] >= 2
    russia = client.get("/brief/russia").json()
    assert markets["russia"]["facets"] == {facet: len(russia["facets"][facet]) for facet in FACETS}


def test_a_markets_brief_cites_every_item_exactly(client: TestClient, real_index):
    corpus, _ = real_index
    sources = {s.doc_id: read_source_text(corpus, s) for s in load_sources(corpus)}
    body = client.get("/brief/russia").json()
    assert body["market"] == "Russia" and body["slug"] == "russia" and set(body["facets"]) == set(FACETS)
    items = [item for facet in FACETS for item in body["facets"][facet]]
    items += [event["sentence"] for event in body["timeline"]]
    assert len(items) > 10
    for item in items:
        for citation in item["citations"]:
            span = Span(citation["start"], citation["end"], tuple(tuple(g) for g in citation["gaps"]))
            assert spans_match(sources[citation["doc_id"]], span, citation["text"])
        assert item["citations"][0]["text"] == item["text"]
    years = [int(event["date"][-4:]) for event in body["timeline"]]
    assert years == sorted(years)


def test_the_markdown_brief_has_numbered_footnotes(client: TestClient):
    response = client.get("/brief/russia.md")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/markdown")
    text = response.text
    assert text.startswith("# Russia: case brief") and "## Entry modes" in text
    assert "[^1]" in text and "\n[^1]: *" in text and "characters " in text


def test_an_unknown_market_is_a_json_404(client: TestClient):
    assert "russia" in assert_error(client.get("/brief/atlantis"), 404, "unknown_market")["message"]
    assert_error(client.get("/brief/atlantis.md"), 404, "unknown_market")
