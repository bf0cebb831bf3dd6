"""What the bot says: responses in ``domain.yml`` and the text catalogue, by name and language."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from bot.language import Language
from bot.stack import PROJECT_ROOT
from bot.texts import render


@cache
def _responses() -> dict[str, list[dict[str, Any]]]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    responses: dict[str, list[dict[str, Any]]] = domain["responses"]
    return responses


def response(name: str, language: str) -> dict[str, Any]:
    """Returns the variant of response ``name`` for ``language``."""
    for variant in _responses()[name]:
        if {"type": "slot", "name": "language", "value": language} in variant["condition"]:
            return variant
    raise KeyError(f"{name} has no {language} variant")


def text(name: str, language: str) -> str:
    """Returns the text of response ``name`` in ``language``."""
    return str(response(name, language)["text"])


def msg(key: str, language: Language, **values: Any) -> str:
    """Returns catalogue entry ``key`` in ``language``, filled in."""
    return render(key, language, **values)


def texts(replies: list[dict[str, Any]]) -> list[str]:
    """The texts of the replies, in order."""
    return [r["text"] for r in replies]
