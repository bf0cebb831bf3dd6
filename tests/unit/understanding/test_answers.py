from __future__ import annotations

import pytest

from bot.understanding.answers import Candidate, Outcome, next_steps, outcome

WASHER = frozenset({"washing_machine"})
FRIDGE = frozenset({"refrigerator"})
ANY: frozenset[str] = frozenset()


@pytest.mark.parametrize(
    ("candidates", "asked_before", "expected"),
    [
        ([(0.9, WASHER), (0.5, WASHER)], False, Outcome("answer")),
        # A runner-up nearly as good is offered beside the answer, not asked about.
        ([(0.9, WASHER), (0.83, WASHER)], False, Outcome("answer", (1,))),
        ([(0.9, WASHER), (0.83, ANY)], False, Outcome("answer", (1,))),
        ([(0.9, ANY), (0.88, ANY), (0.87, ANY)], False, Outcome("answer", (1,))),
        ([(0.9, WASHER), (0.7, WASHER)], False, Outcome("answer", (1,))),
        ([(1.5, WASHER), (0.95, WASHER)], False, Outcome("answer", (1,))),
        ([(1.5, WASHER), (0.85, WASHER)], False, Outcome("answer")),
        # A runner-up that does not answer well enough is not offered.
        ([(0.7, WASHER), (0.5, WASHER)], False, Outcome("answer")),
        # As good, about other appliances: the customer chooses.
        (
            [(0.9, WASHER), (0.85, FRIDGE), (0.84, ANY), (0.6, FRIDGE)],
            False,
            Outcome("choose", (0, 1)),
        ),
        (
            [(0.9, WASHER), (0.85, FRIDGE), (0.84, FRIDGE | WASHER)],
            False,
            Outcome("choose", (0, 1)),
        ),
        ([(0.9, WASHER), (0.8, FRIDGE)], False, Outcome("answer", (1,))),
        ([(2.0, WASHER), (1.9, FRIDGE)], False, Outcome("choose", (0, 1))),
        ([(2.0, WASHER), (1.7, FRIDGE)], False, Outcome("answer", (1,))),
        ([(0.55, ANY)], False, Outcome("answer")),
        ([(0.54, ANY), (0.53, ANY)], False, Outcome("ask_detail")),
        ([], False, Outcome("ask_detail")),
        ([(0.3, ANY)], True, Outcome("no_match")),
        ([], True, Outcome("no_match")),
        # Asked before, and now a good answer.
        ([(0.8, ANY)], True, Outcome("answer")),
    ],
)
def test_outcome(
    candidates: list[tuple[float, frozenset[str]]], asked_before: bool, expected: Outcome
) -> None:
    found = [Candidate(score, categories) for score, categories in candidates]
    assert outcome(found, asked_before=asked_before) == expected


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
