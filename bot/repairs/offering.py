"""Which visit windows to offer a customer, and reading the window they choose.

The soonest free windows matching the customer's preferred time are offered; when none
matches, the soonest free ones are, and the customer is told so; when nothing is free,
the offer is empty. A chosen window is kept while it is still free; a typed time is
read as a new preference, checked against today and the booking horizon.

The decisions (:func:`choose_offer`, :func:`read_choice`) are pure and take the free
windows as a function; :func:`offer_windows` and :func:`check_choice` ask the database.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Final, Literal

from bot.db import UowFactory
from bot.repairs.availability import booking_rules, free_windows
from bot.repairs.errors import PreferenceError, PreferenceInPast
from bot.repairs.preference import Preference, check_preference, parse_preference
from bot.repairs.windows import Window

__all__ = [
    "DEFAULT_HORIZON_DAYS",
    "ChoiceProblem",
    "FindWindows",
    "Offer",
    "WindowChoice",
    "check_choice",
    "choose_offer",
    "horizon_days",
    "is_free",
    "offer_windows",
    "read_choice",
]

#: How far ahead visits can be booked before any service network is loaded.
DEFAULT_HORIZON_DAYS: Final = 30
#: More windows than one day can hold, to check one day's free windows in full.
_WINDOWS_PER_DAY: Final = 96

#: The free windows matching a preference (``None``: any), soonest first.
FindWindows = Callable[[Preference | None], Sequence[Window]]
#: Why a chosen window or a typed time cannot be taken (a catalogue key).
ChoiceProblem = Literal[
    "window_in_past",
    "window_just_taken",
    "window_not_understood",
    "preference_in_past",
    "preference_too_far",
]


@dataclass(frozen=True)
class Offer:
    """The windows to offer.

    Attributes:
        windows: Soonest first; empty when nothing at all is free.
        preference_unmatched: A preference was given and no free window matches it,
            so the soonest windows are offered instead.
    """

    windows: tuple[Window, ...]
    preference_unmatched: bool = False


@dataclass(frozen=True)
class WindowChoice:
    """The customer's answer to "which window?".

    Attributes:
        window: The window chosen, still free.
        preference: The preferred time typed, to offer matching windows next.
        problem: Why nothing can be taken from the answer.
        horizon_days: How many days ahead visits can be booked.
    """

    window: Window | None = None
    preference: str | None = None
    problem: ChoiceProblem | None = None
    horizon_days: int = DEFAULT_HORIZON_DAYS


def choose_offer(find: FindWindows, preference: Preference | None) -> Offer:
    """Windows matching ``preference``, else the soonest free ones."""
    if preference is not None:
        matching = find(preference)
        if matching:
            return Offer(tuple(matching))
    return Offer(tuple(find(None)), preference_unmatched=preference is not None)


def read_choice(
    value: str,
    text: str,
    now: datetime,
    *,
    horizon_days: int,
    free: Callable[[Window], bool],
) -> WindowChoice:
    """Reads a pressed window button (``value``) or a typed preferred time (``text``).

    Args:
        value: The slot value: a window key when a button was pressed.
        text: What the customer wrote.
        now: The current time (aware).
        horizon_days: How many days ahead visits can be booked.
        free: Whether a window is still free.
    """
    try:
        window: Window | None = Window.from_key(value)
    except ValueError:
        window = None
    if window is not None:
        if window.start <= now:
            return WindowChoice(problem="window_in_past", horizon_days=horizon_days)
        if not free(window):
            return WindowChoice(problem="window_just_taken", horizon_days=horizon_days)
        return WindowChoice(window=window, horizon_days=horizon_days)
    preference = parse_preference(text, now)
    if preference is None:
        return WindowChoice(problem="window_not_understood", horizon_days=horizon_days)
    try:
        check_preference(preference, now, horizon_days)
    except PreferenceInPast:
        return WindowChoice(problem="preference_in_past", horizon_days=horizon_days)
    except PreferenceError:
        return WindowChoice(problem="preference_too_far", horizon_days=horizon_days)
    return WindowChoice(preference=text, horizon_days=horizon_days)


def offer_windows(
    uow_factory: UowFactory,
    *,
    region: str,
    category: str,
    now: datetime,
    preference_text: str | None,
    exclude_booking: str | None = None,
) -> Offer:
    """Up to five free windows for a visit, matching the preferred time if one was given.

    Args:
        uow_factory: Opens units of work.
        region: Region code.
        category: Product category.
        now: The current time (aware).
        preference_text: The customer's preferred time as typed, if any.
        exclude_booking: Reference of a booking being moved: its window is not offered.
    """
    preference = parse_preference(preference_text, now) if preference_text else None

    def find(wanted: Preference | None) -> list[Window]:
        return free_windows(
            uow_factory,
            region=region,
            category=category,
            now=now,
            preference=wanted,
            exclude_booking=exclude_booking,
        )

    return choose_offer(find, preference)


def horizon_days(uow_factory: UowFactory) -> int:
    """How many days ahead visits can be booked."""
    rules = booking_rules(uow_factory)
    return rules.booking_horizon_days if rules else DEFAULT_HORIZON_DAYS


def is_free(
    uow_factory: UowFactory,
    window: Window,
    *,
    region: str,
    category: str,
    now: datetime,
    exclude_booking: str | None = None,
) -> bool:
    """Whether ``window`` is still free (bookable and not taken) for the visit."""
    free = free_windows(
        uow_factory,
        region=region,
        category=category,
        now=now,
        preference=Preference(day=window.start.date(), part=None),
        limit=_WINDOWS_PER_DAY,
        exclude_booking=exclude_booking,
    )
    return window.start in {w.start for w in free}


def check_choice(
    uow_factory: UowFactory,
    value: str,
    text: str,
    *,
    region: str,
    category: str,
    now: datetime,
    exclude_booking: str | None = None,
) -> WindowChoice:
    """Reads the customer's answer to "which window?" against the service network."""
    return read_choice(
        value,
        text,
        now,
        horizon_days=horizon_days(uow_factory),
        free=lambda window: is_free(
            uow_factory,
            window,
            region=region,
            category=category,
            now=now,
            exclude_booking=exclude_booking,
        ),
    )
