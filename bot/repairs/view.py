"""What callers see of a booking: an immutable snapshot, never a live database row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.repairs.models import BookingRecord, TechnicianRecord
from bot.repairs.request import WarrantyStatus
from bot.repairs.windows import Window

__all__ = ["Booking", "BookingStatus", "booking_view"]

BookingStatus = Literal["booked", "cancelled", "completed"]


@dataclass(frozen=True)
class Booking:
    """A booked visit as the rest of the application sees it (not an ORM object).

    Attributes:
        reference: ``RV-`` and 8 characters.
        status: ``booked``, ``cancelled`` or ``completed``.
        window: The visit window, in service time.
        technician_id: The technician who visits.
        technician_name_zh: Their Chinese name.
        technician_name_en: Their English name.
        reschedule_count: How often the visit was moved.
        fixed_first_visit: Outcome; ``None`` until recorded.
        parts_used: Outcome: spare parts used.
    """

    reference: str
    status: BookingStatus
    conversation_id: str | None
    language: str
    category: str
    model: str | None
    serial_number: str | None
    symptom: str
    error_code: str | None
    region: str
    address: str
    customer_name: str
    phone: str
    warranty_status: WarrantyStatus
    quoted_fee: int | None
    window: Window
    technician_id: str
    technician_name_zh: str
    technician_name_en: str
    created_at: datetime
    updated_at: datetime
    reschedule_count: int
    fixed_first_visit: bool | None
    parts_used: tuple[str, ...]


def _status(value: str) -> BookingStatus:
    if value == "cancelled":
        return "cancelled"
    if value == "completed":
        return "completed"
    return "booked"


def _warranty(value: str) -> WarrantyStatus:
    if value == "free":
        return "free"
    if value == "paid":
        return "paid"
    return "unknown"


def booking_view(record: BookingRecord, technician: TechnicianRecord) -> Booking:
    """The view of a stored booking and its technician."""
    return Booking(
        reference=record.reference,
        status=_status(record.status),
        conversation_id=record.conversation_id,
        language=record.language,
        category=record.category,
        model=record.model,
        serial_number=record.serial_number,
        symptom=record.symptom,
        error_code=record.error_code,
        region=record.region_code,
        address=record.address,
        customer_name=record.customer_name,
        phone=record.phone,
        warranty_status=_warranty(record.warranty_status),
        quoted_fee=record.quoted_fee,
        window=Window(record.window_start, record.window_end),
        technician_id=technician.id,
        technician_name_zh=technician.name_zh,
        technician_name_en=technician.name_en,
        created_at=record.created_at,
        updated_at=record.updated_at,
        reschedule_count=record.reschedule_count,
        fixed_first_visit=record.fixed_first_visit,
        parts_used=tuple(record.parts_used),
    )
