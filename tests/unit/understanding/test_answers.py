from __future__ import annotations

import pytest

from bot.understanding.answers import Outcome, next_steps, outcome


@pytest.mark.parametrize(
    ("scores", "asked_before", "expected"),
    [
        ([0.9, 0.5], False, Outcome("answer")),
        ([0.9, 0.83], False, Outcome("choose", (0, 1))),
        ([0.9, 0.85, 0.84, 0.6], False, Outcome("choose", (0, 1, 2))),
        ([0.55], False, Outcome("answer")),
        ([0.54, 0.53], False, Outcome("ask_detail")),
        ([], False, Outcome("ask_detail")),
        ([0.3], True, Outcome("no_match")),
        ([], True, Outcome("no_match")),
        # Asked before, and now a good answer.
        ([0.8], True, Outcome("answer")),
    ],
)
def test_outcome(scores: list[float], asked_before: bool, expected: Outcome) -> None:
    assert outcome(scores, asked_before=asked_before) == expected


@pytest.mark.parametrize(
    ("offer", "article_step", "steps"),
    [
        (None, "book_repair", ["book_repair", "human"]),
        ("check_warranty", "book_repair", ["check_warranty", "book_repair", "human"]),
        ("book_repair", "book_repair", ["book_repair", "human"]),
        (None, "none", ["human"]),
        (None, "human", ["human"]),
        ("out_of_scope", None, ["human"]),
    ],
)
def test_next_steps(offer: str | None, article_step: str | None, steps: list[str]) -> None:
    assert next_steps(offer, article_step) == steps
