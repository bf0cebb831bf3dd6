"""The conversation service: stores every message, then lets whoever answers answer.

Callers authenticate first (:meth:`ConversationService.authorise` checks a bearer
token; another channel may identify its conversations otherwise) and then pass the
conversation's identifier. A customer message is committed before anyone is asked, so
it is never lost when the assistant is down; the conversation's state decides who
answers it (:mod:`bot.conversations.routing`). Messages of one conversation are handled
one at a time (:mod:`bot.conversations.locks`), so sequence numbers follow the order of
turns.

A customer message to a ``closed`` conversation reopens it: it goes back to ``bot`` in
the transaction that stores the message, and the assistant answers.

A client may send each message with an idempotency key. The same key again is the same
message: it is stored once, and answered once. Resent after the assistant could not
answer it, it is answered now; resent after it was answered (the answer was lost on the
way), the stored answer is returned.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

from bot.attachments import PhotoFiles
from bot.clock import Clock, SystemClock
from bot.conversations import journal
from bot.conversations.errors import (
    ConversationError,
    IdempotencyKeyReusedError,
    InvalidTokenError,
)
from bot.conversations.locks import ConversationLocks, InProcessLocks
from bot.conversations.model import (
    Assistant,
    CustomerTurn,
    MessageView,
    PhotoRef,
    Reply,
    StartedConversation,
    TurnResult,
)
from bot.conversations.models import Conversation
from bot.conversations.photos import add_photo
from bot.conversations.routing import Responder, default_responders
from bot.conversations.states import BOT, CLOSED
from bot.conversations.text import neutralise_intent_shortcut, visible
from bot.conversations.tokens import hash_token, new_token, token_matches
from bot.db import UowFactory
from bot.language import Language, detect_language, is_language
from bot.texts import render

__all__ = ["ConversationService"]


class ConversationService:
    """Starts conversations, takes customer messages and serves their history.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        assistant: The dialogue engine that answers conversations in state ``bot``.
        locks: Serialises the turns of one conversation; in-process locks by default.
        responders: Who answers in each state; by default the assistant for ``bot``
            and a person for ``waiting`` and ``agent``
            (:func:`~bot.conversations.routing.default_responders`).
        photos: Where customers' photos are kept; without it, photos are refused.
        clock: Tells the time photos are taken; the system clock by default.
    """

    def __init__(
        self,
        uow_factory: UowFactory,
        assistant: Assistant,
        *,
        locks: ConversationLocks | None = None,
        responders: Mapping[str, Responder] | None = None,
        photos: PhotoFiles | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._uow_factory = uow_factory
        self._locks = locks or InProcessLocks()
        self._responders = responders or default_responders(uow_factory, assistant)
        self._photos = photos
        self._clock = clock or SystemClock()

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

    def authorise(self, conversation_id: str, token: str) -> None:
        """Checks that a bearer token gives access to a conversation.

        Args:
            conversation_id: The conversation.
            token: The token the caller presented.

        Raises:
            ConversationNotFoundError: No such conversation.
            InvalidTokenError: The token does not match.
        """
        with self._uow_factory() as uow:
            conversation = journal.conversation_or_raise(uow.session, conversation_id)
            if not token_matches(token, conversation.token_hash):
                raise InvalidTokenError(conversation_id)

    def post(
        self,
        conversation_id: str,
        *,
        text: str | None = None,
        payload: str | None = None,
        channel: str | None = None,
        client_key: str | None = None,
    ) -> TurnResult:
        """Takes one customer message (typed text or a pressed button) and answers it.

        Args:
            conversation_id: The conversation, already authorised by the caller.
            text: What the customer typed.
            payload: The payload of a button the bot offered earlier.
            channel: Where the customer said it; by default the conversation's channel.
            client_key: The client's idempotency key for this message, if it sent one.

        Returns:
            The replies (none while a person has the conversation) and its state.

        Raises:
            ConversationNotFoundError: No such conversation.
            PayloadNotOfferedError: The bot never offered this payload here.
            AssistantUnavailableError: The assistant did not answer; the customer's
                message is stored all the same.
            IdempotencyKeyReusedError: The key came with another message before.
            ValueError: Neither or both of ``text`` and ``payload`` were given.
        """
        if (text is None) == (payload is None):
            raise ValueError("give exactly one of text and payload")
        with self._locks.hold(conversation_id):
            if client_key is not None:
                again = self._sent_before(conversation_id, client_key, text, payload)
                if isinstance(again, TurnResult):
                    return again
                if again is not None:
                    return again[1].answer(again[0])
            turn, responder = self._store_customer_message(
                conversation_id, text, payload, channel, client_key
            )
            return responder.answer(turn)

    def attach(
        self, conversation_id: str, data: bytes, *, channel: str | None = None
    ) -> tuple[int, PhotoRef, TurnResult]:
        """Takes a customer's photo into the conversation as a message of its own.

        The assistant cannot see photos: while it answers, it acknowledges the photo
        (kept with the customer's case); while people have the conversation, the photo
        waits for them like any message.

        Args:
            conversation_id: The conversation, already authorised by the caller.
            data: The uploaded bytes.
            channel: Where the customer sent it; by default the conversation's channel.

        Returns:
            The photo message's sequence number, the photo, and the reply.

        Raises:
            ConversationNotFoundError: No such conversation.
            ImageRejected: Too large, not an image, or an unsupported type.
            ConversationError: This service takes no photos.
        """
        if self._photos is None:
            raise ConversationError("photos are not accepted here")
        with self._locks.hold(conversation_id), self._uow_factory() as uow:
            conversation = journal.conversation_or_raise(uow.session, conversation_id)
            if conversation.state == CLOSED:
                conversation.state = BOT
            channel = channel or conversation.channel
            language: Language = (
                conversation.language if is_language(conversation.language) else "zh"
            )
            stored = add_photo(
                uow.session,
                self._photos,
                conversation_id,
                data,
                caption=render("photo_caption", language),
                channel=channel,
                language=language,
                reference=None,
                now=self._clock.now(),
            )
            replies: tuple[Reply, ...] = ()
            if conversation.state == BOT:
                thanks = render("photo_received", language)
                journal.add_message(
                    uow.session,
                    conversation_id,
                    sender="bot",
                    text=thanks,
                    channel=channel,
                    language=language,
                )
                stored.message.delivery = "delivered"
                replies = (Reply(thanks),)
            state = conversation.state
            try:
                uow.commit()
            except BaseException:
                self._photos.remove([stored.photo.id])
                raise
        return stored.message.seq, stored.photo, TurnResult(replies=replies, state=state)

    def history(
        self, conversation_id: str, *, after: int = 0, limit: int = 100
    ) -> list[MessageView]:
        """Returns the conversation's messages with ``seq`` greater than ``after``.

        Args:
            conversation_id: The conversation, already authorised by the caller.
            after: Only messages after this sequence number.
            limit: At most this many messages.

        Raises:
            ConversationNotFoundError: No such conversation.
        """
        with self._uow_factory() as uow:
            journal.conversation_or_raise(uow.session, conversation_id)
            return journal.message_views(uow.session, conversation_id, after=after, limit=limit)

    def _sent_before(
        self, conversation_id: str, client_key: str, text: str | None, payload: str | None
    ) -> TurnResult | tuple[CustomerTurn, Responder] | None:
        """What to do with a message whose key was seen: answer it again or replay.

        Returns:
            ``None`` for a new key; the stored answer; or, for the conversation's latest
            customer message that the assistant failed to answer, the turn to retry.
        """
        with self._uow_factory() as uow:
            conversation = journal.conversation_or_raise(uow.session, conversation_id)
            message = journal.message_with_key(uow.session, conversation_id, client_key)
            if message is None:
                return None
            if payload is not None:
                same = message.payload == payload
            else:
                same = message.payload is None and message.text == (text or "").strip()
            if not same:
                raise IdempotencyKeyReusedError(client_key)
            responder = self._responders.get(conversation.state)
            retry = (
                message.delivery == "failed"
                and conversation.state == BOT
                and responder is not None
                and message.seq == journal.latest_customer_seq(uow.session, conversation_id)
            )
            if not retry or responder is None:
                return TurnResult(
                    replies=journal.replies_to(uow.session, message), state=conversation.state
                )
            language: Language = message.language if is_language(message.language) else "zh"
            message.delivery = "pending"
            turn = CustomerTurn(
                conversation_id=conversation_id,
                message_id=message.id,
                forwarded=message.payload or neutralise_intent_shortcut(message.text),
                language=language,
                channel=message.channel,
                state=conversation.state,
                text=message.text,
                payload=message.payload,
            )
            uow.commit()
        return turn, responder

    def _store_customer_message(
        self,
        conversation_id: str,
        text: str | None,
        payload: str | None,
        channel: str | None,
        client_key: str | None,
    ) -> tuple[CustomerTurn, Responder]:
        with self._uow_factory() as uow:
            conversation = journal.conversation_or_raise(uow.session, conversation_id)
            channel = channel or conversation.channel
            if conversation.state == CLOSED:
                conversation.state = BOT
            responder = self._responders.get(conversation.state)
            if responder is None:
                raise ConversationError(
                    f"nobody answers conversations in state {conversation.state!r}"
                )
            previous = conversation.language if is_language(conversation.language) else None
            if payload is not None:
                shown = journal.offered_button_title(uow.session, conversation_id, payload)
                language = previous or detect_language(shown)
                forwarded = payload
            else:
                assert text is not None  # noqa: S101 - checked by the caller
                shown = visible(text).strip()
                language = detect_language(shown, previous)
                forwarded = neutralise_intent_shortcut(shown)
            message = journal.add_message(
                uow.session,
                conversation_id,
                sender="customer",
                text=shown,
                channel=channel,
                language=language,
                payload=payload,
                delivery="pending",
                client_key=client_key,
            )
            conversation.language = language
            turn = CustomerTurn(
                conversation_id=conversation_id,
                message_id=message.id,
                forwarded=forwarded,
                language=language,
                channel=channel,
                state=conversation.state,
                text=shown,
                payload=payload,
            )
            uow.commit()
        return turn, responder
