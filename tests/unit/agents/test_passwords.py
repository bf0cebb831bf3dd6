"""Password hashing with argon2, and the back-off after failed logins."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher

from bot.agents.passwords import hash_password, needs_rehash, verify_nothing, verify_password
from bot.agents.throttle import backoff, wait_seconds

PASSWORD = "correct horse battery"


def test_a_hash_is_argon2id_salted_and_not_the_password() -> None:
    first, second = hash_password(PASSWORD), hash_password(PASSWORD)
    assert first.startswith("$argon2id$")
    assert PASSWORD not in first
    assert first != second  # a new salt every time


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (PASSWORD, True),
        ("correct horse batterY", False),
        (PASSWORD + " ", False),
        ("", False),
        ("密码" + PASSWORD, False),
    ],
)
def test_verify_accepts_only_the_same_password(given: str, expected: bool) -> None:
    assert verify_password(hash_password(PASSWORD), given) is expected


def test_a_non_ascii_password_verifies() -> None:
    assert verify_password(hash_password("我的密码是很长的一句话"), "我的密码是很长的一句话")


@pytest.mark.parametrize("stored", ["", "not a hash", "$argon2id$v=19$broken"])
def test_verify_refuses_an_invalid_hash_without_raising(stored: str) -> None:
    assert verify_password(stored, PASSWORD) is False


def test_a_hash_with_current_parameters_needs_no_rehash() -> None:
    assert needs_rehash(hash_password(PASSWORD)) is False


def test_a_hash_with_weaker_parameters_needs_a_rehash() -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    assert verify_password(weak, PASSWORD)
    assert needs_rehash(weak) is True


def test_verify_nothing_accepts_any_password() -> None:
    verify_nothing(PASSWORD)
    verify_nothing("")


@pytest.mark.parametrize(
    ("failures", "seconds"),
    [
        *[(0, 0), (4, 0), (5, 30), (6, 60), (7, 120), (8, 240), (9, 480)],
        *[(10, 900), (11, 900), (15, 900), (16, 900), (10_000, 900)],
    ],
)
def test_backoff_starts_at_the_fifth_failure_doubles_and_is_capped(
    failures: int, seconds: int
) -> None:
    assert backoff(failures) == timedelta(seconds=seconds)


AT = datetime(2025, 3, 1, 9, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    ("failures", "last", "after", "left"),
    [
        (5, None, 0, 0.0),
        (4, AT, 0, 0.0),
        (5, AT, 0, 30.0),
        (5, AT, 29, 1.0),
        (5, AT, 30, 0.0),
        (6, AT, 45, 15.0),
        (12, AT, 899, 1.0),
    ],
)
def test_wait_seconds_counts_from_the_last_failure(
    failures: int, last: datetime | None, after: int, left: float
) -> None:
    assert wait_seconds(failures, last, AT + timedelta(seconds=after)) == left
