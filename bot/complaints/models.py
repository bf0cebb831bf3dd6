"""Typed SQLAlchemy models of complaints and their history of updates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models import Base

__all__ = ["ComplaintRecord", "ComplaintUpdate"]


class ComplaintRecord(Base):
    """A complaint, from receipt to the customer's review.

    Attributes:
        reference: The public reference, ``CP-`` and 8 characters.
        conversation_id: The conversation it was filed in, if any. Not a foreign key:
            a complaint is recorded even from a channel whose conversations this
            database does not hold ("record every problem").
        phone: The customer's phone, E.164; with the reference it authorises look-ups.
        status: ``received``, ``in_progress`` or ``resolved``.
        severity: ``critical``, ``high`` or ``normal``; it only ever rises.
        safety_words: Safety words found in everything the customer said.
        repeat_of: References of the earlier complaints this one repeats.
        owner: Who must act next (``duty-supervisor``, ``complaints-desk`` or a name).
        due_at: When a person must have answered.
        resolution: How it was resolved; set with status ``resolved``.
        review_rating: The customer's satisfaction, 1 to 5, after resolution.
    """

    __tablename__ = "complaints"
    __table_args__ = (
        Index("ix_complaints_phone_model", "phone", "model"),
        Index("ix_complaints_status_due", "status", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    conversation_id: Mapped[str | None] = mapped_column(String(40), index=True)
    language: Mapped[str] = mapped_column(String(2))
    category: Mapped[str] = mapped_column(String(32))
    description: Mapped[str] = mapped_column(Text)
    model: Mapped[str | None] = mapped_column(String(32))
    serial_number: Mapped[str | None] = mapped_column(String(32), index=True)
    booking_reference: Mapped[str | None] = mapped_column(String(32), index=True)
    customer_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(16))
    severity: Mapped[str] = mapped_column(String(16))
    safety_words: Mapped[list[str]] = mapped_column(JSON)
    repeat_of: Mapped[list[str]] = mapped_column(JSON)
    owner: Mapped[str] = mapped_column(String(64))
    due_at: Mapped[datetime]
    resolution: Mapped[str | None] = mapped_column(Text)
    review_rating: Mapped[int | None]
    review_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(index=True)
    updated_at: Mapped[datetime]

    updates: Mapped[list[ComplaintUpdate]] = relationship(
        back_populates="complaint",
        order_by="[ComplaintUpdate.at, ComplaintUpdate.id]",
        lazy="raise",
        cascade="all, delete-orphan",
    )


class ComplaintUpdate(Base):
    """One entry in a complaint's history.

    Attributes:
        kind: ``received``, ``customer_info``, ``status``, ``resolution`` or ``feedback``.
        text: What happened or was said.
        author: ``customer``, ``system`` or the agent's name.
    """

    __tablename__ = "complaint_updates"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    complaint_id: Mapped[int] = mapped_column(
        ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(64))

    complaint: Mapped[ComplaintRecord] = relationship(back_populates="updates")
