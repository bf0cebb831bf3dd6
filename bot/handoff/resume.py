"""After a person: the bot asks for a rating, and the dialogue learns the handoff ended.

When an agent resolves a handoff, :func:`after_resolve` stores the bot's question "how
would you rate …" with five rating buttons in the conversation (the customer sees it on
their stream at once), and appends events to the dialogue engine's tracker: the
``handoff`` slot becomes ``resolved``, no form is active and none is half-asked, and the
count of unhandled turns starts again. The customer's next message then gets a normal
answer. Going back to the bot before anyone claimed the conversation ("never mind")
appends the same events with ``cancelled``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final, Protocol

from sqlalchemy import select

from bot.agents.models import AgentAccount
from bot.conversations import journal
from bot.conversations.model import Button
from bot.conversations.models import Conversation
from bot.db import UowFactory
from bot.handoff.desk import RATINGS
from bot.handoff.models import HandoffRequest
from bot.language import is_language
from bot.texts import render

__all__ = [
    "RATE",
    "TrackerEvents",
    "after_resolve",
    "agent_name",
    "ended_handoff_events",
    "rating_payload",
]

logger = logging.getLogger(__name__)

#: The payload prefix of the rating buttons.
RATE: Final = "/rate_handoff"


def rating_payload(handoff_id: int, rating: int) -> str:
    """The payload of the button that rates handoff ``handoff_id`` with ``rating``."""
    return f"{RATE}{json.dumps({'handoff': handoff_id, 'rating': rating})}"


class TrackerEvents(Protocol):
    """The dialogue engine's tracker, told about what happened outside the dialogue."""

    def tell(self, conversation_id: str, events: Sequence[Mapping[str, Any]]) -> None:
        """Appends ``events`` to the conversation's tracker.

        Raises:
            AssistantUnavailableError: The engine did not take them.
        """
        ...


def ended_handoff_events(how: str) -> list[dict[str, Any]]:
    """The tracker events of a handoff that ended ``how`` (``resolved``, ``cancelled``)."""
    return [
        {"event": "active_loop", "name": None},
        {"event": "slot", "name": "requested_slot", "value": None},
        {"event": "slot", "name": "handoff", "value": how},
        {"event": "slot", "name": "unhandled_turn", "value": None},
    ]


def agent_name(uow_factory: UowFactory, username: str | None) -> str:
    """The name customers see for an agent (the username if the account is gone)."""
    if username is None:
        return ""
    with uow_factory() as uow:
        name = uow.session.scalar(
            select(AgentAccount.display_name).where(AgentAccount.username == username)
        )
    return name or username


def after_resolve(
    uow_factory: UowFactory,
    handoff_id: int,
    *,
    tracker: TrackerEvents | None,
    now: datetime,
) -> None:
    """Asks the customer for a rating and tells the dialogue the handoff ended.

    Nothing is asked for a request without a conversation here. The tracker is told
    after the question is stored; if the engine does not answer, the failure is logged
    and the customer's next message is answered all the same.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        handoff_id: The resolved request.
        tracker: The dialogue engine's tracker, or ``None`` when there is none.
        now: The current time, timezone-aware.
    """
    with uow_factory() as uow:
        row = uow.session.get(HandoffRequest, handoff_id)
        conversation = (
            None
            if row is None or row.conversation_id is None
            else uow.session.get(Conversation, row.conversation_id)
        )
        if row is None or conversation is None:
            return
        language = next(
            (lang for lang in (conversation.language, row.language, "zh") if is_language(lang)),
            "zh",
        )
        assert is_language(language)  # noqa: S101 - "zh" is a language
        agent = agent_name(uow_factory, row.agent)
        buttons = [
            Button(
                render("handoff_rating_button", language, rating=str(rating)),
                rating_payload(handoff_id, rating),
            )
            for rating in RATINGS
        ]
        journal.add_message(
            uow.session,
            conversation.id,
            sender="bot",
            text=render("handoff_rate", language, agent=agent),
            channel=conversation.channel,
            language=language,
            buttons=buttons,
            at=now,
        )
        conversation_id = conversation.id
        uow.commit()
    if tracker is None:
        return
    try:
        tracker.tell(conversation_id, ended_handoff_events("resolved"))
    except Exception:
        logger.warning("could not tell the dialogue engine that %s was resolved", conversation_id)
