"""Whether an agent takes conversations now (presence), how many at once (capacity)."""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select, update

from bot.agents.audit import record_agent_event
from bot.agents.errors import AgentNotFound, InvalidPresence
from bot.agents.models import PRESENCES, AgentAccount
from bot.agents.view import Agent
from bot.db import UowFactory

__all__ = ["MAX_CAPACITY", "MIN_CAPACITY", "online_agents", "set_presence", "touch"]

MIN_CAPACITY: Final = 1
MAX_CAPACITY: Final = 10


def set_presence(
    uow_factory: UowFactory,
    username: str,
    presence: str,
    *,
    capacity: int | None = None,
    now: datetime,
) -> Agent:
    """Sets an agent's presence and, if given, capacity; the change is audited.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        username: The agent.
        presence: ``online``, ``away`` or ``offline``.
        capacity: Conversations held at most at once, 1 to 10; unchanged if ``None``.
        now: The current time, timezone-aware.

    Returns:
        The account as it is now.

    Raises:
        InvalidPresence: Unknown presence, or a capacity out of range.
        AgentNotFound: No account has this username.
    """
    if presence not in PRESENCES:
        raise InvalidPresence(f"unknown presence {presence!r} (known: {', '.join(PRESENCES)})")
    if capacity is not None and not MIN_CAPACITY <= capacity <= MAX_CAPACITY:
        raise InvalidPresence(f"a capacity is {MIN_CAPACITY} to {MAX_CAPACITY}")
    with uow_factory() as uow:
        record = uow.session.scalar(select(AgentAccount).where(AgentAccount.username == username))
        if record is None:
            raise AgentNotFound(f"no agent named {username!r}")
        record.presence = presence
        if capacity is not None:
            record.capacity = capacity
        record.last_seen_at = now
        record_agent_event(
            uow.session, username, "presence", now, presence=presence, capacity=record.capacity
        )
        uow.commit()
        return Agent.of(record)


def touch(uow_factory: UowFactory, username: str, *, now: datetime) -> None:
    """Notes that an agent's console or API was seen just now (``last_seen_at``)."""
    with uow_factory() as uow:
        uow.session.execute(
            update(AgentAccount).where(AgentAccount.username == username).values(last_seen_at=now)
        )
        uow.commit()


def online_agents(uow_factory: UowFactory, *, seen_since: datetime) -> list[Agent]:
    """Active agents ``online`` and seen since ``seen_since``, by username."""
    with uow_factory() as uow:
        records = uow.session.scalars(
            select(AgentAccount)
            .where(
                AgentAccount.active.is_(True),
                AgentAccount.presence == "online",
                AgentAccount.last_seen_at >= seen_since,
            )
            .order_by(AgentAccount.username)
        )
        return [Agent.of(record) for record in records]
