"""The customer's side of a handoff: asking for a person, and changing one's mind.

:func:`request_handoff` moves the conversation ``bot`` → ``waiting`` and stores the
request in one transaction; :func:`release_to_bot` undoes it while nobody has claimed
it yet. Both write their audit row in the same transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, NoReturn

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.conversations.errors import ConversationClosedError, ConversationNotFoundError
from bot.conversations.states import AGENT, BOT, CLOSED, WAITING, change_state, state_of
from bot.db import UowFactory, write_transaction
from bot.handoff import models
from bot.handoff.audit import record_event
from bot.handoff.errors import AlreadyClaimed, HandoffError, HandoffNotFound
from bot.handoff.models import HandoffRequest
from bot.handoff.queue import enqueue_handoff
from bot.handoff.summary import HandoffSummary

__all__ = ["BOT_ACTOR", "CUSTOMER_ACTOR", "escalate", "release_to_bot", "request_handoff"]

#: The actor of the audit rows the assistant writes.
BOT_ACTOR: Final = "bot"
#: The actor of the audit rows the customer's own choices write.
CUSTOMER_ACTOR: Final = "customer"
# A critical complaint or a safety hazard stays with people whatever the customer says
# afterwards: the bot answers again, and a person still calls on them.
_KEPT_REASONS: Final = ("critical_complaint", "safety_hazard")


def request_handoff(
    uow_factory: UowFactory,
    conversation_id: str,
    *,
    reason: str,
    priority: int,
    language: str | None,
    channel: str,
    summary: HandoffSummary,
    now: datetime,
) -> int:
    """Hands a conversation to people: ``bot`` → ``waiting`` and a request, atomically.

    A conversation already ``waiting`` or with an ``agent`` is not queued twice: its
    open request is returned.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        conversation_id: The conversation.
        reason: One of :data:`bot.handoff.queue.REASONS`.
        priority: 0 (most urgent) or more.
        language: The customer's language, if known.
        channel: Where the customer talks to us.
        summary: What the conversation has established.
        now: The current time, timezone-aware.

    Returns:
        The identifier of the request (new, or the one already open).

    Raises:
        ConversationNotFoundError: No such conversation.
        ConversationClosedError: The conversation is closed.
        InvalidHandoff: Unknown reason, negative priority or naive ``now``.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        state = state_of(session, conversation_id)
        if state is None:
            raise ConversationNotFoundError(conversation_id)
        if state == CLOSED:
            raise ConversationClosedError(conversation_id)
        if state == BOT and change_state(
            session, conversation_id, from_states=(BOT,), to=WAITING, now=now
        ):
            handoff_id = enqueue_handoff(
                session,
                conversation_id=conversation_id,
                reason=reason,
                reference=None,
                priority=priority,
                summary=summary.wants,
                now=now,
                language=language,
                channel=channel,
                details=summary.to_json(),
            )
            uow.commit()
            return handoff_id
        # Already with people (perhaps since a moment ago): the open request stands.
        existing = session.scalars(
            select(HandoffRequest.id)
            .where(
                HandoffRequest.conversation_id == conversation_id,
                HandoffRequest.status.in_((models.WAITING, models.AGENT)),
            )
            .order_by(HandoffRequest.id.desc())
            .limit(1)
        ).one_or_none()
        if existing is None:
            raise HandoffError(f"conversation {conversation_id} is with people but has no request")
        return existing


def release_to_bot(uow_factory: UowFactory, conversation_id: str, *, now: datetime) -> list[int]:
    """Gives a waiting conversation back to the bot: the customer changed their mind.

    Its waiting requests become ``cancelled`` and the conversation ``waiting`` →
    ``bot``, in one transaction; a critical complaint's request stays in the queue.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        conversation_id: The conversation.
        now: The current time, timezone-aware.

    Returns:
        The identifiers of the cancelled requests.

    Raises:
        AlreadyClaimed: A person has claimed it meanwhile (named in the exception).
        HandoffNotFound: The conversation is not waiting for a person.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        # Requests are locked before the conversation, in the order claim() takes them.
        rows = session.scalars(
            select(HandoffRequest)
            .where(
                HandoffRequest.conversation_id == conversation_id,
                HandoffRequest.status == models.WAITING,
                HandoffRequest.reason.not_in(_KEPT_REASONS),
            )
            .with_for_update()
        ).all()
        if not change_state(session, conversation_id, from_states=(WAITING,), to=BOT, now=now):
            _refuse_release(session, conversation_id)
        for row in rows:
            row.status = models.CANCELLED
            row.updated_at = now
            record_event(session, row.id, CUSTOMER_ACTOR, "cancelled", now)
        uow.commit()
        return [row.id for row in rows]


def _refuse_release(session: Session, conversation_id: str) -> NoReturn:
    """Says why a conversation cannot go back to the bot."""
    if state_of(session, conversation_id) == AGENT:
        held = session.execute(
            select(HandoffRequest.id, HandoffRequest.agent)
            .where(
                HandoffRequest.conversation_id == conversation_id,
                HandoffRequest.status == models.AGENT,
            )
            .order_by(HandoffRequest.id.desc())
            .limit(1)
        ).one_or_none()
        if held is not None:
            raise AlreadyClaimed(held.id, held.agent)
    raise HandoffNotFound(f"conversation {conversation_id} is not waiting for a person")


def escalate(
    uow_factory: UowFactory, conversation_id: str, *, priority: int, reason: str, now: datetime
) -> list[int]:
    """Raises the priority of the conversation's open requests (a hazard while waiting).

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        conversation_id: The conversation.
        priority: The new priority; requests already as urgent keep theirs.
        reason: Why, for the audit row.
        now: The current time, timezone-aware.

    Returns:
        The identifiers of the requests made more urgent.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        rows = session.scalars(
            select(HandoffRequest)
            .where(
                HandoffRequest.conversation_id == conversation_id,
                HandoffRequest.status.in_((models.WAITING, models.AGENT)),
                HandoffRequest.priority > priority,
            )
            .with_for_update()
        ).all()
        for row in rows:
            row.priority = priority
            row.updated_at = now
            record_event(session, row.id, BOT_ACTOR, "escalated", now, reason=reason)
        uow.commit()
        return [row.id for row in rows]
