"""Rules are data: lexicons live as JSON files beside the code that reads them.

Each file is validated on load by a pydantic model that forbids unknown keys, so a
typo in a lexicon is an error at start-up, not a silent miss at run time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

M = TypeVar("M", bound=BaseModel)


class Lexicon(BaseModel):
    """Base class of lexicon files: strict, immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LexiconError(ValueError):
    """A lexicon file is missing or does not match its model."""


@cache
def _read_json(package: str, name: str) -> object:
    path = resources.files(package).joinpath("resources", name)
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise LexiconError(f"cannot read lexicon {package}/resources/{name}: {exc}") from exc


def load_lexicon(package: str, name: str, model: type[M]) -> M:
    """Return ``<package>/resources/<name>`` parsed and validated as ``model``.

    ``package`` is a dotted package name such as ``"vnextract.extractors"``.
    """
    try:
        return model.model_validate(_read_json(package, name))
    except ValueError as exc:
        raise LexiconError(f"lexicon {package}/resources/{name} is invalid: {exc}") from exc
