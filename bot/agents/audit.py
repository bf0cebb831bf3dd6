"""The audit trail: what agents did to their accounts, and the whole log for supervisors.

Account events (``login``, ``login_failed``, ``logout``, ``presence``) are written in
``agent_events``; what agents did to handoffs is in ``handoff_events``. The log a
supervisor reads is both, newest first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.agents.models import AgentEvent
from bot.db import UowFactory
from bot.handoff.models import HandoffEvent

__all__ = ["MAX_ACTOR_LENGTH", "AuditEntry", "audit_log", "record_agent_event"]

#: Actors are cut to the column's length (a failed login records the name as typed).
MAX_ACTOR_LENGTH: Final = 64


def record_agent_event(
    session: Session, actor: str, action: str, now: datetime, **detail: Any
) -> None:
    """Adds an account event inside the caller's transaction (nothing is committed here).

    Args:
        session: The caller's session.
        actor: The agent's username (as typed, for a failed login).
        action: ``login``, ``login_failed``, ``logout`` or ``presence``.
        now: The current time, timezone-aware.
        **detail: Anything else worth keeping, JSON-serialisable; never a password.
    """
    session.add(AgentEvent(actor=actor[:MAX_ACTOR_LENGTH], action=action, at=now, detail=detail))


@dataclass(frozen=True)
class AuditEntry:
    """One line of the audit log.

    Attributes:
        source: ``handoff`` (a step on a handoff) or ``agent`` (an account event).
        id: The row's identifier within its source.
        actor: Who did it.
        action: What was done.
        at: When.
        handoff_id: The handoff, for a step on one.
        detail: What else there is to know.
    """

    source: str
    id: int
    actor: str
    action: str
    at: datetime
    handoff_id: int | None
    detail: dict[str, Any]


def audit_log(uow_factory: UowFactory, *, offset: int = 0, limit: int = 50) -> list[AuditEntry]:
    """Returns a page of the audit log: handoff steps and account events, newest first.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        offset: Entries to skip (from the newest).
        limit: Entries to return.

    Returns:
        Up to ``limit`` entries.
    """
    wanted = offset + limit
    with uow_factory() as uow:
        steps = uow.session.scalars(
            select(HandoffEvent)
            .order_by(HandoffEvent.at.desc(), HandoffEvent.id.desc())
            .limit(wanted)
        ).all()
        accounts = uow.session.scalars(
            select(AgentEvent).order_by(AgentEvent.at.desc(), AgentEvent.id.desc()).limit(wanted)
        ).all()
        entries = [
            AuditEntry("handoff", e.id, e.actor, e.action, e.at, e.handoff_id, dict(e.detail))
            for e in steps
        ] + [
            AuditEntry("agent", e.id, e.actor, e.action, e.at, None, dict(e.detail))
            for e in accounts
        ]
    entries.sort(key=lambda entry: (entry.at, entry.id), reverse=True)
    return entries[offset:wanted]
