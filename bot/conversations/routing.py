"""Who answers a customer message: the conversation's state decides.

A conversation in state ``bot`` is answered by the assistant. Once it is handed over to
people it is ``waiting`` (for a person) and then ``agent`` (a person has it): the
customer's messages are kept for that person and the bot stays silent. A ``closed``
conversation has no responder: the service reopens it (``bot``) before routing the
customer's message (:mod:`bot.conversations.states`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from bot.conversations import journal
from bot.conversations.errors import AssistantUnavailableError
from bot.conversations.model import Assistant, CustomerTurn, TurnResult
from bot.conversations.models import Message
from bot.conversations.states import AGENT, BOT, WAITING
from bot.db import UowFactory

__all__ = [
    "AGENT",
    "BOT",
    "WAITING",
    "AssistantResponder",
    "PersonResponder",
    "Responder",
    "default_responders",
]


class Responder(Protocol):
    """Answers the stored customer messages of conversations in one state."""

    def answer(self, turn: CustomerTurn) -> TurnResult:
        """Answers one customer message, already stored.

        Args:
            turn: The message and its conversation.

        Returns:
            The replies the customer gets now, and the conversation's state after them.

        Raises:
            AssistantUnavailableError: The assistant did not answer.
        """
        ...


class AssistantResponder:
    """The assistant answers; its replies are stored before they are returned.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        assistant: The dialogue engine.
    """

    def __init__(self, uow_factory: UowFactory, assistant: Assistant) -> None:
        self._uow_factory = uow_factory
        self._assistant = assistant

    def answer(self, turn: CustomerTurn) -> TurnResult:
        """Asks the assistant, stores its replies and marks the message delivered.

        Raises:
            AssistantUnavailableError: The assistant did not answer; the message is
                marked ``failed``.
        """
        try:
            metadata = {"language": turn.language, "channel": turn.channel, **turn.metadata}
            replies = self._assistant.respond(turn.conversation_id, turn.forwarded, metadata)
        except AssistantUnavailableError:
            self._set_delivery(turn.message_id, "failed")
            raise
        with self._uow_factory() as uow:
            for reply in replies:
                journal.add_message(
                    uow.session,
                    turn.conversation_id,
                    sender="bot",
                    text=reply.text,
                    channel=turn.channel,
                    language=turn.language,
                    buttons=reply.buttons,
                )
            uow.session.get_one(Message, turn.message_id).delivery = "delivered"
            # The assistant may have handed the conversation over meanwhile.
            state = journal.conversation_or_raise(uow.session, turn.conversation_id).state
            uow.commit()
        return TurnResult(replies=tuple(replies), state=state)

    def _set_delivery(self, message_id: int, delivery: str) -> None:
        with self._uow_factory() as uow:
            uow.session.get_one(Message, message_id).delivery = delivery
            uow.commit()


class PersonResponder:
    """A person answers later: the message waits for them (``pending``), no bot reply."""

    def answer(self, turn: CustomerTurn) -> TurnResult:
        """Returns no reply and the conversation's state."""
        return TurnResult(replies=(), state=turn.state)


def default_responders(uow_factory: UowFactory, assistant: Assistant) -> Mapping[str, Responder]:
    """Returns who answers in each state: the assistant, or a person once people have it.

    The assistant answers ``bot``; a person answers ``waiting`` and ``agent``. There is
    no responder for ``closed``: the service reopens the conversation first.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        assistant: The dialogue engine.
    """
    person = PersonResponder()
    return {BOT: AssistantResponder(uow_factory, assistant), WAITING: person, AGENT: person}
