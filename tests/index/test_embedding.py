"""A model caseqa installs is checked file by file before use, and an index names the models that built it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import caseqa.index.embedding as embedding
from caseqa.errors import ConfigError, ModelVerificationError
from caseqa.index.model_files import ModelSpec, sha256_file

FILES = {"config.json": b'{"hidden_size": 4}', "model.safetensors": bytes(range(256)) * 8}


@pytest.fixture
def installed(tmp_path: Path, monkeypatch) -> Path:
    """A pinned fake model installed under ``tmp_path/models``, known to caseqa by its name."""
    folder = tmp_path / "models" / "fake-model"
    folder.mkdir(parents=True)
    for name, data in FILES.items():
        (folder / name).write_bytes(data)
    pins = {name: {"sha256": sha256_file(folder / name), "bytes": len(data)} for name, data in FILES.items()}
    spec = ModelSpec("fake-model", (), (), "", frozenset(), pins)
    monkeypatch.setattr(embedding, "known_models", lambda: {"fake-model": spec})
    return folder


def test_a_known_model_resolves_to_its_verified_folder(installed: Path):
    assert embedding.resolve_model_path("fake-model", installed.parent, verify=True) == installed


def test_a_tampered_weight_file_is_refused_before_use(installed: Path):
    weights = installed / "model.safetensors"
    embedding.resolve_model_path("fake-model", installed.parent, verify=True)  # a full check stamps the folder
    stat = weights.stat()
    data = bytearray(weights.read_bytes())
    data[7] ^= 0x01
    weights.write_bytes(bytes(data))
    os.utime(weights, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same time: only the bytes differ
    with pytest.raises(ModelVerificationError, match=r"model\.safetensors: SHA-256"):
        embedding.resolve_model_path("fake-model", installed.parent, verify=True)


def test_a_known_model_not_installed_says_how_to_install_it(installed: Path, tmp_path: Path):
    with pytest.raises(ConfigError, match="model_install install fake-model"):
        embedding.resolve_model_path("fake-model", tmp_path / "elsewhere")


def test_a_known_models_identity_is_its_pinned_weights_hash(installed: Path):
    digest = sha256_file(installed / "model.safetensors")
    assert embedding.model_identity("fake-model", installed.parent) == f"fake-model@{digest[:12]}"


def test_a_folders_identity_changes_with_its_files_not_with_the_stamp(installed: Path):
    before = embedding.model_identity(str(installed))
    embedding.resolve_model_path("fake-model", installed.parent, verify=True)  # writes the stamp
    assert embedding.model_identity(str(installed)) == before
    (installed / "config.json").write_bytes(b'{"hidden_size": 8}')
    assert embedding.model_identity(str(installed)) != before
