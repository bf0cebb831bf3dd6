"""The conversation service: stores every message, then lets the assistant answer.

A customer message is committed before the assistant is asked, so it is never lost when
the assistant is down; the bot's replies are committed when they arrive. Messages of one
conversation are handled one at a time, so sequence numbers follow the order of turns.
"""

from __future__ import annotations

import threading
import uuid
import weakref
from collections.abc import Callable
from typing import Final

from sqlalchemy import select, update

from bot.conversations.errors import (
    AssistantUnavailableError,
    ConversationNotFoundError,
    InvalidTokenError,
    PayloadNotOfferedError,
)
from bot.conversations.model import (
    Assistant,
    Button,
    MessageView,
    Reply,
    StartedConversation,
    TurnResult,
)
from bot.conversations.models import Conversation, Message
from bot.conversations.tokens import hash_token, new_token, token_matches
from bot.db import UnitOfWork
from bot.language import Language, detect_language, is_language

__all__ = ["ConversationService", "neutralise_intent_shortcut"]

MAX_TEXT_LENGTH: Final = 2_000
_FULLWIDTH_SLASH: Final = "\uff0f"


def neutralise_intent_shortcut(text: str) -> str:
    """Makes sure typed text is never read as a Rasa intent shortcut.

    Rasa reads a message starting with ``/`` (after stripping spaces) as
    ``/intent{"entity": ...}``. A customer's typed slash becomes a full-width slash,
    which reads the same to a person and means nothing to Rasa.

    Args:
        text: Text the customer typed.

    Returns:
        The text to forward to Rasa.
    """
    stripped = text.strip()
    if stripped.startswith("/"):
        return _FULLWIDTH_SLASH + stripped[1:]
    return stripped


class ConversationService:
    """Starts conversations, takes customer messages and serves their history.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        assistant: The dialogue engine that answers.
    """

    def __init__(self, uow_factory: Callable[[], UnitOfWork], assistant: Assistant) -> None:
        self._uow_factory = uow_factory
        self._assistant = assistant
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._locks_guard = threading.Lock()

    def start(self, language: Language | None = None, channel: str = "api") -> StartedConversation:
        """Starts a conversation.

        Args:
            language: The customer's language, if already known.
            channel: Where the customer talks to us.

        Returns:
            The conversation's identifier and its bearer token (shown only now).
        """
        token = new_token()
        conversation = Conversation(
            id=uuid.uuid4().hex, token_hash=hash_token(token), language=language, channel=channel
        )
        with self._uow_factory() as uow:
            uow.session.add(conversation)
            uow.commit()
        return StartedConversation(conversation_id=conversation.id, token=token)

    def post(
        self,
        conversation_id: str,
        token: str,
        *,
        text: str | None = None,
        payload: str | None = None,
    ) -> TurnResult:
        """Takes one customer message (typed text or a pressed button) and answers it.

        Args:
            conversation_id: The conversation.
            token: Its bearer token.
            text: What the customer typed.
            payload: The payload of a button the bot offered earlier.

        Returns:
            The bot's replies and the conversation's state.

        Raises:
            ConversationNotFoundError: No such conversation.
            InvalidTokenError: The token does not match.
            PayloadNotOfferedError: The bot never offered this payload here.
            AssistantUnavailableError: The assistant did not answer; the customer's
                message is stored all the same.
            ValueError: Neither or both of ``text`` and ``payload`` were given.
        """
        if (text is None) == (payload is None):
            raise ValueError("give exactly one of text and payload")
        with self._lock_for(conversation_id):
            message_id, forwarded, language = self._store_customer_message(
                conversation_id, token, text, payload
            )
            try:
                replies = self._assistant.respond(
                    conversation_id, forwarded, {"language": language}
                )
            except AssistantUnavailableError:
                self._set_delivery(message_id, "failed")
                raise
            return self._store_replies(conversation_id, message_id, replies, language)

    def history(
        self, conversation_id: str, token: str, *, after: int = 0, limit: int = 100
    ) -> list[MessageView]:
        """Returns the conversation's messages with ``seq`` greater than ``after``.

        Raises:
            ConversationNotFoundError: No such conversation.
            InvalidTokenError: The token does not match.
        """
        with self._uow_factory() as uow:
            self._authorised(uow, conversation_id, token)
            rows = uow.session.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id, Message.seq > after)
                .order_by(Message.seq)
                .limit(limit)
            ).all()
            return [
                MessageView(
                    seq=row.seq,
                    sender=row.sender,
                    text=row.text,
                    at=row.created_at,
                    buttons=tuple(Button(**b) for b in row.buttons),
                )
                for row in rows
            ]

    # Steps of a turn ----------------------------------------------------------------

    def _store_customer_message(
        self, conversation_id: str, token: str, text: str | None, payload: str | None
    ) -> tuple[int, str, Language]:
        with self._uow_factory() as uow:
            conversation = self._authorised(uow, conversation_id, token)
            previous = conversation.language if is_language(conversation.language) else None
            if payload is not None:
                shown = self._offered_button_title(uow, conversation_id, payload)
                language = previous or detect_language(shown)
                forwarded = payload
            else:
                assert text is not None  # noqa: S101 - checked by the caller
                shown = text.strip()
                language = detect_language(shown, previous)
                forwarded = neutralise_intent_shortcut(shown)
            message = Message(
                conversation_id=conversation_id,
                seq=self._next_seq(uow, conversation_id),
                sender="customer",
                text=shown,
                payload=payload,
                language=language,
                delivery="pending",
            )
            conversation.language = language
            uow.session.add(message)
            uow.commit()
            return message.id, forwarded, language

    def _store_replies(
        self, conversation_id: str, message_id: int, replies: list[Reply], language: Language
    ) -> TurnResult:
        with self._uow_factory() as uow:
            conversation = uow.session.get_one(Conversation, conversation_id)
            for reply in replies:
                uow.session.add(
                    Message(
                        conversation_id=conversation_id,
                        seq=self._next_seq(uow, conversation_id),
                        sender="bot",
                        text=reply.text,
                        buttons=[b.as_dict() for b in reply.buttons],
                        language=language,
                    )
                )
            uow.session.get_one(Message, message_id).delivery = "delivered"
            uow.commit()
            return TurnResult(replies=tuple(replies), state=conversation.state)

    def _set_delivery(self, message_id: int, delivery: str) -> None:
        with self._uow_factory() as uow:
            uow.session.get_one(Message, message_id).delivery = delivery
            uow.commit()

    # Helpers ------------------------------------------------------------------------

    @staticmethod
    def _authorised(uow: UnitOfWork, conversation_id: str, token: str) -> Conversation:
        conversation = uow.session.get(Conversation, conversation_id)
        if conversation is None:
            raise ConversationNotFoundError(conversation_id)
        if not token_matches(token, conversation.token_hash):
            raise InvalidTokenError(conversation_id)
        return conversation

    @staticmethod
    def _next_seq(uow: UnitOfWork, conversation_id: str) -> int:
        """Takes the next sequence number; the update locks the conversation's row."""
        uow.session.execute(
            update(Conversation)
            .where(Conversation.id == conversation_id)
            .values(last_seq=Conversation.last_seq + 1)
            .execution_options(synchronize_session=False)
        )
        return uow.session.scalars(
            select(Conversation.last_seq).where(Conversation.id == conversation_id)
        ).one()

    @staticmethod
    def _offered_button_title(uow: UnitOfWork, conversation_id: str, payload: str) -> str:
        offers = uow.session.scalars(
            select(Message.buttons)
            .where(Message.conversation_id == conversation_id, Message.sender == "bot")
            .order_by(Message.seq.desc())
        )
        for buttons in offers:
            for button in buttons:
                if button.get("payload") == payload:
                    return button.get("title", payload)
        raise PayloadNotOfferedError(payload)

    def _lock_for(self, conversation_id: str) -> threading.Lock:
        with self._locks_guard:
            lock = self._locks.get(conversation_id)
            if lock is None:
                lock = threading.Lock()
                self._locks[conversation_id] = lock
            return lock
