"""Reading Rasa NLU example files (``nlu_data/<lang>/*.yml`` and the held-out set)."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import yaml

from bot.language import Language

__all__ = ["plain_text", "read_examples"]

_ANNOTATION = re.compile(r"\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})")


def plain_text(example: str) -> str:
    """Returns an example as the customer typed it, without entity annotations.

    ``"my [WM-8012](model) leaks"`` becomes ``"my WM-8012 leaks"``.
    """
    return _ANNOTATION.sub(r"\1", example).strip()


def read_examples(directory: Path) -> dict[Language, dict[str, list[str]]]:
    """Reads every intent example under ``directory/<lang>/*.yml``.

    Args:
        directory: A folder with ``zh`` and ``en`` subfolders of Rasa NLU files.

    Returns:
        language → intent → examples as written (with annotations), in file order.
    """
    found: dict[Language, dict[str, list[str]]] = {}
    for language in ("zh", "en"):
        by_intent: dict[str, list[str]] = defaultdict(list)
        for path in sorted((directory / language).glob("*.yml")):
            content = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            for block in content.get("nlu", []):
                if "intent" not in block:
                    continue
                for line in block["examples"].splitlines():
                    example = line.strip().removeprefix("- ").strip()
                    if example:
                        by_intent[block["intent"]].append(example)
        found[language] = dict(by_intent)
    return found
