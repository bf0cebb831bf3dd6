"""What the person taking over should know beyond this conversation: the customer's record.

Bookings and complaints of this conversation, and of earlier conversations with the same
phone number, and the units registered to that number: the person sees the whole story
without asking the customer for it again (一票到底).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import or_, select

from bot.complaints.models import ComplaintRecord
from bot.db import UowFactory
from bot.repairs.models import BookingRecord
from bot.warranty.models import SoldUnit

__all__ = ["CustomerRecord", "customer_record"]

#: The most references of each kind listed, newest first.
LIMIT: Final = 10


@dataclass(frozen=True)
class CustomerRecord:
    """The customer's bookings, complaints and registered units, newest first."""

    booking_references: tuple[str, ...] = ()
    complaint_references: tuple[str, ...] = ()
    units: tuple[str, ...] = ()


def customer_record(
    uow_factory: UowFactory, *, conversation_id: str, phone: str | None
) -> CustomerRecord:
    """Collects the customer's record from this conversation and the phone number.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        conversation_id: The conversation being handed over.
        phone: The customer's phone number (E.164), if known.
    """
    with uow_factory() as uow:
        session = uow.session
        booking_match = BookingRecord.conversation_id == conversation_id
        complaint_match = ComplaintRecord.conversation_id == conversation_id
        if phone:
            booking_match = or_(booking_match, BookingRecord.phone == phone)
            complaint_match = or_(complaint_match, ComplaintRecord.phone == phone)
        bookings = session.scalars(
            select(BookingRecord.reference)
            .where(booking_match)
            .order_by(BookingRecord.id.desc())
            .limit(LIMIT)
        ).all()
        complaints = session.scalars(
            select(ComplaintRecord.reference)
            .where(complaint_match)
            .order_by(ComplaintRecord.id.desc())
            .limit(LIMIT)
        ).all()
        units = (
            session.scalars(
                select(SoldUnit.serial_number)
                .where(SoldUnit.phone == phone)
                .order_by(SoldUnit.serial_number)
                .limit(LIMIT)
            ).all()
            if phone
            else []
        )
        return CustomerRecord(tuple(bookings), tuple(complaints), tuple(units))
