"""Finding bookings: by the customer (reference and phone), by agents, and by day."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import UowFactory
from bot.phone import normalise_phone
from bot.references import parse_repair_reference
from bot.repairs.errors import BookingClosed, BookingNotFound
from bot.repairs.models import BookingRecord, TechnicianRecord
from bot.repairs.view import Booking, booking_view
from bot.repairs.windows import SERVICE_TZ

__all__ = [
    "customers_booking",
    "find_booking",
    "get_booking",
    "list_bookings",
    "load_booking",
    "stored_view",
]


def load_booking(session: Session, reference: str, *, lock: bool = False) -> BookingRecord | None:
    """The stored booking with a reference typed in any form, optionally row-locked."""
    canonical = parse_repair_reference(reference)
    if canonical is None:
        return None
    statement = select(BookingRecord).where(BookingRecord.reference == canonical)
    if lock:
        statement = statement.with_for_update()
    return session.scalars(statement).one_or_none()


def stored_view(session: Session, record: BookingRecord) -> Booking:
    """The view of a stored booking, its technician read in the same session."""
    return booking_view(record, session.get_one(TechnicianRecord, record.technician_id))


def _phone_matches(record: BookingRecord, phone: str) -> bool:
    normalised = normalise_phone(phone)
    return normalised is not None and record.phone == normalised


def customers_booking(session: Session, reference: str, phone: str) -> BookingRecord:
    """The customer's open booking, row-locked, if the phone matches.

    Raises:
        BookingNotFound: No such booking, or the phone does not match (the same).
        BookingClosed: The booking is cancelled or completed.
    """
    record = load_booking(session, reference, lock=True)
    if record is None or not _phone_matches(record, phone):
        raise BookingNotFound(f"no booking {reference!r} for that phone number")
    if record.status != "booked":
        raise BookingClosed(record.reference, record.status)
    return record


def find_booking(uow_factory: UowFactory, reference: str, phone: str) -> Booking | None:
    """The customer's booking, if the reference and the phone both match.

    The reference may be typed in any case, with or without the dash or spaces. A
    wrong phone gives ``None``, exactly like an unknown reference.
    """
    with uow_factory() as uow:
        record = load_booking(uow.session, reference)
        if record is None or not _phone_matches(record, phone):
            return None
        return stored_view(uow.session, record)


def get_booking(uow_factory: UowFactory, reference: str) -> Booking | None:
    """A booking by reference alone, for agents (no phone check)."""
    with uow_factory() as uow:
        record = load_booking(uow.session, reference)
        return None if record is None else stored_view(uow.session, record)


def list_bookings(uow_factory: UowFactory, since: date) -> list[Booking]:
    """Every booking whose window is on or after ``since`` (service time), by window."""
    start = datetime.combine(since, time(0), tzinfo=SERVICE_TZ)
    with uow_factory() as uow:
        rows = uow.session.execute(
            select(BookingRecord, TechnicianRecord)
            .join(TechnicianRecord, TechnicianRecord.id == BookingRecord.technician_id)
            .where(BookingRecord.window_start >= start)
            .order_by(BookingRecord.window_start, BookingRecord.reference)
        )
        return [booking_view(record, technician) for record, technician in rows]
