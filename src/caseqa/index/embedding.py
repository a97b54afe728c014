"""Sentence embeddings: one abstract batch method for queries and documents, a sentence-transformers model loaded by path."""

from __future__ import annotations

import hashlib
import importlib.util
import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Literal

import numpy as np

from caseqa.errors import ConfigError
from caseqa.index.model_files import STAMP, known_models, verify_model_dir

#: Where models that caseqa installs live (``make`` puts them there), relative to the working directory.
DEFAULT_MODELS_DIR = Path("models")
#: The files that hold a model's weights, whose hash names the model in an index.
WEIGHT_SUFFIXES = (".safetensors", ".bin")

#: Models like e5 or bge embed a question differently from a passage (a prompt); symmetric models ignore it.
Role = Literal["query", "document"]


class Embedder(ABC):
    """Turns texts into unit-length float32 vectors; ``model_id`` names what made them."""

    model_id: str
    dimension: int

    @abstractmethod
    def embed_batch(self, texts: Sequence[str], role: Role = "document") -> np.ndarray:
        """Vectors for one batch of texts, shape (len(texts), dimension), L2-normalised."""

    def embed_query(self, query: str) -> np.ndarray:
        """One question's vector."""
        return np.asarray(self.embed_batch([query], "query")[0], dtype=np.float32)

    def embed(
        self, texts: Sequence[str], batch_size: int = 32, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Document vectors for any number of texts, in batches; ``progress`` is told how many were done.

        Texts are batched by length so a batch pads little; the result keeps the input order.
        """
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            vectors[batch] = np.asarray(self.embed_batch([texts[i] for i in batch], "document"), dtype=np.float32)
            if progress is not None:
                progress(len(batch))
        return vectors


class SentenceTransformerEmbedder(Embedder):
    """A sentence-transformers model read from a local folder; no hub access, ever."""

    def __init__(self, model: str, models_dir: Path = DEFAULT_MODELS_DIR) -> None:
        self.path = resolve_model_path(model, models_dir, verify=True)
        self.model_id = model_identity(model, models_dir)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # a "Loading weights" bar on every CLI call is noise
        self._model = SentenceTransformer(str(self.path), device="cpu", local_files_only=True)
        dimension = self._model.get_embedding_dimension()
        if dimension is None:
            raise ConfigError(f"CASEQA_MODEL={model!r}: the model does not say its embedding dimension")
        self.dimension = int(dimension)

    def embed_batch(self, texts: Sequence[str], role: Role = "document") -> np.ndarray:
        encode = self._model.encode_query if role == "query" else self._model.encode_document
        return encode(
            list(texts),
            batch_size=len(texts) or 1,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,  # callers draw their own; a bar per query would flood the server log
        ).astype(np.float32)


def resolve_model_path(model: str, models_dir: Path = DEFAULT_MODELS_DIR, *, verify: bool = False) -> Path:
    """A model setting is a folder, a model caseqa installs (``models.json``: ``<models_dir>/<name>``, every file
    checked against its pinned SHA-256 when ``verify``), or an installed package that ships ``model/`` inside."""
    folder = Path(model).expanduser()
    if folder.is_dir():
        return folder
    pinned = known_models().get(model)
    if pinned is not None:
        installed = Path(models_dir) / model
        if not installed.is_dir():
            raise ConfigError(
                f"CASEQA_MODEL={model!r} is not installed in {installed}; install it with"
                f" `python -m caseqa.index.model_install install {model} --dest {installed}` (make does this)"
            )
        verify_model_dir(installed, pinned.files, full=verify)
        return installed
    spec = importlib.util.find_spec(model) if model.isidentifier() else None
    if spec is not None and spec.submodule_search_locations:
        packaged = Path(next(iter(spec.submodule_search_locations))) / "model"
        if packaged.is_dir():
            return packaged
    raise ConfigError(f"CASEQA_MODEL={model!r} is neither a model folder, a known model nor an installed model package")


def model_identity(model: str, models_dir: Path = DEFAULT_MODELS_DIR) -> str:
    """The model setting plus a hash of its weights, without loading it: what an index records.

    A pinned model's weights hash is its pinned SHA-256; any other folder gets a fingerprint of its files.
    """
    pinned = known_models().get(model)
    if pinned is not None:
        resolve_model_path(model, models_dir)  # installed and unchanged since its last full check
        weights = next(pin["sha256"] for name, pin in sorted(pinned.files.items()) if name.endswith(WEIGHT_SUFFIXES))
        return f"{model}@{weights[:12]}"
    return f"{model}@{_folder_fingerprint(resolve_model_path(model, models_dir))}"


def _folder_fingerprint(folder: Path) -> str:
    """Short hash of the model's config and weights sizes: another model gets another id."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != STAMP:  # the verification stamp is not the model
            digest.update(f"{path.relative_to(folder)}:{path.stat().st_size}".encode())
            if path.suffix == ".json":
                digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def load_embedder(model: str, models_dir: Path = DEFAULT_MODELS_DIR) -> Embedder:
    """The embedder for a model setting, loaded (and verified) once per process on first use."""
    return SentenceTransformerEmbedder(model, models_dir)
