"""Service windows: the two-hour (or so) slots in which a technician visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final, Literal

from bot.clock import SERVICE_TZ
from bot.language import Language
from bot.texts import render

__all__ = ["DEFAULT_WINDOW_HOURS", "SERVICE_TZ", "DayPart", "Window", "day_part"]


DEFAULT_WINDOW_HOURS: Final = 2

DayPart = Literal["morning", "afternoon", "evening"]


def day_part(start: datetime) -> DayPart:
    """Names the part of the day a window starting at ``start`` belongs to.

    Morning windows start before 12:00, afternoon ones from 12:00 to 17:59, evening
    ones at 18:00 or later (local service time).
    """
    hour = start.astimezone(SERVICE_TZ).hour
    if hour < 12:
        return "morning"
    if hour < 18:
        return "afternoon"
    return "evening"


@dataclass(frozen=True, order=True)
class Window:
    """A visit window ``[start, end)``, both aware and in :data:`SERVICE_TZ`.

    Attributes:
        start: When the technician may arrive from.
        end: When the technician arrives at the latest.
    """

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("window times must be timezone-aware")
        if self.end <= self.start:
            raise ValueError("a window must end after it starts")
        object.__setattr__(self, "start", self.start.astimezone(SERVICE_TZ))
        object.__setattr__(self, "end", self.end.astimezone(SERVICE_TZ))

    @property
    def key(self) -> str:
        """The start in ISO 8601 (``2026-12-03T08:00+08:00``), for button payloads."""
        return self.start.isoformat(timespec="minutes")

    @classmethod
    def from_key(cls, key: str, *, hours: int = DEFAULT_WINDOW_HOURS) -> Window:
        """Rebuilds a window from its :attr:`key`.

        The key holds only the start; the services go by the start and use the
        network's window length, so ``hours`` matters only for display.

        Raises:
            ValueError: The key is not an aware ISO 8601 date and time.
        """
        start = datetime.fromisoformat(key.strip())
        if start.tzinfo is None:
            raise ValueError(f"window key {key!r} has no UTC offset")
        return cls(start, start + timedelta(hours=hours))

    @property
    def part(self) -> DayPart:
        """The part of the day the window belongs to."""
        return day_part(self.start)

    def label(self, language: Language = "zh") -> str:
        """How the window is shown: ``12月3日（周四）08:00–10:00`` / ``Thu 3 Dec, 08:00–10:00``."""
        return render(
            "window_label",
            language,
            weekday=render("weekday_names", language).split()[self.start.weekday()],
            day=self.start.day,
            month=render("month_abbreviations", language).split()[self.start.month - 1],
            start=f"{self.start:%H:%M}",
            end=f"{self.end:%H:%M}",
        )
