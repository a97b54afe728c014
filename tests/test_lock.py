"""requirements.lock pins every package the install resolves, at the version installed: a dependency added
to pyproject.toml without `make lock` fails here, not on a user's machine months later."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]


def _name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _locked() -> dict[str, str]:
    lines = (REPO / "requirements.lock").read_text(encoding="utf-8").splitlines()
    pins = [line.split("==") for line in lines if line.strip() and not line.startswith("#")]
    assert all(len(pin) == 2 for pin in pins), "every line of requirements.lock is name==version"
    return {_name(name): version for name, version in pins}


def _resolved(root: str, extras: tuple[str, ...]) -> set[str]:
    """The distributions ``root`` with ``extras`` needs, directly or not, on this interpreter."""
    seen: set[str] = set()
    todo = [(root, extras)]
    while todo:
        name, wanted = todo.pop()
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            environments = [{"extra": extra} for extra in wanted] or [{"extra": ""}]
            if requirement.marker and not any(requirement.marker.evaluate(env) for env in environments):
                continue
            key = _name(requirement.name)
            if key not in seen:
                seen.add(key)
                todo.append((requirement.name, tuple(requirement.extras)))
    return seen


def test_the_lock_pins_every_package_caseqa_needs_at_its_installed_version():
    locked = _locked()
    needed = _resolved("caseqa", ("test",))
    assert "torch" in needed and "fastapi" in needed
    missing = sorted(needed - locked.keys())
    assert not missing, f"not in requirements.lock (run make lock): {missing}"
    drifted = {name: (locked[name], metadata.version(name)) for name in needed if metadata.version(name) != locked[name]}
    assert not drifted, f"locked vs installed: {drifted} (reinstall with make, or make lock)"
