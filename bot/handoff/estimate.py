"""A waiting customer's place in the queue and how long a person will take to come.

The estimate comes from what recently happened, not from a constant:

* ``claim`` — the median time from request to claim over the latest handoffs claimed
  in the past week (:data:`HISTORY`);
* ``handling`` — the median time from claim to resolution over the latest resolved ones.

A customer whose place is within the free seats of the agents online (their capacity
less what they hold) waits about one ``claim`` time. Each further round of the queue
(one conversation per online agent) adds one ``handling`` time. With no history yet,
:data:`DEFAULT_CLAIM` and :data:`DEFAULT_HANDLING` stand in. The result is rounded up
to whole minutes, at least one.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bot.agents.presence import online_agents
from bot.db import UowFactory
from bot.handoff import models
from bot.handoff.models import HandoffRequest

__all__ = [
    "DEFAULT_CLAIM",
    "DEFAULT_HANDLING",
    "HISTORY",
    "QueueEstimate",
    "estimate_minutes",
    "queue_estimate",
]

DEFAULT_CLAIM: Final = timedelta(minutes=2)
DEFAULT_HANDLING: Final = timedelta(minutes=8)
#: How far back, and how many handoffs, the medians read.
HISTORY: Final = timedelta(days=7)
SAMPLE: Final = 50
#: An agent counts as online when seen this recently.
ONLINE_WITHIN: Final = timedelta(minutes=5)


@dataclass(frozen=True)
class QueueEstimate:
    """Where a waiting customer stands.

    Attributes:
        position: 1 for the next to be taken.
        minutes: The estimated wait, in whole minutes (at least 1).
        agents_online: How many agents are online now.
    """

    position: int
    minutes: int
    agents_online: int


def _median(values: Sequence[float], default: timedelta) -> float:
    return statistics.median(values) if values else default.total_seconds()


def estimate_minutes(
    position: int,
    *,
    claim_seconds: Sequence[float],
    handling_seconds: Sequence[float],
    agents_online: int,
    free_seats: int,
) -> int:
    """Estimates the wait of the customer at ``position`` (see the module's rules).

    Args:
        position: The customer's place in the queue, from 1.
        claim_seconds: Recent times from request to claim.
        handling_seconds: Recent times from claim to resolution.
        agents_online: Agents online now (at least one is assumed).
        free_seats: Conversations the online agents can still take now.
    """
    claim = _median(claim_seconds, DEFAULT_CLAIM)
    handling = _median(handling_seconds, DEFAULT_HANDLING)
    beyond = max(0, position - max(0, free_seats))
    rounds = math.ceil(beyond / max(1, agents_online))
    return max(1, math.ceil((claim + rounds * handling) / 60))


def _recent(session: Session, start: str, end: str, now: datetime) -> list[float]:
    begun = getattr(HandoffRequest, start)
    ended = getattr(HandoffRequest, end)
    rows = session.execute(
        select(begun, ended)
        .where(ended.is_not(None), ended >= now - HISTORY)
        .order_by(ended.desc())
        .limit(SAMPLE)
    ).all()
    return [max(0.0, (finish - begin).total_seconds()) for begin, finish in rows]


def queue_estimate(uow_factory: UowFactory, handoff_id: int, *, now: datetime) -> QueueEstimate:
    """Returns a waiting request's place in the queue and its estimated wait.

    A request no longer waiting is at position 1 with the claim time alone.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        handoff_id: The request.
        now: The current time, timezone-aware.
    """
    with uow_factory() as uow:
        session = uow.session
        row = session.get(HandoffRequest, handoff_id)
        position = 1
        if row is not None and row.status == models.WAITING:
            position += (
                session.scalar(
                    select(func.count())
                    .select_from(HandoffRequest)
                    .where(
                        HandoffRequest.status == models.WAITING,
                        HandoffRequest.id != row.id,
                        or_(
                            HandoffRequest.priority < row.priority,
                            and_(
                                HandoffRequest.priority == row.priority,
                                HandoffRequest.created_at <= row.created_at,
                            ),
                        ),
                    )
                )
                or 0
            )
        online = online_agents(uow_factory, seen_since=now - ONLINE_WITHIN)
        held = (
            session.scalar(
                select(func.count())
                .select_from(HandoffRequest)
                .where(
                    HandoffRequest.status == models.AGENT,
                    HandoffRequest.agent.in_([agent.username for agent in online]),
                )
            )
            or 0
        )
        minutes = estimate_minutes(
            position,
            claim_seconds=_recent(session, "created_at", "claimed_at", now),
            handling_seconds=_recent(session, "claimed_at", "resolved_at", now),
            agents_online=len(online),
            free_seats=sum(agent.capacity for agent in online) - held,
        )
        return QueueEstimate(position=position, minutes=minutes, agents_online=len(online))
