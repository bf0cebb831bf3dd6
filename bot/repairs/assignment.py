"""Which technician takes a window, and what to offer when nobody can."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import UowFactory
from bot.repairs.availability import free_windows_in, qualified_technicians, shift_of
from bot.repairs.errors import WindowTaken
from bot.repairs.models import TechnicianRecord, WindowClaim
from bot.repairs.windows import Window

__all__ = ["ALTERNATIVES", "candidates", "window_taken"]

ALTERNATIVES: Final = 5
"""How many other windows are offered when the chosen one is taken."""


def candidates(
    session: Session,
    region: str,
    category: str,
    window: Window,
    window_hours: int,
    tried: set[str],
    prefer: str | None = None,
) -> list[TechnicianRecord]:
    """Qualified technicians working the window who seem free, ``prefer`` first.

    Reading the claims only spares useless attempts; the unique constraint on the
    claim is what guarantees that nobody is booked twice.

    Args:
        session: The session of the booking transaction (technicians are row-locked).
        region: Region code.
        category: Product category.
        window: The exact window.
        window_hours: The network's window length.
        tried: Technicians whose claim on the window just failed; they are skipped.
        prefer: A technician to try first (the booking's own, when rescheduling).
    """
    working = [
        t
        for t in qualified_technicians(session, region, category, lock=True)
        if t.id not in tried and shift_of(t).works(window, window_hours)
    ]
    if not working:
        return []
    claimed = set(
        session.scalars(
            select(WindowClaim.technician_id).where(
                WindowClaim.window_start == window.start,
                WindowClaim.technician_id.in_([t.id for t in working]),
            )
        )
    )
    free = [t for t in working if t.id not in claimed]
    return sorted(free, key=lambda t: t.id != prefer)


def window_taken(
    uow_factory: UowFactory,
    region: str,
    category: str,
    window: Window,
    now: datetime,
    exclude_booking: str | None = None,
) -> WindowTaken:
    """The error for a window nobody can take, with up to five other free windows.

    Windows after the requested one come first; when there are none, the soonest.
    """
    later: list[Window] = []
    with uow_factory() as uow:
        for after in (window.start, None):
            later = free_windows_in(
                uow.session,
                region=region,
                category=category,
                now=now,
                limit=ALTERNATIVES,
                exclude_booking=exclude_booking,
                after=after,
            )
            if later:
                break
    return WindowTaken([w for w in later if w.start != window.start])
