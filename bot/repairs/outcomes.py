"""Visit outcomes, recorded by agents, and the first-visit fix rate."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time

from sqlalchemy import case, func, select

from bot.db import UowFactory, write_transaction
from bot.repairs.errors import BookingClosed, BookingNotFound
from bot.repairs.lookup import load_booking, stored_view
from bot.repairs.models import BookingRecord, WindowClaim
from bot.repairs.view import Booking
from bot.repairs.windows import SERVICE_TZ

__all__ = ["first_visit_fix_rate", "record_outcome"]


def record_outcome(
    uow_factory: UowFactory,
    reference: str,
    *,
    fixed_first_visit: bool,
    parts_used: Sequence[str],
    now: datetime,
) -> Booking:
    """Records how a visit went and completes the booking (agent side, no phone).

    Recording again corrects the outcome of a completed booking.

    Args:
        uow_factory: Opens units of work.
        reference: The booking reference, in any form.
        fixed_first_visit: Whether the fault was fixed on this visit.
        parts_used: Names of the spare parts used (blank names are dropped).
        now: The current time (aware).

    Raises:
        BookingNotFound: No booking has that reference.
        BookingClosed: The booking was cancelled.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        record = load_booking(session, reference, lock=True)
        if record is None:
            raise BookingNotFound(f"no booking {reference!r}")
        if record.status == "cancelled":
            raise BookingClosed(record.reference, record.status)
        claim = session.get(WindowClaim, record.id)
        if claim is not None:
            session.delete(claim)
        record.status = "completed"
        record.fixed_first_visit = fixed_first_visit
        record.parts_used = [p.strip() for p in parts_used if p.strip()]
        record.completed_at = record.completed_at or now
        record.updated_at = now
        session.flush()
        booking = stored_view(session, record)
        uow.commit()
        return booking


def first_visit_fix_rate(uow_factory: UowFactory, since: date | None = None) -> float | None:
    """Share of completed visits fixed on the first visit.

    Args:
        uow_factory: Opens units of work.
        since: Count only visits whose window is on or after this day (service time).

    Returns:
        A number from 0 to 1, or ``None`` when no visit is completed.
    """
    statement = select(
        func.count(),
        func.coalesce(func.sum(case((BookingRecord.fixed_first_visit.is_(True), 1), else_=0)), 0),
    ).where(BookingRecord.status == "completed")
    if since is not None:
        statement = statement.where(
            BookingRecord.window_start >= datetime.combine(since, time(0), tzinfo=SERVICE_TZ)
        )
    with uow_factory() as uow:
        completed, fixed = uow.session.execute(statement).one()
    return None if not completed else int(fixed) / int(completed)
