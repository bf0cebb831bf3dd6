"""The estimated wait: from recent claim and handling times, the queue and free seats."""

from __future__ import annotations

import pytest

from bot.handoff.estimate import estimate_minutes
from tests.unit.tables import READS, Arguments, Function, check, reads


def _minutes(
    position: int, claims: tuple[float, ...], handling: tuple[float, ...], online: int, free: int
) -> int:
    return estimate_minutes(
        position,
        claim_seconds=claims,
        handling_seconds=handling,
        agents_online=online,
        free_seats=free,
    )


TABLE = reads(
    _minutes,
    # A free seat: about one claim time (median of 30, 90, 600 s is 90 s -> 2 min).
    (1, (30.0, 90.0, 600.0), (300.0,), 2, 3, 2),
    # No history: 2 minutes to claim by default.
    (1, (), (), 1, 1, 2),
    # Two beyond the free seats with two agents: one round of handling (10 min) more.
    (5, (60.0,), (600.0,), 2, 3, 11),
    # Three beyond with two agents: two rounds.
    (6, (60.0,), (600.0,), 2, 3, 21),
    # Nobody online yet counts as one agent with no free seat.
    (1, (60.0,), (600.0,), 0, 0, 11),
    # Never less than a minute.
    (1, (1.0,), (1.0,), 3, 9, 1),
    name="estimate_minutes",
)


@pytest.mark.parametrize(READS, TABLE)
def test_estimates(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)
