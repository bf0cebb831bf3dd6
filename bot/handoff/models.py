"""The durable queue of requests waiting for a person."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base

__all__ = ["HandoffRequest"]


class HandoffRequest(Base):
    """A request for a person to take over, kept until someone closes it.

    Attributes:
        conversation_id: The conversation to take over, when there is one. Not a
            foreign key: a request must be stored even when it comes from a channel
            whose conversations this database does not hold.
        reason: Why a person is needed (see :data:`bot.handoff.queue.REASONS`).
        reference: The ticket it concerns (``CP-…`` for a complaint), if any.
        priority: 0 is the most urgent; larger numbers wait longer.
        status: ``queued`` until a person takes it, then ``taken``, then ``closed``.
        summary: Everything known so far, so the customer repeats nothing.
    """

    __tablename__ = "handoff_requests"
    __table_args__ = (Index("ix_handoff_requests_queue", "status", "priority", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str | None] = mapped_column(String(40), index=True)
    reason: Mapped[str] = mapped_column(String(32))
    reference: Mapped[str | None] = mapped_column(String(32), index=True)
    priority: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
