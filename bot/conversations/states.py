"""Who has a conversation, and the only way that changes.

A conversation is in one of four states:

* ``bot``: the assistant answers (every conversation starts here);
* ``waiting``: handed over to people, waiting for one of them to take it;
* ``agent``: a person has it;
* ``closed``: a person ended it.

The transitions are ``bot`` → ``waiting`` (a handoff is requested), ``waiting`` →
``agent`` (a person claims it), ``waiting`` → ``bot`` (the customer changes their mind),
``agent`` → ``waiting`` (a person puts it back in the queue), ``agent`` → ``bot`` or
``closed`` (a person resolves it) and ``closed`` → ``bot``: a customer who writes to a
closed conversation reopens it and the assistant answers, as in Chatwoot. A person may
also claim a conversation still with the bot (``bot`` → ``agent``) when the request was
queued without the customer asking: a critical complaint. While
``waiting`` or ``agent`` the customer's messages are kept for the person and the bot
stays silent (:mod:`bot.conversations.routing`).

Every change is a conditional update (``… WHERE state IN (…)``) inside the caller's
transaction, so two callers never both move the same conversation.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Final

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from bot.conversations.models import Conversation

__all__ = [
    "AGENT",
    "BOT",
    "CLOSED",
    "STATES",
    "TRANSITIONS",
    "WAITING",
    "change_state",
    "state_of",
]

BOT: Final = "bot"
WAITING: Final = "waiting"
AGENT: Final = "agent"
CLOSED: Final = "closed"
STATES: Final = (BOT, WAITING, AGENT, CLOSED)

#: The states each state may move to.
TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    BOT: frozenset({WAITING, AGENT}),
    WAITING: frozenset({AGENT, BOT}),
    AGENT: frozenset({WAITING, BOT, CLOSED}),
    CLOSED: frozenset({BOT}),
}


def state_of(session: Session, conversation_id: str) -> str | None:
    """Returns the conversation's state, or ``None`` when this database does not hold it."""
    conversation = session.get(Conversation, conversation_id)
    return None if conversation is None else conversation.state


def change_state(
    session: Session,
    conversation_id: str,
    *,
    from_states: Collection[str],
    to: str,
    now: datetime,
) -> bool:
    """Moves a conversation to ``to`` if it is in one of ``from_states``.

    The update is conditional, so of two transactions moving the same conversation
    only the first changes it. Nothing is committed here.

    Args:
        session: The caller's session.
        conversation_id: The conversation.
        from_states: The states it may be moved from.
        to: The new state.
        now: The current time, timezone-aware.

    Returns:
        Whether the conversation was moved (``False``: another state, or no such
        conversation).

    Raises:
        ValueError: One of the moves is not a transition of the state machine.
    """
    illegal = sorted(state for state in from_states if to not in TRANSITIONS.get(state, ()))
    if illegal:
        raise ValueError(f"a conversation cannot go from {', '.join(illegal)} to {to!r}")
    result = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id, Conversation.state.in_(from_states))
        .values(state=to, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    assert isinstance(result, CursorResult)  # noqa: S101 - an UPDATE returns a cursor result
    return result.rowcount == 1
