"""The one clock: every date and time decision reads it, in the service's time zone.

A warranty check, a booking quote and a complaint's due time must agree on what "today"
is, also around midnight. They all take the time from a :class:`Clock`, built once by the
composition root (:mod:`bot.runtime`); tests pass a :class:`FixedClock`.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Final, Protocol

__all__ = ["SERVICE_TZ", "Clock", "FixedClock", "SystemClock"]

#: The service network's time zone (China Standard Time, no daylight saving).
SERVICE_TZ: Final = timezone(timedelta(hours=8))


class Clock(Protocol):
    """Tells the time in the service's time zone."""

    def now(self) -> datetime:
        """The current moment, timezone-aware, in the service's time zone."""
        ...

    def today(self) -> date:
        """The service's current calendar day."""
        ...


class SystemClock:
    """The machine's clock, read in ``tz``.

    Args:
        tz: The service's time zone.
    """

    def __init__(self, tz: timezone = SERVICE_TZ) -> None:
        self._tz = tz

    def now(self) -> datetime:
        """The current moment in the service's time zone."""
        return datetime.now(self._tz)

    def today(self) -> date:
        """Today's date in the service's time zone."""
        return self.now().date()


class FixedClock:
    """A clock that shows one moment until it is moved: for tests and replays.

    Args:
        moment: An aware datetime; it is shown in the service's time zone.
    """

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("a clock's moment must be timezone-aware")
        self._moment = moment.astimezone(SERVICE_TZ)

    def now(self) -> datetime:
        """The fixed moment."""
        return self._moment

    def today(self) -> date:
        """The fixed moment's date in the service's time zone."""
        return self._moment.date()

    def advance(self, delta: timedelta) -> None:
        """Moves the clock forward by ``delta``."""
        self._moment += delta
