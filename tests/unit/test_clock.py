"""The one clock, in the service's time zone."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.clock import SERVICE_TZ, FixedClock, SystemClock


def test_the_service_day_starts_at_midnight_in_china() -> None:
    # 16:30 UTC on 2 December is 00:30 on 3 December in China: a warranty check and a
    # booking quote made then both see the 3rd.
    clock = FixedClock(datetime(2026, 12, 2, 16, 30, tzinfo=timezone.utc))
    assert clock.today() == date(2026, 12, 3)
    assert clock.now().utcoffset() == timedelta(hours=8)


def test_a_fixed_clock_moves_only_when_told() -> None:
    clock = FixedClock(datetime(2026, 12, 3, 9, 0, tzinfo=SERVICE_TZ))
    assert clock.now() == clock.now()
    clock.advance(timedelta(hours=16))
    assert clock.now() == datetime(2026, 12, 4, 1, 0, tzinfo=SERVICE_TZ)
    assert clock.today() == date(2026, 12, 4)


def test_a_naive_moment_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        FixedClock(datetime(2026, 12, 3, 9, 0))


def test_the_system_clock_reads_service_time() -> None:
    now = SystemClock().now()
    assert now.utcoffset() == timedelta(hours=8)
    assert abs(now - datetime.now(timezone.utc)) < timedelta(seconds=5)
    assert SystemClock().today() == now.date()
