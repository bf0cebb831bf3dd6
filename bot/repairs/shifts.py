"""A technician's working pattern and the service windows it yields."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final

from bot.repairs.windows import SERVICE_TZ, Window

__all__ = ["WEEKDAYS", "Shift", "parse_hours"]

WEEKDAYS: Final = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday names as written in the network file, Monday first (``date.weekday()``)."""


def parse_hours(text: str) -> tuple[int, int]:
    """Reads ``"08:00-18:00"`` as minutes after midnight, ``(480, 1080)``.

    ``24:00`` is allowed as the end.

    Raises:
        ValueError: Not two ``HH:MM`` times separated by ``-``.
    """
    parts = text.replace(" ", "").split("-")
    if len(parts) != 2:
        raise ValueError(f"hours {text!r} are not like '08:00-18:00'")
    minutes = []
    for part in parts:
        hour, sep, minute = part.partition(":")
        if not (sep and hour.isdigit() and minute.isdigit() and len(minute) == 2):
            raise ValueError(f"hours {text!r} are not like '08:00-18:00'")
        value = int(hour) * 60 + int(minute)
        if int(minute) >= 60 or value > 24 * 60:
            raise ValueError(f"hours {text!r} hold a time that does not exist")
        minutes.append(value)
    return minutes[0], minutes[1]


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Shift:
    """When a technician works: the same hours on some weekdays.

    Attributes:
        days: Weekdays worked, ``0`` for Monday.
        start: Start of the working day, minutes after midnight (local time).
        end: End of the working day, minutes after midnight (local time).
    """

    days: frozenset[int]
    start: int
    end: int

    def windows_on(self, day: date, window_hours: int) -> list[Window]:
        """The windows worked on ``day``: back to back from the start of the shift."""
        if day.weekday() not in self.days:
            return []
        midnight = datetime.combine(day, time(0), tzinfo=SERVICE_TZ)
        step = window_hours * 60
        return [
            Window(midnight + timedelta(minutes=m), midnight + timedelta(minutes=m + step))
            for m in range(self.start, self.end - step + 1, step)
        ]

    def works(self, window: Window, window_hours: int) -> bool:
        """Whether ``window`` is exactly one of this shift's windows."""
        start = window.start.astimezone(SERVICE_TZ)
        return window in self.windows_on(start.date(), window_hours)

    def describe(self) -> str:
        """``mon-fri 08:00-18:00`` style description."""
        days = ",".join(WEEKDAYS[d] for d in sorted(self.days))
        return f"{days} {_clock(self.start)}-{_clock(self.end)}"
