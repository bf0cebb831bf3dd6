"""Putting requests in the queue for a person, and reading the queue in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db.uow import UowFactory
from bot.handoff.models import HandoffRequest

__all__ = [
    "CRITICAL_PRIORITY",
    "REASONS",
    "HandoffView",
    "InvalidHandoff",
    "enqueue_handoff",
    "queued_handoffs",
]

REASONS: Final = ("critical_complaint", "customer_request", "bot_cannot_help")
CRITICAL_PRIORITY: Final = 0
MAX_SUMMARY_LENGTH: Final = 4_000


class InvalidHandoff(ValueError):  # noqa: N818 - names fixed by the API
    """The request cannot be queued: unknown reason, negative priority or naive time."""


@dataclass(frozen=True)
class HandoffView:
    """A queued request as the agents' side reads it."""

    id: int
    conversation_id: str | None
    reason: str
    reference: str | None
    priority: int
    status: str
    summary: str
    created_at: datetime
    updated_at: datetime


def enqueue_handoff(
    session: Session,
    *,
    conversation_id: str | None,
    reason: str,
    reference: str | None,
    priority: int,
    summary: str,
    now: datetime,
) -> int:
    """Adds a request to the queue inside the caller's transaction.

    Nothing is committed here: the request is kept only if the caller commits, so it
    can be written atomically with whatever caused it.

    Args:
        session: The session of the caller's unit of work.
        conversation_id: The conversation to take over, if any.
        reason: One of :data:`REASONS`.
        reference: The ticket it concerns, if any.
        priority: 0 (most urgent) or more.
        summary: What the person needs to know; cut to 4,000 characters.
        now: The current time, timezone-aware.

    Returns:
        The identifier of the new request.

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
        status="queued",
        summary=summary[:MAX_SUMMARY_LENGTH],
        created_at=now,
        updated_at=now,
    )
    session.add(request)
    session.flush()
    return request.id


def queued_handoffs(uow_factory: UowFactory) -> list[HandoffView]:
    """Returns the requests still waiting, most urgent first, then oldest first."""
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.status == "queued")
            .order_by(HandoffRequest.priority, HandoffRequest.created_at, HandoffRequest.id)
        ).all()
        return [
            HandoffView(
                id=row.id,
                conversation_id=row.conversation_id,
                reason=row.reason,
                reference=row.reference,
                priority=row.priority,
                status=row.status,
                summary=row.summary,
                created_at=row.created_at,
                updated_at=row.updated_at,
            )
            for row in rows
        ]
