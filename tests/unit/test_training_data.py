"""Hygiene of the training data and the held-out set (no model needed)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from bot.language import detect_language
from bot.nlu_data import plain_text, read_examples
from bot.quality import HELDOUT_DIR, TRAINING_DIR, load_heldout
from bot.stack import PROJECT_ROOT

NLU_DIR = TRAINING_DIR
MIN_EXAMPLES = 25


def _examples(directory: Path) -> dict[str, dict[str, list[str]]]:
    """language -> intent -> plain texts."""
    return {
        language: {intent: [plain_text(e) for e in examples] for intent, examples in found.items()}
        for language, found in read_examples(directory).items()
    }


def _domain_intents() -> list[str]:
    domain = yaml.safe_load((PROJECT_ROOT / "domain.yml").read_text(encoding="utf-8"))
    return list(domain["intents"])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_intent_has_enough_examples_in_each_language(language: str) -> None:
    counts = {i: len(e) for i, e in _examples(NLU_DIR)[language].items()}
    assert set(counts) == set(_domain_intents())
    assert {i: n for i, n in counts.items() if n < MIN_EXAMPLES} == {}


def test_no_example_is_repeated() -> None:
    texts = [t for by_intent in _examples(NLU_DIR).values() for e in by_intent.values() for t in e]
    assert [t for t, n in Counter(texts).items() if n > 1] == []


def test_heldout_set_is_never_trained_on() -> None:
    trained = {
        t.lower()
        for by_intent in _examples(NLU_DIR).values()
        for e in by_intent.values()
        for t in e
    }
    heldout = load_heldout(HELDOUT_DIR)
    assert len(heldout) >= 400
    assert [t for t in heldout if t.lower() in trained] == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_heldout_covers_every_intent(language: str) -> None:
    counts = Counter(
        intent for lang, intent in load_heldout(HELDOUT_DIR).values() if lang == language
    )
    assert set(counts) == set(_domain_intents())
    assert min(counts.values()) >= 8


@pytest.mark.parametrize("language", ["zh", "en"])
def test_examples_are_in_their_language(language: str) -> None:
    wrong = [
        t
        for e in _examples(NLU_DIR)[language].values()
        for t in e
        if detect_language(t, language) != language  # type: ignore[arg-type]
    ]
    # A few bare codes or numbers carry no language; real text must match its folder.
    assert len(wrong) <= 5, wrong


def test_no_combinatorial_templates() -> None:
    """Examples differing only in one entity value are a template, not real speech."""
    annotation = re.compile(r"\[[^\]]+\](?:\([^)]*\)|\{[^}]*\})")
    shapes = Counter(
        annotation.sub("<entity>", example)
        for by_intent in read_examples(NLU_DIR).values()
        for examples in by_intent.values()
        for example in examples
    )
    templated = [s for s, n in shapes.items() if n > 2 and "<entity>" in s]
    # A bare value ("13812345678") is a real answer to a question, not a template.
    assert [s for s in templated if s != "<entity>"] == []
