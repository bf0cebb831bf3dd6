"""Requests for a person to take a conversation over, and what happened to each."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import JSON, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base

__all__ = [
    "AGENT",
    "CALLBACK_STATUSES",
    "CANCELLED",
    "RESOLVED",
    "STATUSES",
    "WAITING",
    "Callback",
    "HandoffEvent",
    "HandoffNote",
    "HandoffRequest",
]

#: A request's statuses: waiting for a person to claim it; a person holds it; the person
#: ended it; the customer went back to the bot before anyone claimed it.
STATUSES: Final = ("waiting", "agent", "resolved", "cancelled")
WAITING, AGENT, RESOLVED, CANCELLED = STATUSES
#: A callback ticket is ``open`` until an agent has called the customer back (``done``).
CALLBACK_STATUSES: Final = ("open", "done")


class HandoffRequest(Base):
    """A request for a person to take over, kept until someone closes it.

    Attributes:
        conversation_id: The conversation to take over, when there is one. Not a
            foreign key: a request must be stored even when it comes from a channel
            whose conversations this database does not hold.
        reason: Why a person is needed (see :data:`bot.handoff.queue.REASONS`).
        reference: The ticket it concerns (``CP-…`` for a complaint), if any.
        priority: 0 is the most urgent; larger numbers wait longer.
        status: ``waiting`` until a person claims it, then ``agent``; it ends
            ``resolved``, or ``cancelled`` when the customer went back to the bot.
        summary: Everything known so far as text, so the customer repeats nothing.
        details: The same, structured (:class:`bot.handoff.summary.HandoffSummary`),
            when the request came from a conversation.
        language: The customer's language (``zh``/``en``), when known.
        channel: Where the customer talks to us, when known.
        agent: Username of the person who holds it (or last held it).
        claimed_at: When that person claimed it.
        resolved_at: When it was resolved.
        rating: The customer's rating of the help, 1 to 5.
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
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    language: Mapped[str | None] = mapped_column(String(2))
    channel: Mapped[str | None] = mapped_column(String(16))
    agent: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    rating: Mapped[int | None]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]


class HandoffEvent(Base):
    """One thing that happened to a handoff, written in the transaction that did it.

    Attributes:
        handoff_id: The handoff. Not a foreign key: the audit trail is kept as written,
            whatever later happens to the queue's rows.
        actor: Who did it: an agent's username, ``customer`` or ``bot``.
        action: ``requested``, ``claimed``, ``replied``, ``transferred``, ``returned``,
            ``resolved``, ``rated``, ``cancelled`` or ``noted``.
        at: When.
        detail: What else there is to know (the agent it went to, the rating, …).
    """

    __tablename__ = "handoff_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime]
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class HandoffNote(Base):
    """An agent's private note on a handoff; never shown to the customer.

    Attributes:
        handoff_id: The handoff (not a foreign key, like the audit trail).
        author: The agent's username.
        text: The note.
        at: When it was written.
    """

    __tablename__ = "handoff_notes"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    handoff_id: Mapped[int] = mapped_column(index=True)
    author: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    at: Mapped[datetime]


class Callback(Base):
    """A customer's request to be called back, when nobody could take the chat.

    Attributes:
        reference: What the customer is told and quotes (``CB-…``).
        conversation_id: The conversation it came from (not a foreign key: a ticket
            may come from a channel whose conversations this database does not hold).
        phone: The number to call, normalised.
        preferred_time: When the customer would like the call, as they said it.
        language: The language to call in.
        channel: Where the customer asked.
        details: What the conversation had established
            (:class:`bot.handoff.summary.HandoffSummary`).
        status: ``open`` or ``done``.
        done_by: The agent who called back.
    """

    __tablename__ = "callbacks"
    __table_args__ = (Index("ix_callbacks_status_created", "status", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    reference: Mapped[str] = mapped_column(String(16), unique=True)
    conversation_id: Mapped[str | None] = mapped_column(String(40), index=True)
    phone: Mapped[str] = mapped_column(String(32))
    preferred_time: Mapped[str] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(2))
    channel: Mapped[str | None] = mapped_column(String(16))
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(8), default="open")
    created_at: Mapped[datetime]
    done_at: Mapped[datetime | None]
    done_by: Mapped[str | None] = mapped_column(String(64))
