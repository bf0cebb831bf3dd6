"""Handing a conversation over, as the assistant decides it: queue it, or say nobody is there.

Within the agents' shift and with at least one agent online, the conversation is queued
(:func:`~bot.handoff.requests.request_handoff`: the state change and the request in one
transaction) and the customer is told their place and the estimated wait
(:mod:`bot.handoff.estimate`). Outside the shift, or with nobody online, nothing is
queued that nobody would watch: the customer is told so honestly and offered a callback
(:mod:`bot.handoff.callbacks`), and the assistant keeps helping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.agents.presence import online_agents
from bot.db import UowFactory
from bot.handoff.estimate import ONLINE_WITHIN, QueueEstimate, queue_estimate
from bot.handoff.hours import AgentShift
from bot.handoff.queue import PRIORITIES
from bot.handoff.requests import request_handoff
from bot.handoff.summary import HandoffSummary

__all__ = ["HandOver", "hand_over"]


@dataclass(frozen=True)
class HandOver:
    """What came of handing over.

    Attributes:
        outcome: ``queued`` (a person is coming), ``closed`` (outside the shift) or
            ``nobody`` (no agent online).
        handoff_id: The request, when queued.
        estimate: The customer's place and wait, when queued.
    """

    outcome: Literal["queued", "closed", "nobody"]
    handoff_id: int | None = None
    estimate: QueueEstimate | None = None


def hand_over(
    uow_factory: UowFactory,
    conversation_id: str,
    *,
    reason: str,
    language: str | None,
    channel: str,
    summary: HandoffSummary,
    shift: AgentShift,
    now: datetime,
) -> HandOver:
    """Queues the conversation for a person if someone can take it.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        conversation_id: The conversation.
        reason: Why (:data:`bot.handoff.queue.REASONS`); it sets the priority.
        language: The customer's language.
        channel: Where the customer talks to us.
        summary: What the conversation has established.
        shift: The agents' hours.
        now: The current time, timezone-aware.

    Raises:
        ConversationNotFoundError: No such conversation.
        InvalidHandoff: Unknown reason.
    """
    if not shift.is_open(now):
        return HandOver("closed")
    if not online_agents(uow_factory, seen_since=now - ONLINE_WITHIN):
        return HandOver("nobody")
    handoff_id = request_handoff(
        uow_factory,
        conversation_id,
        reason=reason,
        priority=PRIORITIES.get(reason, max(PRIORITIES.values())),
        language=language,
        channel=channel,
        summary=summary,
        now=now,
    )
    return HandOver("queued", handoff_id, queue_estimate(uow_factory, handoff_id, now=now))
