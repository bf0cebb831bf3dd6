from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.repairs import SERVICE_TZ, Window
from bot.repairs.shifts import Shift, parse_hours


def test_service_time_is_utc_plus_8() -> None:
    assert SERVICE_TZ.utcoffset(None) == timedelta(hours=8)


def test_window_key_round_trips_and_is_in_service_time() -> None:
    start_utc = datetime(2026, 12, 3, 0, 0, tzinfo=timezone.utc)
    window = Window(start_utc, start_utc + timedelta(hours=2))
    assert window.start.utcoffset() == timedelta(hours=8)
    assert window.key == "2026-12-03T08:00+08:00"
    again = Window.from_key(window.key)
    assert again == window
    assert again.end == datetime(2026, 12, 3, 10, 0, tzinfo=SERVICE_TZ)
    assert Window.from_key(window.key, hours=3).end.hour == 11
    assert window.part == "morning"
    assert window.label("zh") == "12月3日（周四）08:00–10:00"
    assert window.label("en") == "Thu 3 Dec, 08:00–10:00"


@pytest.mark.parametrize(
    ("hour", "part"),
    [
        (8, "morning"),
        (11, "morning"),
        (12, "afternoon"),
        (17, "afternoon"),
        (18, "evening"),
        (20, "evening"),
    ],
)
def test_day_parts(hour: int, part: str) -> None:
    start = datetime(2026, 12, 3, hour, tzinfo=SERVICE_TZ)
    assert Window(start, start + timedelta(hours=2)).part == part


def test_bad_windows_and_keys_are_refused() -> None:
    start = datetime(2026, 12, 3, 8, tzinfo=SERVICE_TZ)
    with pytest.raises(ValueError, match="aware"):
        Window(start.replace(tzinfo=None), start.replace(tzinfo=None))
    with pytest.raises(ValueError, match="end after"):
        Window(start, start)
    with pytest.raises(ValueError, match="UTC offset"):
        Window.from_key("2026-12-03T08:00")
    with pytest.raises(ValueError, match="Invalid isoformat"):
        Window.from_key("tomorrow")


def test_shift_windows_are_back_to_back_on_working_days_only() -> None:
    shift = Shift(frozenset({3}), *parse_hours("08:00-14:00"))  # Thursdays
    windows = shift.windows_on(date(2026, 12, 3), 2)
    assert [w.key[11:16] for w in windows] == ["08:00", "10:00", "12:00"]
    assert shift.windows_on(date(2026, 12, 4), 2) == []
    assert shift.works(windows[1], 2)
    odd = Window.from_key("2026-12-03T09:00+08:00")
    assert not shift.works(odd, 2)
    assert parse_hours("00:00-24:00") == (0, 1440)
