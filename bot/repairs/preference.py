"""The customer's preferred visit time, read from what they typed in Chinese or English."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from bot.parsing import MONTHS
from bot.repairs.errors import PreferenceInPast, PreferenceTooFar
from bot.repairs.windows import SERVICE_TZ, DayPart, Window

__all__ = ["Preference", "check_preference", "parse_preference"]

_PART_END_HOUR: Final[dict[DayPart, int]] = {"morning": 12, "afternoon": 18, "evening": 24}
_MONTH_WORD: Final = "|".join(sorted(MONTHS, key=len, reverse=True))
_EN_WEEKDAYS: Final = {
    name: number
    for number, names in enumerate(
        (
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "weds", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday", "weekend"),
            ("sun", "sunday"),
        )
    )
    for name in names
}
_EN_WEEKDAY_WORD: Final = "|".join(sorted(_EN_WEEKDAYS, key=len, reverse=True))
_ZH_WEEKDAYS: Final = {
    "一": 0,
    "二": 1,
    "三": 2,
    "四": 3,
    "五": 4,
    "六": 5,
    "日": 6,
    "天": 6,
    "末": 5,
}
_ZH_DIGITS: Final = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_ZH_DIGITS_2: Final = {"六": 6, "七": 7, "八": 8, "九": 9}
_NUM: Final = r"(\d{1,2}|[一二两三四五六七八九十]{1,3})"
_B: Final = r"(?<![a-z])"  # word boundaries for English words that may touch Chinese text
_E: Final = r"(?![a-z])"

_ZH_RELATIVE: Final = (
    ("大后天", 3),
    ("后天", 2),
    ("明天", 1),
    ("明日", 1),
    ("明早", 1),
    ("明晚", 1),
    ("今天", 0),
    ("今日", 0),
    ("大前天", -3),
    ("前天", -2),
    ("昨天", -1),
    ("昨日", -1),
    ("昨晚", -1),
    ("今早", 0),
    ("今晚", 0),
)
_EN_RELATIVE: Final = (
    (rf"{_B}(?:the\s+)?day\s+after\s+tomorrow{_E}", 2),
    (rf"{_B}(?:tomorrow|tmrw?|tomorow){_E}", 1),
    (rf"{_B}(?:today|tonight){_E}", 0),
    (rf"{_B}(?:the\s+)?day\s+before\s+yesterday{_E}", -2),
    (rf"{_B}(?:yesterday|last\s+night){_E}", -1),
)
_PARTS: Final[tuple[tuple[DayPart, tuple[str, ...]], ...]] = (
    ("afternoon", ("下午", "中午", "午后", "afternoon", "noon", "lunchtime")),
    ("morning", ("上午", "早上", "早晨", "清早", "一早", "明早", "今早", "morning")),
    ("evening", ("晚上", "傍晚", "今晚", "明晚", "晚间", "夜里", "evening", "tonight")),
)


@dataclass(frozen=True)
class Preference:
    """When the customer would like the visit; either part may be unknown.

    Attributes:
        day: The preferred day (local service time).
        part: The preferred part of the day.
    """

    day: date | None = None
    part: DayPart | None = None

    def matches(self, window: Window) -> bool:
        """Whether a window fits this preference."""
        if self.day is not None and window.start.astimezone(SERVICE_TZ).date() != self.day:
            return False
        return self.part is None or window.part == self.part


def _zh_number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    digits = {**_ZH_DIGITS, **_ZH_DIGITS_2}
    if "十" not in text:
        return digits.get(text) if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if (tens and tens not in digits) or (ones and ones not in digits):
        return None
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_day(month: int | None, day: int | None, today: date) -> date | None:
    """This year's date, or next year's when this year's is more than a month gone."""
    if month is None or day is None:
        return None
    this_year = _valid(today.year, month, day)
    if this_year is not None and this_year >= today - timedelta(days=31):
        return this_year
    return _valid(today.year + 1, month, day)


def _day_of_month(day: int | None, today: date) -> date | None:
    """The next date (today included) with that day of the month."""
    if day is None or not 1 <= day <= 31:
        return None
    year, month = today.year, today.month
    for _ in range(3):
        candidate = _valid(year, month, day)
        if candidate is not None and candidate >= today:
            return candidate
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _weekday(weekday: int, modifier: str, today: date) -> date:
    monday = today - timedelta(days=today.weekday())
    if modifier in ("下", "下个", "next"):
        return monday + timedelta(days=7 + weekday)
    if modifier == "下下":
        return monday + timedelta(days=14 + weekday)
    if modifier in ("这", "这个", "本"):
        return monday + timedelta(days=weekday)
    return today + timedelta(days=(weekday - today.weekday()) % 7)


def _day(t: str, today: date) -> date | None:
    if m := re.search(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", t):
        return _valid(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := re.search(rf"{_NUM}\s*月\s*{_NUM}\s*[日号]?", t):
        return _month_day(_zh_number(m.group(1)), _zh_number(m.group(2)), today)
    if m := re.search(rf"{_B}({_MONTH_WORD})\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?(?!\d)", t):
        return _month_day(MONTHS[m.group(1)], int(m.group(2)), today)
    if m := re.search(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:of\s+)?({_MONTH_WORD}){_E}", t):
        return _month_day(MONTHS[m.group(2)], int(m.group(1)), today)
    for word, ahead in _ZH_RELATIVE:
        if word in t:
            return today + timedelta(days=ahead)
    for pattern, ahead in _EN_RELATIVE:
        if re.search(pattern, t):
            return today + timedelta(days=ahead)
    if m := re.search(r"(下下|下个|下|这个|这|本)?\s*(?:周|星期|礼拜)\s*([一二三四五六日天末])", t):
        return _weekday(_ZH_WEEKDAYS[m.group(2)], m.group(1) or "", today)
    if m := re.search(rf"{_B}(?:(next|this|coming)\s+)?({_EN_WEEKDAY_WORD}){_E}", t):
        return _weekday(_EN_WEEKDAYS[m.group(2)], m.group(1) or "", today)
    if m := re.search(rf"(?<![月\d]){_NUM}\s*[日号]", t):
        return _day_of_month(_zh_number(m.group(1)), today)
    if m := re.search(rf"(?<!\d)(\d{{1,2}})(?:st|nd|rd|th){_E}", t):
        return _day_of_month(int(m.group(1)), today)
    return None


def _part(t: str) -> DayPart | None:
    for part, words in _PARTS:
        for word in words:
            found = re.search(rf"{_B}{word}{_E}", t) if word.isascii() else word in t
            if found:
                return part
    return None


def parse_preference(text: str, now: datetime) -> Preference | None:
    """Reads a preferred day and part of the day.

    Understands, in Chinese, 今天/明天/后天/大后天, 周六/星期六/礼拜六, 下周一, 这周五,
    上午/早上/中午/下午/晚上/傍晚, 12月3日, 12月3号, 3号 and ``2026-12-03``; in English,
    today/tomorrow/day after tomorrow, (this/next) saturday or sat, on the 3rd, Dec 3,
    3 December, morning/afternoon/evening, and combinations ("tomorrow afternoon").

    Conventions: a bare weekday is the next such day, today included; 下周X and
    "next X" are that day in the next calendar week (Monday to Sunday); 这周X is that
    day of this calendar week, which may be past. A month and day is this year's
    unless that was more than a month ago; a bare day of the month is the next such
    date. 中午 counts as afternoon (windows starting at 12:00).

    Args:
        text: What the customer typed.
        now: The current time (aware); "today" is its date in service time.

    Returns:
        The preference, or ``None`` when the text names no day and no part of a day.
    """
    t = unicodedata.normalize("NFKC", text).casefold()
    today = now.astimezone(SERVICE_TZ).date()
    day = _day(t, today)
    part = _part(t)
    if day is None and part is None:
        return None
    return Preference(day, part)


def check_preference(preference: Preference, now: datetime, horizon_days: int) -> None:
    """Checks that a preference can be served at all.

    Raises:
        PreferenceInPast: The day, or that part of today, is over.
        PreferenceTooFar: The day is more than ``horizon_days`` after today.
    """
    local = now.astimezone(SERVICE_TZ)
    today = local.date()
    if preference.day is None:
        return
    if preference.day < today:
        raise PreferenceInPast(f"{preference.day} is in the past")
    part = preference.part
    if preference.day == today and part is not None and local.hour >= _PART_END_HOUR[part]:
        raise PreferenceInPast(f"the {preference.part} of {today} is over")
    if preference.day > today + timedelta(days=horizon_days):
        raise PreferenceTooFar(
            f"{preference.day} is more than {horizon_days} days ahead", horizon_days
        )
