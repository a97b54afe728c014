"""Which places a sentence names: a gazetteer of countries and regions (data, places.json), with the forms
texts use ("South-East Asia", "U.S.", "Russian") read as one place."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

from caseqa.errors import ConfigError

PLACES_FILE = Path(__file__).with_name("places.json")
#: Endings that make a place's adjective or demonym from its name: Russia-n, India-n, Europe-an, Pakistan-i.
_ADJECTIVE_ENDINGS = ("n", "an", "i", "ese")


def normal_form(name: str) -> str:
    """One spelling for variants that differ in case, hyphens and spaces: "South-East Asia" is "southeast asia"."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=[a-z])[-\s]+(?=[a-z])", "", name.lower()).strip())


class Gazetteer:
    """Finds places in text, case-sensitively ("US" is a place, "us" is not), longest name first, so that
    "Southeast Asia" is not also "Asia"."""

    def __init__(self, places: Mapping[str, Iterable[str]], adjectives: Mapping[str, str] | None = None) -> None:
        forms: dict[str, str] = {}
        for place, variants in places.items():
            for form in (place, *variants):
                forms.setdefault(form, place)
        self._names = frozenset(forms)
        for form, place in list(forms.items()):
            if " " not in form and form[:1].isupper() and not form.isupper():
                stem = form[:-1] if form.endswith("e") else form
                for ending in _ADJECTIVE_ENDINGS:
                    forms.setdefault(stem + ending, place)
        for adjective, place_form in (adjectives or {}).items():
            if place_form in forms:
                forms.setdefault(adjective, forms[place_form])
        self._place_of = forms
        alternatives = "|".join(
            re.sub(r"\\[ -]", r"[\\s-]+", re.escape(form)) for form in sorted(forms, key=len, reverse=True)
        )
        self._pattern = re.compile(rf"(?<![\w.-])(?:{alternatives})(?![\w-])")
        self._by_normal = {normal_form(form): place for form, place in forms.items()}

    @classmethod
    def load(cls, path: Path | None = None, adjectives: Mapping[str, str] | None = None) -> Gazetteer:
        """The gazetteer of ``path`` (default: the packaged places.json)."""
        path = path or PLACES_FILE
        try:
            places = json.loads(path.read_text(encoding="utf-8"))["places"]
            return cls({str(place): [str(v) for v in variants] for place, variants in places.items()}, adjectives)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise ConfigError(f"{path}: not a gazetteer ({{\"places\": {{name: [variants]}}}}): {exc}") from exc

    def mentions(self, text: str) -> list[tuple[str, str]]:
        """Each place named in ``text``, in order, as (place, the form the text uses)."""
        found = []
        for match in self._pattern.finditer(text):
            form = match.group(0)
            place = self._place_of.get(form) or self._by_normal.get(normal_form(form))
            if place is not None:
                found.append((place, form))
        return found

    def is_name(self, form: str) -> bool:
        """Whether ``form`` is a place's name or variant, not an adjective made from one."""
        return form in self._names

    def places(self, text: str) -> set[str]:
        """The places ``text`` names."""
        return {place for place, _ in self.mentions(text)}
