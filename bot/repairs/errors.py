"""Exceptions of the repair-visit domain; every one subclasses :class:`RepairsError`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.phone import InvalidPhone

if TYPE_CHECKING:
    from bot.repairs.windows import Window

__all__ = [
    "BookingClosed",
    "BookingNotFound",
    "InvalidBookingPhone",
    "InvalidPhone",
    "InvalidRequest",
    "PreferenceError",
    "PreferenceInPast",
    "PreferenceTooFar",
    "RepairsError",
    "ServiceNetworkError",
    "WindowTaken",
]


class RepairsError(Exception):
    """Base class of every error raised by :mod:`bot.repairs`."""


class ServiceNetworkError(RepairsError):
    """The service network cannot be loaded or imported.

    Attributes:
        problems: Every problem found, each naming the file and the item.
    """

    def __init__(self, problems: list[str]) -> None:
        super().__init__(
            f"{len(problems)} problem(s) in the service network:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
        self.problems = problems


class PreferenceError(RepairsError):
    """The customer's preferred time cannot be served."""


class PreferenceInPast(PreferenceError):  # noqa: N818 - the API's agreed names
    """The preferred day (or part of today) is already over."""


class PreferenceTooFar(PreferenceError):  # noqa: N818 - the API's agreed names
    """The preferred day lies beyond the booking horizon.

    Attributes:
        horizon_days: How many days ahead visits can be booked.
    """

    def __init__(self, message: str, horizon_days: int) -> None:
        super().__init__(message)
        self.horizon_days = horizon_days


class InvalidRequest(RepairsError):  # noqa: N818 - the API's agreed names
    """A booking request has a missing or invalid field."""


class InvalidBookingPhone(InvalidRequest, InvalidPhone):
    """The phone number of a booking request is not a valid phone number.

    Both an :class:`InvalidRequest` (so a :class:`RepairsError`) and the one
    :class:`bot.phone.InvalidPhone`.
    """


class WindowTaken(RepairsError):  # noqa: N818 - the API's agreed names
    """No qualified technician is free in the requested window any more.

    Attributes:
        alternatives: Up to five other free windows, soonest first (may be empty).
    """

    def __init__(self, alternatives: list[Window]) -> None:
        super().__init__(
            "the window is no longer available"
            + (f"; {len(alternatives)} alternative(s) offered" if alternatives else "")
        )
        self.alternatives = alternatives


class BookingNotFound(RepairsError):  # noqa: N818 - the API's agreed names
    """No booking has that reference (or the phone does not match)."""


class BookingClosed(RepairsError):  # noqa: N818 - the API's agreed names
    """The booking is cancelled or completed and can no longer be changed.

    Attributes:
        status: The booking's status (``cancelled`` or ``completed``).
    """

    def __init__(self, reference: str, status: str) -> None:
        super().__init__(f"booking {reference} is {status}")
        self.reference = reference
        self.status = status
