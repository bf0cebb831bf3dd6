"""The text catalogue: every sentence the assistant writes, in both languages.

One YAML file per concern in this folder (``general``, ``knowledge``, ``warranty``,
``booking``, ``visits``, ``complaints``, ``desk`` for the staff's side, ``widget`` for
the web chat's labels) holds its entries, each with a ``zh`` and an ``en`` text; values
in braces are filled by the caller. Responses that Rasa rules utter directly stay in
``domain.yml``; everything an action or a service says comes from here, so that wording,
fees and periods are reviewed in one place and the forbidden-phrase check covers all of
it.

The files are read on first use and checked then: a missing language, a key in two
files or a braced value in one language only stops the process with the entry named.

Example:
    >>> render("booking_done", "en", reference="RV-7K3M9QXP", window="Thu 3 Dec")  # doctest: +SKIP
"""

from __future__ import annotations

import string
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, Final

import yaml

from bot.language import Language, Localized

__all__ = ["CONCERNS", "MESSAGES", "CatalogueError", "UnknownTextError", "concern", "render"]

#: The concerns, in the order their files are read.
CONCERNS: Final = (
    "general",
    "knowledge",
    "warranty",
    "booking",
    "visits",
    "complaints",
    "handoff",
    "desk",
    "widget",
    "telegram",
)
_FOLDER: Final = Path(__file__).resolve().parent


class CatalogueError(Exception):
    """A catalogue file is malformed; the message names the file and the entry."""


class UnknownTextError(KeyError):
    """Raised for a key the catalogue does not hold."""


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@cache
def concern(name: str) -> Mapping[str, Localized]:
    """The entries of one concern's file, checked.

    Raises:
        CatalogueError: The file is malformed.
    """
    path = _FOLDER / f"{name}.yml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(raw, dict):
        raise CatalogueError(f"{path.name}: expected a mapping of entries")
    entries: dict[str, Localized] = {}
    for key, texts in raw.items():
        if not isinstance(texts, dict) or set(texts) != {"zh", "en"}:
            raise CatalogueError(f"{path.name}: {key}: needs exactly 'zh' and 'en'")
        zh, en = str(texts["zh"]), str(texts["en"])
        if _fields(zh) != _fields(en):
            raise CatalogueError(f"{path.name}: {key}: zh and en take different values")
        entries[str(key)] = Localized(zh=zh, en=en)
    return entries


@cache
def _all() -> Mapping[str, Localized]:
    merged: dict[str, Localized] = {}
    for name in CONCERNS:
        for key, text in concern(name).items():
            if key in merged:
                raise CatalogueError(f"{name}.yml: {key} is already defined in another file")
            merged[key] = text
    return merged


class _Messages(Mapping[str, Localized]):
    """Every entry by key, read from the files on first use."""

    def __getitem__(self, key: str) -> Localized:
        return _all()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(_all())

    def __len__(self) -> int:
        return len(_all())


#: Every entry, by key.
MESSAGES: Final[Mapping[str, Localized]] = _Messages()


def render(key: str, language: Language, **values: Any) -> str:
    """Returns entry ``key`` in ``language``, its braces filled from ``values``.

    Raises:
        UnknownTextError: No such entry.
    """
    try:
        text = MESSAGES[key]
    except KeyError:
        raise UnknownTextError(key) from None
    return text(language).format(**values)
