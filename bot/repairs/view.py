"""What callers see of a booking: an immutable snapshot, never a live database row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.repairs.models import BookingRecord, TechnicianRecord
from bot.repairs.request import REQUEST_COLUMNS, BookingRequest, WarrantyStatus
from bot.repairs.windows import Window

__all__ = ["Booking", "BookingStatus", "booking_view"]

BookingStatus = Literal["booked", "cancelled", "completed"]


@dataclass(frozen=True)
class Booking(BookingRequest):
    """A booked visit as the rest of the application sees it (not an ORM object).

    What the customer asked for (:class:`BookingRequest`, cleaned) and what was booked.

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
    window: Window
    technician_id: str
    technician_name_zh: str
    technician_name_en: str
    created_at: datetime
    updated_at: datetime
    reschedule_count: int
    fixed_first_visit: bool | None
    parts_used: tuple[str, ...]


_STATUSES: tuple[BookingStatus, ...] = ("booked", "cancelled", "completed")
_WARRANTIES: tuple[WarrantyStatus, ...] = ("free", "paid", "unknown")


def booking_view(record: BookingRecord, technician: TechnicianRecord) -> Booking:
    """The view of a stored booking and its technician."""
    requested = {
        ("region" if column == "region_code" else column): getattr(record, column)
        for column in REQUEST_COLUMNS
    }
    requested["warranty_status"] = (
        record.warranty_status if record.warranty_status in _WARRANTIES else "unknown"
    )
    return Booking(
        **requested,
        reference=record.reference,
        status=record.status if record.status in _STATUSES else "booked",
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
