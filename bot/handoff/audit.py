"""The audit trail of a handoff: one row per action, in the action's own transaction."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.db import UowFactory
from bot.handoff.models import HandoffEvent

__all__ = ["handoff_events", "record_event"]


def record_event(
    session: Session, handoff_id: int, actor: str, action: str, now: datetime, **detail: Any
) -> None:
    """Adds an audit row inside the caller's transaction (nothing is committed here).

    Args:
        session: The caller's session.
        handoff_id: The handoff.
        actor: An agent's username, ``customer`` or ``bot``.
        action: What was done (see :class:`~bot.handoff.models.HandoffEvent`).
        now: The current time, timezone-aware.
        **detail: Anything else worth keeping, JSON-serialisable.
    """
    session.add(
        HandoffEvent(handoff_id=handoff_id, actor=actor, action=action, at=now, detail=detail)
    )


def handoff_events(uow_factory: UowFactory, handoff_id: int) -> list[tuple[str, str]]:
    """Returns a handoff's ``(actor, action)`` pairs, oldest first."""
    statement = select(HandoffEvent).where(HandoffEvent.handoff_id == handoff_id)
    with uow_factory() as uow:
        events = uow.session.scalars(statement.order_by(HandoffEvent.id))
        return [(event.actor, event.action) for event in events]
