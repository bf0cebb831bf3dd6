"""Which windows are offered, and how the answer to "which window?" is read."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import pytest

from bot.repairs import SERVICE_TZ, Preference, Window
from bot.repairs.offering import Offer, WindowChoice, choose_offer, read_choice

#: Thursday 3 December 2026, 13:30 service time.
NOW = datetime(2026, 12, 3, 13, 30, tzinfo=SERVICE_TZ)


def _window(day: int, hour: int) -> Window:
    start = datetime(2026, 12, day, hour, tzinfo=SERVICE_TZ)
    return Window(start, start + timedelta(hours=2))


#: The free windows: Thursday afternoon, Friday morning and afternoon.
FREE = (_window(3, 14), _window(4, 8), _window(4, 14))


def _free(preference: Preference | None) -> Sequence[Window]:
    return [w for w in FREE if preference is None or preference.matches(w)]


def _nothing(preference: Preference | None) -> Sequence[Window]:
    return []


@pytest.mark.parametrize(
    ("preference", "offer"),
    [
        (None, Offer(FREE)),
        (Preference(part="afternoon"), Offer((FREE[0], FREE[2]))),
        (Preference(day=NOW.date() + timedelta(days=1)), Offer(FREE[1:])),
        (Preference(part="evening"), Offer(FREE, preference_unmatched=True)),
    ],
)
def test_the_offer_follows_the_preference_else_the_soonest(
    preference: Preference | None, offer: Offer
) -> None:
    assert choose_offer(_free, preference) == offer


@pytest.mark.parametrize(
    ("preference", "offer"),
    [(None, Offer(())), (Preference(part="evening"), Offer((), preference_unmatched=True))],
)
def test_nothing_free_is_an_empty_offer(preference: Preference | None, offer: Offer) -> None:
    assert choose_offer(_nothing, preference) == offer


def _read(value: str, text: str | None = None, horizon: int = 30) -> WindowChoice:
    return read_choice(
        value,
        value if text is None else text,
        NOW,
        horizon_days=horizon,
        free=lambda window: window in FREE,
    )


@pytest.mark.parametrize(
    ("value", "choice"),
    [
        ("2026-12-04T08:00+08:00", WindowChoice(window=_window(4, 8))),
        ("2026-12-03T14:00+08:00", WindowChoice(window=_window(3, 14))),
        ("2026-12-03T08:00+08:00", WindowChoice(problem="window_in_past")),
        ("2026-12-03T13:30+08:00", WindowChoice(problem="window_in_past")),
        ("2026-12-05T10:00+08:00", WindowChoice(problem="window_just_taken")),
        ("明天下午", WindowChoice(preference="明天下午")),
        ("tomorrow afternoon", WindowChoice(preference="tomorrow afternoon")),
        ("今天上午", WindowChoice(problem="preference_in_past")),
        ("yesterday", WindowChoice(problem="preference_in_past")),
        ("2026-11-30", WindowChoice(problem="preference_in_past")),
        ("2027-01-20", WindowChoice(problem="preference_too_far")),
        ("随便吧", WindowChoice(problem="window_not_understood")),
        ("whatever works", WindowChoice(problem="window_not_understood")),
    ],
)
def test_reading_the_choice(value: str, choice: WindowChoice) -> None:
    assert _read(value) == choice


def test_a_typed_time_is_read_from_the_text_not_the_value() -> None:
    assert _read("", text="周六上午") == WindowChoice(preference="周六上午")


def test_the_horizon_is_given_with_the_choice() -> None:
    assert _read("2027-01-20", horizon=60) == WindowChoice(preference="2027-01-20", horizon_days=60)
    assert _read("2027-03-20", horizon=60) == WindowChoice(
        problem="preference_too_far", horizon_days=60
    )
