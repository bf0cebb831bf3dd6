"""Which visit windows are still free, and which technicians could take one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import UowFactory, in_unit_of_work
from bot.references import parse_repair_reference
from bot.repairs.models import (
    BookingRecord,
    NetworkSettings,
    RegionRecord,
    TechnicianRecord,
    WindowClaim,
)
from bot.repairs.preference import Preference
from bot.repairs.shifts import Shift
from bot.repairs.windows import SERVICE_TZ, Window

__all__ = [
    "BookingRules",
    "bookable",
    "booking_rules",
    "free_windows",
    "free_windows_in",
    "network_settings",
    "qualified_technicians",
    "shift_of",
]


@dataclass(frozen=True)
class BookingRules:
    """The booking rules of the imported network.

    Attributes:
        window_hours: Length of a visit window.
        booking_horizon_days: How many days after today visits can be booked.
        min_lead_hours: Minimum time between booking and the start of the window.
    """

    window_hours: int
    booking_horizon_days: int
    min_lead_hours: int


def booking_rules(uow_factory: UowFactory) -> BookingRules | None:
    """The booking rules in force, or ``None`` before any network was imported."""
    with uow_factory() as uow:
        settings = network_settings(uow.session)
        if settings is None:
            return None
        return BookingRules(
            settings.window_hours, settings.booking_horizon_days, settings.min_lead_hours
        )


def network_settings(session: Session) -> NetworkSettings | None:
    """The booking rules of the imported network, or ``None`` before any import."""
    return session.get(NetworkSettings, 1)


def shift_of(technician: TechnicianRecord) -> Shift:
    """The working pattern of a stored technician."""
    return Shift(frozenset(technician.days), technician.start_minute, technician.end_minute)


def qualified_technicians(
    session: Session, region: str, category: str, *, lock: bool = False
) -> list[TechnicianRecord]:
    """Active technicians of an active region who repair the category, by id.

    Args:
        session: The session of the transaction.
        region: Region code.
        category: Product category.
        lock: Lock the technicians' rows against concurrent change (``FOR SHARE`` on
            PostgreSQL), so a network import cannot change them before the booking
            transaction ends.
    """
    record = session.get(RegionRecord, region)
    if record is None or not record.active or category not in record.categories:
        return []
    statement = (
        select(TechnicianRecord)
        .where(TechnicianRecord.region_code == region, TechnicianRecord.active.is_(True))
        .order_by(TechnicianRecord.id)
    )
    if lock:
        statement = statement.with_for_update(read=True)
    return [t for t in session.scalars(statement) if category in t.categories]


def bookable(settings: NetworkSettings, window: Window, now: datetime) -> bool:
    """Whether the window respects the minimum lead time and the booking horizon."""
    last_day = now.astimezone(SERVICE_TZ).date() + timedelta(days=settings.booking_horizon_days)
    return (
        window.start >= now + timedelta(hours=settings.min_lead_hours)
        and window.start.astimezone(SERVICE_TZ).date() <= last_day
    )


def free_windows_in(
    session: Session,
    *,
    region: str,
    category: str,
    now: datetime,
    preference: Preference | None = None,
    limit: int = 5,
    exclude_booking: str | None = None,
    after: datetime | None = None,
) -> list[Window]:
    """The soonest free visit windows for a category in a region.

    A window is free when at least one active technician of the region who repairs
    the category works it and has no active booking in it. Windows start at least
    the network's minimum lead time after ``now`` and lie within the booking horizon.

    Args:
        session: The session of the transaction.
        region: Region code.
        category: Product category.
        now: The current time (aware).
        preference: Only windows matching it; none matching gives ``[]`` (the caller
            then offers the soonest ones).
        limit: At most this many windows.
        exclude_booking: Reference of a booking being rescheduled: its own window is
            not offered and its claim blocks nothing.
        after: Only windows starting later than this.

    Returns:
        The windows, soonest first; ``[]`` for an unknown region or category.
    """
    settings = network_settings(session)
    technicians = qualified_technicians(session, region, category)
    if settings is None or not technicians or limit <= 0:
        return []
    earliest = now + timedelta(hours=settings.min_lead_hours)
    if after is not None:
        earliest = max(earliest, after + timedelta(microseconds=1))
    claims = select(WindowClaim.technician_id, WindowClaim.window_start).where(
        WindowClaim.technician_id.in_([t.id for t in technicians]),
        WindowClaim.window_start >= earliest - timedelta(days=1),
    )
    own_start: datetime | None = None
    reference = parse_repair_reference(exclude_booking) if exclude_booking else None
    if reference is not None:
        own = session.scalars(
            select(BookingRecord).where(BookingRecord.reference == reference)
        ).one_or_none()
        if own is not None:
            claims = claims.where(WindowClaim.booking_id != own.id)
            own_start = own.window_start
    claimed = {(tech, start) for tech, start in session.execute(claims)}
    shifts = [(t.id, shift_of(t)) for t in technicians]

    today = now.astimezone(SERVICE_TZ).date()
    first = max(today, earliest.astimezone(SERVICE_TZ).date())
    last = today + timedelta(days=settings.booking_horizon_days)
    if preference is not None and preference.day is not None:
        if not first <= preference.day <= last:
            return []
        first = last = preference.day
    found: list[Window] = []
    day = first
    while day <= last and len(found) < limit:
        windows: set[Window] = set()
        for tech_id, shift in shifts:
            for window in shift.windows_on(day, settings.window_hours):
                if (
                    window.start >= earliest
                    and (tech_id, window.start) not in claimed
                    and window.start != own_start
                    and (preference is None or preference.matches(window))
                ):
                    windows.add(window)
        found.extend(sorted(windows))
        day += timedelta(days=1)
    return found[:limit]


free_windows = in_unit_of_work(free_windows_in)
""":func:`free_windows_in` in a unit of work of its own, opened from the factory given first."""
