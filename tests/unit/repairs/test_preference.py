from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.repairs import (
    SERVICE_TZ,
    Preference,
    PreferenceError,
    PreferenceInPast,
    PreferenceTooFar,
    Window,
    check_preference,
    parse_preference,
)

# Wednesday 25 November 2026, 10:30 in China.
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=SERVICE_TZ)
D = date


@pytest.mark.parametrize(
    ("text", "day", "part"),
    [
        ("今天", D(2026, 11, 25), None),
        ("明天", D(2026, 11, 26), None),
        ("后天吧", D(2026, 11, 27), None),
        ("大后天", D(2026, 11, 28), None),
        ("周六", D(2026, 11, 28), None),
        ("星期六", D(2026, 11, 28), None),
        ("礼拜六", D(2026, 11, 28), None),
        ("星期天", D(2026, 11, 29), None),
        ("周三", D(2026, 11, 25), None),
        ("下周一", D(2026, 11, 30), None),
        ("下个星期三", D(2026, 12, 2), None),
        ("这周五", D(2026, 11, 27), None),
        ("这周一", D(2026, 11, 23), None),
        ("周末", D(2026, 11, 28), None),
        ("上午", None, "morning"),
        ("早上可以", None, "morning"),
        ("中午", None, "afternoon"),
        ("下午", None, "afternoon"),
        ("晚上", None, "evening"),
        ("傍晚", None, "evening"),
        ("12月3日", D(2026, 12, 3), None),
        ("12月3号", D(2026, 12, 3), None),
        ("１２月３日", D(2026, 12, 3), None),
        ("十二月三号", D(2026, 12, 3), None),
        ("3号", D(2026, 12, 3), None),
        ("28号", D(2026, 11, 28), None),
        ("1月5日", D(2027, 1, 5), None),
        ("11月20日", D(2026, 11, 20), None),
        ("2026-12-03", D(2026, 12, 3), None),
        ("2026年12月3日上午", D(2026, 12, 3), "morning"),
        ("明天下午", D(2026, 11, 26), "afternoon"),
        ("周六上午吧", D(2026, 11, 28), "morning"),
        ("下周一晚上", D(2026, 11, 30), "evening"),
        ("今晚", D(2026, 11, 25), "evening"),
        ("明早", D(2026, 11, 26), "morning"),
        ("today", D(2026, 11, 25), None),
        ("Tomorrow", D(2026, 11, 26), None),
        ("the day after tomorrow", D(2026, 11, 27), None),
        ("saturday", D(2026, 11, 28), None),
        ("next saturday", D(2026, 12, 5), None),
        ("next monday", D(2026, 11, 30), None),
        ("this friday", D(2026, 11, 27), None),
        ("on the 3rd", D(2026, 12, 3), None),
        ("Dec 3", D(2026, 12, 3), None),
        ("December 3rd please", D(2026, 12, 3), None),
        ("3 December", D(2026, 12, 3), None),
        ("the 3rd of December", D(2026, 12, 3), None),
        ("morning", None, "morning"),
        ("in the afternoon", None, "afternoon"),
        ("evening is best", None, "evening"),
        ("tomorrow afternoon", D(2026, 11, 26), "afternoon"),
        ("sat morning", D(2026, 11, 28), "morning"),
        ("Tonight", D(2026, 11, 25), "evening"),
        ("明天 afternoon", D(2026, 11, 26), "afternoon"),
    ],
)
def test_preferences_are_read(text: str, day: date | None, part: str | None) -> None:
    assert parse_preference(text, NOW) == Preference(day, part)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text", ["", "我的洗衣机坏了", "hello", "the fridge is not cooling", "Saturnalia", "monsoon"]
)
def test_no_time_named(text: str) -> None:
    assert parse_preference(text, NOW) is None


def test_today_follows_service_time_not_utc() -> None:
    # 23:30 UTC on the 25th is already the 26th in China.
    late = datetime(2026, 11, 25, 23, 30, tzinfo=timezone.utc)
    assert parse_preference("today", late) == Preference(D(2026, 11, 26), None)


def test_a_preference_matches_windows() -> None:
    window = Window.from_key("2026-11-26T14:00+08:00")
    assert Preference(D(2026, 11, 26), "afternoon").matches(window)
    assert Preference(None, "afternoon").matches(window)
    assert Preference(D(2026, 11, 26), None).matches(window)
    assert not Preference(D(2026, 11, 26), "morning").matches(window)
    assert not Preference(D(2026, 11, 27), None).matches(window)


def test_check_preference() -> None:
    check_preference(Preference(None, "morning"), NOW, 30)
    check_preference(Preference(D(2026, 11, 25), "morning"), NOW, 30)  # 10:30: still morning
    check_preference(Preference(D(2026, 11, 25), None), NOW, 30)
    check_preference(Preference(D(2026, 12, 25), None), NOW, 30)  # the last day
    with pytest.raises(PreferenceInPast):
        check_preference(Preference(D(2026, 11, 24), None), NOW, 30)
    with pytest.raises(PreferenceInPast):
        check_preference(Preference(D(2026, 11, 25), "morning"), NOW + timedelta(hours=2), 30)
    with pytest.raises(PreferenceTooFar) as too_far:
        check_preference(Preference(D(2026, 12, 26), None), NOW, 30)
    assert too_far.value.horizon_days == 30
    assert issubclass(PreferenceInPast, PreferenceError)
    assert issubclass(PreferenceTooFar, PreferenceError)
