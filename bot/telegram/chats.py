"""Telegram chats and their conversations: look-up, registration, language, offered buttons."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.conversations.model import Button
from bot.conversations.models import Conversation, Message
from bot.db import UowFactory
from bot.language import Language
from bot.telegram.bridge import payload_for
from bot.telegram.models import TelegramChat, TelegramDelivery

__all__ = [
    "ChatLink",
    "chat_link",
    "language_of_user",
    "offered_payload",
    "register",
    "set_language",
]


@dataclass(frozen=True)
class ChatLink:
    """A chat's conversation and the customer's language."""

    chat_id: int
    conversation_id: str
    language: Language


def _link(row: TelegramChat) -> ChatLink:
    language: Language = "en" if row.language == "en" else "zh"
    return ChatLink(row.chat_id, row.conversation_id, language)


def language_of_user(language_code: str | None) -> Language:
    """The language for a Telegram user's interface language (Chinese or else English)."""
    return "zh" if (language_code or "zh").lower().startswith("zh") else "en"


def chat_link(uow_factory: UowFactory, chat_id: int) -> ChatLink | None:
    """The chat's conversation, or ``None`` for a chat not seen yet."""
    with uow_factory() as uow:
        row = uow.session.get(TelegramChat, chat_id)
        return None if row is None else _link(row)


def register(
    uow_factory: UowFactory,
    chat_id: int,
    language: Language,
    start: Callable[[Language], str],
) -> ChatLink:
    """Returns the chat's conversation, starting one (``start``) for a new chat.

    The outbox's cursor starts at the conversation's first message.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        chat_id: Telegram's chat identifier.
        language: The customer's language, for a new chat.
        start: Starts a conversation in this language and returns its identifier.
    """
    known = chat_link(uow_factory, chat_id)
    if known is not None:
        return known
    conversation_id = start(language)
    with uow_factory() as uow:
        uow.session.add(
            TelegramChat(chat_id=chat_id, conversation_id=conversation_id, language=language)
        )
        uow.session.flush()
        uow.session.add(TelegramDelivery(chat_id=chat_id, last_seq=0, delivered_at=None))
        with contextlib.suppress(IntegrityError):  # the same chat, registered at once
            uow.commit()
    found = chat_link(uow_factory, chat_id)
    assert found is not None  # noqa: S101 - registered just now
    return found


def set_language(session: Session, chat_id: int, language: Language, now: datetime) -> None:
    """Switches the chat and its conversation to ``language``, in the caller's transaction."""
    row = session.get(TelegramChat, chat_id)
    if row is None:
        return
    row.language = language
    conversation = session.get(Conversation, row.conversation_id)
    if conversation is not None:
        conversation.language = language
        conversation.updated_at = now


def offered_payload(uow_factory: UowFactory, chat_id: int, key: str) -> str | None:
    """The payload of a button offered in this chat whose callback data is ``key``.

    Returns:
        The payload, or ``None`` when no button offered in this chat has this key
        (forged, or from another chat).
    """
    with uow_factory() as uow:
        row = uow.session.get(TelegramChat, chat_id)
        if row is None:
            return None
        offers = uow.session.scalars(
            select(Message.buttons)
            .where(Message.conversation_id == row.conversation_id, Message.sender == "bot")
            .order_by(Message.seq.desc())
        )
        buttons = [Button(str(b["title"]), str(b["payload"])) for group in offers for b in group]
    return payload_for(key, buttons)
