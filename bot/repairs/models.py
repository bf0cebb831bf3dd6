"""Typed SQLAlchemy models of the service network and the repair bookings.

Double-booking is prevented by the database: every active booking holds one
:class:`WindowClaim`, and a claim is unique per technician and window start.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.types import utcnow

__all__ = ["BookingRecord", "NetworkSettings", "RegionRecord", "TechnicianRecord", "WindowClaim"]


class NetworkSettings(Base):
    """The booking rules of the imported network (a single row, ``id`` 1).

    Attributes:
        window_hours: Length of a visit window.
        booking_horizon_days: How many days after today visits can be booked.
        min_lead_hours: Minimum time between booking and the start of the window.
    """

    __tablename__ = "repair_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    window_hours: Mapped[int]
    booking_horizon_days: Mapped[int]
    min_lead_hours: Mapped[int]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class RegionRecord(Base):
    """A serviced region (a city). Regions leaving the network are deactivated.

    Attributes:
        aliases: Other names: districts, abbreviations, spellings.
        categories: Product categories serviced there.
    """

    __tablename__ = "repair_regions"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TechnicianRecord(Base):
    """A technician. Technicians leaving the network are deactivated, never deleted.

    Attributes:
        days: Weekdays worked, ``0`` for Monday.
        start_minute: Start of the working day, minutes after local midnight.
        end_minute: End of the working day, minutes after local midnight.
    """

    __tablename__ = "repair_technicians"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name_zh: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str] = mapped_column(String(64))
    region_code: Mapped[str] = mapped_column(ForeignKey("repair_regions.code"), index=True)
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    days: Mapped[list[int]] = mapped_column(JSON, default=list)
    start_minute: Mapped[int]
    end_minute: Mapped[int]
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class BookingRecord(Base):
    """A technician visit booked by a customer.

    Attributes:
        reference: Public reference, ``RV-`` and 8 characters.
        status: ``booked``, ``cancelled`` or ``completed``.
        phone: The customer's phone, E.164; needed to find the booking again.
        warranty_status: ``free``, ``paid`` or ``unknown``.
        quoted_fee: Fee quoted to the customer in CNY, if any.
        window_start: Start of the visit window (UTC).
        window_end: End of the visit window (UTC).
        fixed_first_visit: Outcome: fixed on this first visit; ``None`` until known.
        parts_used: Outcome: names of the spare parts used.
    """

    __tablename__ = "repair_bookings"
    __table_args__ = (Index("ix_repair_bookings_window_start", "window_start"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    status: Mapped[str] = mapped_column(String(16), default="booked")
    conversation_id: Mapped[str | None] = mapped_column(String(40), index=True)
    language: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(32))
    model: Mapped[str | None] = mapped_column(String(32))
    serial_number: Mapped[str | None] = mapped_column(String(32))
    symptom: Mapped[str] = mapped_column(Text)
    error_code: Mapped[str | None] = mapped_column(String(16))
    region_code: Mapped[str] = mapped_column(ForeignKey("repair_regions.code"))
    address: Mapped[str] = mapped_column(Text)
    customer_name: Mapped[str] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    warranty_status: Mapped[str] = mapped_column(String(8))
    quoted_fee: Mapped[int | None]
    window_start: Mapped[datetime]
    window_end: Mapped[datetime]
    technician_id: Mapped[str] = mapped_column(ForeignKey("repair_technicians.id"))
    reschedule_count: Mapped[int] = mapped_column(default=0)
    fixed_first_visit: Mapped[bool | None]
    parts_used: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    cancelled_at: Mapped[datetime | None]
    completed_at: Mapped[datetime | None]


class WindowClaim(Base):
    """A technician's window held by an active booking: the anti-double-booking lock.

    Only active (``booked``) bookings have a claim; it is moved on rescheduling and
    deleted on cancellation or completion. The unique constraint on technician and
    window start makes a second booking of the same window fail in the database.
    """

    __tablename__ = "repair_claims"
    __table_args__ = (
        UniqueConstraint("technician_id", "window_start", name="uq_repair_claims_slot"),
    )

    booking_id: Mapped[int] = mapped_column(
        ForeignKey("repair_bookings.id", ondelete="CASCADE"), primary_key=True
    )
    technician_id: Mapped[str] = mapped_column(ForeignKey("repair_technicians.id"))
    window_start: Mapped[datetime]
