"""Reading handoffs for the agents' side: by status, one by id, a conversation's own."""

from __future__ import annotations

from typing import Any, Final

from sqlalchemy import func, select

from bot.db import UowFactory
from bot.handoff import models
from bot.handoff.errors import HandoffNotFound
from bot.handoff.models import HandoffRequest
from bot.handoff.queue import HandoffView, handoff_view

__all__ = ["MAX_LISTED", "conversation_handoffs", "get_handoff", "handoffs_by_status", "held_count"]

#: Most handoffs one list returns (resolved ones: the latest).
MAX_LISTED: Final = 200


def handoffs_by_status(
    uow_factory: UowFactory, status: str, *, agent: str | None = None
) -> list[HandoffView]:
    """Handoffs in one status, optionally only those ``agent`` holds or last held.

    Open ones (``waiting``, ``agent``) come most urgent first, then oldest first; closed
    ones latest first, at most :data:`MAX_LISTED`.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        status: ``waiting``, ``agent``, ``resolved`` or ``cancelled``.
        agent: Only this agent's, if given.
    """
    statement = select(HandoffRequest).where(HandoffRequest.status == status)
    if agent is not None:
        statement = statement.where(HandoffRequest.agent == agent)
    order: tuple[Any, ...]
    if status in (models.WAITING, models.AGENT):
        order = (HandoffRequest.priority, HandoffRequest.created_at, HandoffRequest.id)
    else:
        order = (HandoffRequest.updated_at.desc(), HandoffRequest.id.desc())
    with uow_factory() as uow:
        rows = uow.session.scalars(statement.order_by(*order).limit(MAX_LISTED)).all()
        return [handoff_view(row) for row in rows]


def get_handoff(uow_factory: UowFactory, handoff_id: int) -> HandoffView:
    """One handoff.

    Raises:
        HandoffNotFound: No such handoff.
    """
    with uow_factory() as uow:
        row = uow.session.get(HandoffRequest, handoff_id)
        if row is None:
            raise HandoffNotFound(f"no handoff {handoff_id}")
        return handoff_view(row)


def held_count(uow_factory: UowFactory, agent: str) -> int:
    """How many conversations an agent holds now."""
    with uow_factory() as uow:
        count = uow.session.scalar(
            select(func.count())
            .select_from(HandoffRequest)
            .where(HandoffRequest.status == models.AGENT, HandoffRequest.agent == agent)
        )
        return int(count or 0)


def conversation_handoffs(uow_factory: UowFactory, conversation_id: str) -> list[HandoffView]:
    """Every handoff of a conversation, oldest first."""
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.conversation_id == conversation_id)
            .order_by(HandoffRequest.id)
        ).all()
        return [handoff_view(row) for row in rows]
