from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from bot.repairs import (
    SERVICE_TZ,
    DayPart,
    Preference,
    PreferenceError,
    PreferenceInPast,
    PreferenceTooFar,
    Window,
    check_preference,
    parse_preference,
)
from tests.unit.tables import READS, Arguments, Function, check, reads

# Wednesday 25 November 2026, 10:30 in China.
NOW = datetime(2026, 11, 25, 10, 30, tzinfo=SERVICE_TZ)
D = date
#: Messages that name no time.
NO_TIME = ["", "我的洗衣机坏了", "hello", "the fridge is not cooling", "Saturnalia", "monsoon"]


def read_preference(text: str) -> Preference | None:
    """The preference ``text`` names, at :data:`NOW`."""
    return parse_preference(text, NOW)


def named(day: date | None, part: DayPart | None, *texts: str) -> list[pytest.ParameterSet]:
    """Each of ``texts`` names ``day`` and ``part`` of the day (``None``: no day, or no part)."""
    return reads(read_preference, *((text, Preference(day, part)) for text in texts))


@pytest.mark.parametrize(
    READS,
    [
        # A day...
        *named(D(2026, 11, 20), None, "11月20日"),
        *named(D(2026, 11, 23), None, "这周一"),
        *named(D(2026, 11, 25), None, "今天", "周三", "today"),
        *named(D(2026, 11, 26), None, "明天", "Tomorrow"),
        *named(D(2026, 11, 27), None, "后天吧", "这周五", "the day after tomorrow", "this friday"),
        *named(
            D(2026, 11, 28), None, "大后天", "周六", "星期六", "礼拜六", "周末", "28号", "saturday"
        ),
        *named(D(2026, 11, 29), None, "星期天"),
        *named(D(2026, 11, 30), None, "下周一", "next monday"),
        *named(D(2026, 12, 2), None, "下个星期三"),
        *named(
            D(2026, 12, 3),
            None,
            "12月3日",
            "12月3号",
            "１２月３日",
            "十二月三号",
            "3号",
            "2026-12-03",
            "on the 3rd",
            "Dec 3",
            "December 3rd please",
            "3 December",
            "the 3rd of December",
        ),
        *named(D(2026, 12, 5), None, "next saturday"),
        *named(D(2027, 1, 5), None, "1月5日"),
        # ...a part of the day...
        *named(None, "morning", "上午", "早上可以", "morning"),
        *named(None, "afternoon", "中午", "下午", "in the afternoon"),
        *named(None, "evening", "晚上", "傍晚", "evening is best"),
        # ...both...
        *named(D(2026, 11, 25), "evening", "今晚", "Tonight"),
        *named(D(2026, 11, 26), "morning", "明早"),
        *named(D(2026, 11, 26), "afternoon", "明天下午", "tomorrow afternoon", "明天 afternoon"),
        *named(D(2026, 11, 28), "morning", "周六上午吧", "sat morning"),
        *named(D(2026, 11, 30), "evening", "下周一晚上"),
        *named(D(2026, 12, 3), "morning", "2026年12月3日上午"),
        # ...or no time at all.
        *reads(read_preference, *((text, None) for text in NO_TIME)),
    ],
)
def test_preferences_are_read(function: Function, arguments: Arguments, expected: object) -> None:
    check(function, arguments, expected)


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
