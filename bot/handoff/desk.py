"""What the agent holding a handoff does: reply, resolve; and the customer's rating.

Each call is one transaction that also writes its audit row; only the agent who holds
the request may reply to or resolve it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select

from bot.conversations import journal, states
from bot.conversations.models import Conversation
from bot.conversations.text import MAX_TEXT_LENGTH
from bot.db import UowFactory, write_transaction
from bot.handoff import models
from bot.handoff.audit import record_event
from bot.handoff.claims import held_by, move_conversation
from bot.handoff.errors import HandoffNotFound, HandoffNotOpen, InvalidHandoff
from bot.handoff.models import HandoffRequest
from bot.handoff.requests import CUSTOMER_ACTOR
from bot.language import detect_language, is_language

__all__ = ["RATINGS", "agent_reply", "record_rating", "resolve"]

#: The ratings a customer may give.
RATINGS: Final = range(1, 6)


def agent_reply(
    uow_factory: UowFactory,
    handoff_id: int,
    agent_username: str,
    display_name: str,
    text: str,
    *,
    now: datetime,
) -> int:
    """Stores an agent's message in the conversation, under the agent's display name.

    The customer's messages that waited for a person are marked delivered.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        handoff_id: The request the agent holds.
        agent_username: The agent.
        display_name: The name the customer sees.
        text: What the agent says.
        now: The current time, timezone-aware.

    Returns:
        The message's sequence number in the conversation.

    Raises:
        NotYourConversation: Another agent holds the request, or nobody yet.
        HandoffNotFound: No such request, or its conversation is not in this database.
        HandoffNotOpen: It is resolved or cancelled.
        InvalidHandoff: The text is empty or too long.
    """
    said = text.strip()
    if not said or len(said) > MAX_TEXT_LENGTH:
        raise InvalidHandoff(f"an agent's message has 1 to {MAX_TEXT_LENGTH} characters")
    with write_transaction(uow_factory) as uow:
        session = uow.session
        row = held_by(session, handoff_id, agent_username)
        conversation = (
            None if row.conversation_id is None else session.get(Conversation, row.conversation_id)
        )
        if conversation is None:
            raise HandoffNotFound(f"handoff {handoff_id} has no conversation here")
        previous = conversation.language if is_language(conversation.language) else None
        message = journal.add_message(
            session,
            conversation.id,
            sender="agent",
            author=display_name,
            text=said,
            channel=conversation.channel,
            language=detect_language(said, previous),
            at=now,
        )
        journal.mark_delivered(session, conversation.id)
        row.updated_at = now
        record_event(session, handoff_id, agent_username, "replied", now, seq=message.seq)
        uow.commit()
        return message.seq


def resolve(
    uow_factory: UowFactory,
    handoff_id: int,
    agent_username: str,
    *,
    now: datetime,
    close: bool = False,
) -> None:
    """Ends a handoff: the request is resolved and the conversation goes back to the bot.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        handoff_id: The request the agent holds.
        agent_username: The agent.
        now: The current time, timezone-aware.
        close: Close the conversation instead (``closed``); the customer's next
            message reopens it with the bot.

    Raises:
        NotYourConversation: Another agent holds the request, or nobody yet.
        HandoffNotFound: No such request.
        HandoffNotOpen: It is already resolved or cancelled.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        row = held_by(session, handoff_id, agent_username)
        row.status = models.RESOLVED
        row.resolved_at = now
        row.updated_at = now
        target = states.CLOSED if close else states.BOT
        move_conversation(session, row, (states.AGENT,), target, now)
        record_event(session, handoff_id, agent_username, "resolved", now, closed=close)
        uow.commit()


def record_rating(uow_factory: UowFactory, handoff_id: int, rating: int, *, now: datetime) -> None:
    """Records the customer's rating of a resolved handoff (a later rating replaces it).

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        handoff_id: The request.
        rating: 1 (poor) to 5 (excellent).
        now: The current time, timezone-aware.

    Raises:
        InvalidHandoff: The rating is not 1 to 5.
        HandoffNotFound: No such request.
        HandoffNotOpen: It is not resolved.
    """
    if isinstance(rating, bool) or rating not in RATINGS:
        raise InvalidHandoff(f"a rating is {RATINGS.start} to {RATINGS.stop - 1}, not {rating!r}")
    with write_transaction(uow_factory) as uow:
        session = uow.session
        row = session.scalars(
            select(HandoffRequest).where(HandoffRequest.id == handoff_id).with_for_update()
        ).one_or_none()
        if row is None:
            raise HandoffNotFound(f"no handoff {handoff_id}")
        if row.status != models.RESOLVED:
            raise HandoffNotOpen(handoff_id, row.status)
        row.rating = rating
        row.updated_at = now
        record_event(session, handoff_id, CUSTOMER_ACTOR, "rated", now, rating=rating)
        uow.commit()
