"""How retrieval folds English words: inflections and "-ation" nouns meet their verbs."""

from __future__ import annotations

import pytest

from bot.knowledge.text import english_word


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("installed", "install"),
        ("installing", "install"),
        ("installs", "install"),
        ("installation", "install"),
        ("installations", "install"),
        ("relocate", "relocat"),
        ("relocated", "relocat"),
        ("relocation", "relocat"),
        ("relocations", "relocat"),
        ("batteries", "battery"),
        # Short words are left alone.
        ("station", "station"),
        ("nation", "nation"),
        ("leak", "leak"),
    ],
)
def test_english_word_folds_a_word_to_its_stem(word: str, folded: str) -> None:
    assert english_word(word) == folded
