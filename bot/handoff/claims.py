"""Who holds a handoff: claiming it exactly once, and passing it on.

Many agents may press "claim" on the same request at once. :func:`claim` moves the
request ``waiting`` → ``agent`` with a conditional update (``… WHERE status =
'waiting'``): the first transaction changes the row, every other one finds it already
held and gets :class:`~bot.handoff.errors.AlreadyClaimed` naming the holder. Requests are
always locked before their conversation, so two handoff transactions never deadlock.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from bot.agents.models import AgentAccount
from bot.conversations import journal, states
from bot.conversations.models import Conversation
from bot.db import UowFactory, write_transaction
from bot.handoff import models
from bot.handoff.audit import record_event
from bot.handoff.errors import (
    AlreadyClaimed,
    HandoffNotFound,
    HandoffNotOpen,
    InvalidHandoff,
    NotYourConversation,
)
from bot.handoff.models import HandoffRequest
from bot.handoff.queue import HandoffView, handoff_view
from bot.language import is_language
from bot.texts import render

__all__ = ["announce", "claim", "held_by", "move_conversation", "transfer"]


def move_conversation(
    session: Session, row: HandoffRequest, origins: tuple[str, ...], target: str, now: datetime
) -> None:
    """Moves the request's conversation, if this database holds one (see ``change_state``)."""
    if row.conversation_id is not None:
        states.change_state(session, row.conversation_id, from_states=origins, to=target, now=now)


def claim(
    uow_factory: UowFactory, handoff_id: int, agent_username: str, *, now: datetime
) -> HandoffView:
    """Gives a waiting request to one agent; its conversation goes ``waiting`` → ``agent``.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        handoff_id: The request.
        agent_username: The agent claiming it.
        now: The current time, timezone-aware.

    Returns:
        The request, now held by ``agent_username``.

    Raises:
        AlreadyClaimed: Someone claimed it first; ``holder`` names them.
        HandoffNotFound: No such request.
        HandoffNotOpen: It is resolved or cancelled.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        result = session.execute(
            update(HandoffRequest)
            .where(HandoffRequest.id == handoff_id, HandoffRequest.status == models.WAITING)
            .values(status=models.AGENT, agent=agent_username, claimed_at=now, updated_at=now)
            .execution_options(synchronize_session=False)
        )
        assert isinstance(result, CursorResult)  # noqa: S101 - an UPDATE returns a cursor result
        row = session.get(HandoffRequest, handoff_id)
        if row is None:
            raise HandoffNotFound(f"no handoff {handoff_id}")
        if result.rowcount != 1:
            if row.status == models.AGENT:
                raise AlreadyClaimed(handoff_id, row.agent)
            raise HandoffNotOpen(handoff_id, row.status)
        # A request queued without the customer asking (a critical complaint) finds its
        # conversation still with the bot: the person takes it all the same.
        move_conversation(session, row, (states.WAITING, states.BOT), states.AGENT, now)
        announce(session, row, "handoff_joined", agent_username, now)
        record_event(session, handoff_id, agent_username, "claimed", now)
        uow.commit()
        return handoff_view(row)


def announce(
    session: Session, row: HandoffRequest, key: str, agent_username: str, now: datetime
) -> None:
    """Tells the customer, in the caller's transaction, which person now has their chat."""
    conversation = (
        None if row.conversation_id is None else session.get(Conversation, row.conversation_id)
    )
    if conversation is None:
        return
    name = session.scalar(
        select(AgentAccount.display_name).where(AgentAccount.username == agent_username)
    )
    language = conversation.language if is_language(conversation.language) else "zh"
    journal.add_message(
        session,
        conversation.id,
        sender="bot",
        text=render(key, language, agent=name or agent_username),
        channel=conversation.channel,
        language=language,
        at=now,
    )


def held_by(session: Session, handoff_id: int, agent_username: str) -> HandoffRequest:
    """Returns the request, locked, after checking that this agent holds it.

    Args:
        session: The caller's session, in a write transaction.
        handoff_id: The request.
        agent_username: The agent who says they hold it.

    Raises:
        HandoffNotFound: No such request.
        NotYourConversation: Another agent holds it, or nobody does yet.
        HandoffNotOpen: It is resolved or cancelled.
    """
    row = session.scalars(
        select(HandoffRequest).where(HandoffRequest.id == handoff_id).with_for_update()
    ).one_or_none()
    if row is None:
        raise HandoffNotFound(f"no handoff {handoff_id}")
    if row.status == models.WAITING:
        raise NotYourConversation(handoff_id, None)
    if row.status != models.AGENT:
        raise HandoffNotOpen(handoff_id, row.status)
    if row.agent != agent_username:
        raise NotYourConversation(handoff_id, row.agent)
    return row


def transfer(
    uow_factory: UowFactory,
    handoff_id: int,
    agent_username: str,
    *,
    to_agent: str | None,
    now: datetime,
) -> HandoffView:
    """Passes a held request to another agent, or puts it back in the queue.

    Back in the queue, the request is ``waiting`` again and so is its conversation
    (``agent`` → ``waiting``); passed to another agent, the conversation stays ``agent``.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        handoff_id: The request.
        agent_username: The agent who holds it.
        to_agent: The agent who takes it, or ``None`` for the queue.
        now: The current time, timezone-aware.

    Returns:
        The request after the transfer.

    Raises:
        NotYourConversation: ``agent_username`` does not hold it.
        HandoffNotFound: No such request.
        HandoffNotOpen: It is resolved or cancelled.
        InvalidHandoff: ``to_agent`` is the agent who already holds it.
    """
    if to_agent == agent_username:
        raise InvalidHandoff("a handoff cannot be transferred to the agent who holds it")
    with write_transaction(uow_factory) as uow:
        session = uow.session
        row = held_by(session, handoff_id, agent_username)
        row.updated_at = now
        if to_agent is not None:
            row.agent = to_agent
            row.claimed_at = now
            action = "transferred"
            announce(session, row, "handoff_transferred", to_agent, now)
        else:
            row.status = models.WAITING
            row.agent = None
            row.claimed_at = None
            move_conversation(session, row, (states.AGENT,), states.WAITING, now)
            action = "returned"
        record_event(session, handoff_id, agent_username, action, now, to=to_agent)
        uow.commit()
        return handoff_view(row)
