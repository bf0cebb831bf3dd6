"""Putting requests in the queue for a person, and reading the queue in order."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.uow import UowFactory
from bot.handoff.audit import record_event
from bot.handoff.errors import InvalidHandoff
from bot.handoff.models import WAITING, HandoffRequest
from bot.handoff.summary import HandoffSummary

__all__ = [
    "CRITICAL_PRIORITY",
    "PRIORITIES",
    "REASONS",
    "HandoffView",
    "InvalidHandoff",
    "enqueue_handoff",
    "handoff_view",
    "queued_handoffs",
]

REASONS: Final = (
    "critical_complaint",
    "safety_hazard",
    "customer_upset",
    "customer_request",
    "bot_cannot_help",
)
CRITICAL_PRIORITY: Final = 0
#: How urgent each reason is: 0 first; safety before anger before everything else.
PRIORITIES: Final = {
    "critical_complaint": CRITICAL_PRIORITY,
    "safety_hazard": CRITICAL_PRIORITY,
    "customer_upset": 1,
    "customer_request": 2,
    "bot_cannot_help": 2,
}
MAX_SUMMARY_LENGTH: Final = 4_000


@dataclass(frozen=True)
class HandoffView:
    """A request for a person as the agents' side reads it.

    ``details`` is the structured summary when the request came from a conversation,
    ``agent`` the person who holds it; the other fields are the stored columns.
    """

    id: int
    conversation_id: str | None
    reason: str
    reference: str | None
    priority: int
    status: str
    summary: str
    created_at: datetime
    updated_at: datetime
    language: str | None = None
    channel: str | None = None
    details: HandoffSummary | None = None
    agent: str | None = None


def handoff_view(row: HandoffRequest) -> HandoffView:
    """Returns the stored request as the agents' side reads it."""
    columns = {f.name: getattr(row, f.name) for f in fields(HandoffView) if f.name != "details"}
    details = None if row.details is None else HandoffSummary.from_json(row.details)
    return HandoffView(**columns, details=details)


def enqueue_handoff(
    session: Session,
    *,
    conversation_id: str | None,
    reason: str,
    reference: str | None,
    priority: int,
    summary: str,
    now: datetime,
    language: str | None = None,
    channel: str | None = None,
    details: dict[str, Any] | None = None,
) -> int:
    """Adds a request to the queue inside the caller's transaction.

    Nothing is committed here: the request and its ``requested`` audit row are kept
    only if the caller commits, so they are written atomically with whatever caused them.

    Args:
        session: The session of the caller's unit of work.
        conversation_id: The conversation to take over, if any.
        reason: One of :data:`REASONS`.
        reference: The ticket it concerns, if any.
        priority: 0 (most urgent) or more.
        summary: What the person needs to know; cut to 4,000 characters.
        now: The current time, timezone-aware.
        language: The customer's language, if known.
        channel: Where the customer talks to us, if known.
        details: The structured summary (:meth:`HandoffSummary.to_json`), if any.

    Returns:
        The identifier of the new request, ``waiting`` for a person.

    Raises:
        InvalidHandoff: Unknown reason, negative priority or naive ``now``.
    """
    if reason not in REASONS:
        raise InvalidHandoff(f"unknown handoff reason {reason!r}")
    if priority < 0:
        raise InvalidHandoff("priority must be 0 or more")
    if now.tzinfo is None:
        raise InvalidHandoff("now must be timezone-aware")
    request = HandoffRequest(
        conversation_id=conversation_id,
        reason=reason,
        reference=reference,
        priority=priority,
        status=WAITING,
        summary=summary[:MAX_SUMMARY_LENGTH],
        details=details,
        language=language,
        channel=channel,
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    session.flush()
    # Announced to the agents like every other change (their stream reads the events).
    record_event(session, request.id, "bot", "requested", now, reason=reason)
    return request.id


def queued_handoffs(uow_factory: UowFactory) -> list[HandoffView]:
    """Returns the requests still waiting, most urgent first, then oldest first."""
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.status == WAITING)
            .order_by(HandoffRequest.priority, HandoffRequest.created_at, HandoffRequest.id)
        ).all()
        return [handoff_view(row) for row in rows]
