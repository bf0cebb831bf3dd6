"""What the Telegram bot does with each update: the callbacks, kept apart from the wiring.

Every update is handled once (:mod:`bot.telegram.claims`): its effect and its
``update_id`` are committed together, and an update seen before is dropped. Customer
messages, button presses, photos and ``/human`` go to the conversation service exactly
as on the HTTP API (channel ``telegram``); what the conversation says back reaches the
chat through the outbox (:mod:`bot.telegram.outbox`), which the handler asks to deliver
the chat at once. ``/start``, ``/help`` and ``/lang`` are the channel's own and answer
directly.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from telegram import Message, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot.attachments import ImageRejected
from bot.clock import Clock
from bot.conversations import (
    MAX_TEXT_LENGTH,
    AssistantUnavailableError,
    ConversationBusyError,
    ConversationService,
)
from bot.db import UowFactory
from bot.language import Language
from bot.telegram import chats
from bot.telegram.claims import DuplicateUpdate, claiming, is_processed
from bot.telegram.outbox import Outbox
from bot.texts import render

__all__ = ["CHANNEL", "HUMAN_COMMAND", "ChannelServices", "TelegramHandlers"]

logger = logging.getLogger(__name__)

#: The channel Telegram conversations and messages are stored with.
CHANNEL: Final = "telegram"
#: What ``/human`` posts: the gateway reads it as a request for a person.
HUMAN_COMMAND: Final = "/human"


@dataclass(frozen=True)
class ChannelServices:
    """What the handlers use.

    Attributes:
        conversations: The conversation service, on :attr:`claiming_uow` units of work.
        uow_factory: Plain units of work.
        claiming_uow: Units of work that also record the update being handled.
        clock: The clock.
        outbox: Delivers the conversation to the chats.
        max_photo_bytes: Largest photo downloaded.
    """

    conversations: ConversationService
    uow_factory: UowFactory
    claiming_uow: UowFactory
    clock: Clock
    outbox: Outbox
    max_photo_bytes: int


def _chat_id(update: Update) -> int | None:
    return update.effective_chat.id if update.effective_chat is not None else None


class TelegramHandlers:
    """The bot's callbacks.

    Args:
        services: What the handlers use.
    """

    def __init__(self, services: ChannelServices) -> None:
        self._s = services

    async def _link(self, update: Update) -> chats.ChatLink | None:
        chat_id = _chat_id(update)
        if chat_id is None:
            return None
        user = update.effective_user
        language = chats.language_of_user(user.language_code if user else None)

        def start(lang: Language) -> str:
            return self._s.conversations.start(lang, channel=CHANNEL).conversation_id

        return await asyncio.to_thread(
            chats.register, self._s.uow_factory, chat_id, language, start
        )

    async def _fresh(self, update: Update) -> bool:
        return not await asyncio.to_thread(is_processed, self._s.uow_factory, update.update_id)

    async def _once(self, update: Update, work: Callable[[], object]) -> bool:
        """Runs ``work`` with the update recorded in its first commit; False for a repeat."""
        if not await self._fresh(update):
            return False

        def run() -> None:
            with claiming(self._s.uow_factory, update.update_id, self._s.clock.now()):
                work()

        try:
            await asyncio.to_thread(run)
        except DuplicateUpdate:
            logger.info("Telegram update %s was already handled", update.update_id)
            return False
        return True

    async def _say(self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, text: str) -> None:
        await context.bot.send_message(chat_id, text)

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/start``: the chat gets its conversation and a welcome."""
        link = await self._link(update)
        if link is not None and await self._once(update, lambda: None):
            await self._say(context, link.chat_id, render("telegram_welcome", link.language))

    async def help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/help``: the commands."""
        link = await self._link(update)
        if link is not None and await self._once(update, lambda: None):
            await self._say(context, link.chat_id, render("telegram_help", link.language))

    async def lang(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/lang [zh|en]``: switches the language (without an argument, to the other one)."""
        link = await self._link(update)
        if link is None:
            return
        wanted = (context.args or [""])[0].lower()
        other: Language = "en" if link.language == "zh" else "zh"
        language: Language = "zh" if wanted == "zh" else "en" if wanted == "en" else other

        def switch() -> None:
            with self._s.claiming_uow() as uow:
                chats.set_language(uow.session, link.chat_id, language, self._s.clock.now())
                uow.commit()

        if await self._once(update, switch):
            await self._say(context, link.chat_id, render("telegram_language_set", language))

    async def human(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/human``: asks for a person, like typing ``/human`` in any channel."""
        await self._post(update, context, HUMAN_COMMAND)

    async def text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A typed message: one customer turn."""
        message = update.effective_message
        if message is not None and message.text:
            await self._post(update, context, message.text[:MAX_TEXT_LENGTH])

    async def _post(self, update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
        link = await self._link(update)
        if link is None:
            return
        with contextlib.suppress(TelegramError):
            await context.bot.send_chat_action(link.chat_id, ChatAction.TYPING)
        conversations = self._s.conversations
        handled = await self._once(
            update, lambda: conversations.post(link.conversation_id, text=text, channel=CHANNEL)
        )
        if handled:
            await self._s.outbox.deliver(link.chat_id)

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """An inline button pressed: its payload, if it was offered in this chat."""
        query = update.callback_query
        link = await self._link(update)
        if query is None or link is None or not await self._fresh(update):
            return
        payload = await asyncio.to_thread(
            chats.offered_payload, self._s.uow_factory, link.chat_id, query.data or ""
        )
        if payload is None:
            logger.warning("refused callback data not offered in chat %s", link.chat_id)
            if await self._once(update, lambda: None):
                refused = render("telegram_button_refused", link.language)
                await query.answer(refused, show_alert=True)
            return
        with contextlib.suppress(TelegramError):
            await query.answer()
        with contextlib.suppress(TelegramError):
            await query.edit_message_reply_markup(None)
        conversations = self._s.conversations
        handled = await self._once(
            update,
            lambda: conversations.post(link.conversation_id, payload=payload, channel=CHANNEL),
        )
        if handled:
            await self._s.outbox.deliver(link.chat_id)

    async def photo(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A photo (or an image sent as a file): the largest size goes into the conversation."""
        message = update.effective_message
        link = await self._link(update)
        if message is None or link is None or not await self._fresh(update):
            return
        data = await self._download(message)
        limit_mb = str(self._s.max_photo_bytes // 1_048_576)
        if data is None:
            if await self._once(update, lambda: None):
                text = render("telegram_photo_too_large", link.language, limit=limit_mb)
                await self._say(context, link.chat_id, text)
            return
        conversations = self._s.conversations
        try:
            handled = await self._once(
                update, lambda: conversations.attach(link.conversation_id, data, channel=CHANNEL)
            )
        except ImageRejected as exc:
            key = (
                "telegram_photo_too_large" if exc.code == "too_large" else "telegram_photo_refused"
            )
            await self._say(context, link.chat_id, render(key, link.language, limit=limit_mb))
            return
        if handled:
            await self._s.outbox.deliver(link.chat_id)

    async def _download(self, message: Message) -> bytes | None:
        """The photo's bytes, or ``None`` when Telegram says it is too large to take."""
        if message.photo:
            best = max(message.photo, key=lambda size: (size.width * size.height, size.file_size))
            size, file_id = best.file_size, best.file_id
        elif message.document is not None:
            size, file_id = message.document.file_size, message.document.file_id
        else:
            return None
        if size is not None and size > self._s.max_photo_bytes:
            return None
        file = await message.get_bot().get_file(file_id)
        return bytes(await file.download_as_bytearray())

    async def unsupported(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Stickers, voice, locations…: the customer is told what the bot reads."""
        link = await self._link(update)
        if link is not None and await self._once(update, lambda: None):
            await self._say(context, link.chat_id, render("telegram_unsupported", link.language))

    async def error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The one error handler: logs the failure and tells the customer, if there is one."""
        failure = context.error
        if isinstance(failure, AssistantUnavailableError | ConversationBusyError):
            logger.warning("the assistant did not answer a Telegram message: %s", failure)
            key = "telegram_unavailable"
        else:
            logger.error("handling a Telegram update failed", exc_info=failure)
            key = "telegram_error"
        if not isinstance(update, Update) or (chat_id := _chat_id(update)) is None:
            return
        link = await asyncio.to_thread(chats.chat_link, self._s.uow_factory, chat_id)
        language = link.language if link else "zh"
        with contextlib.suppress(TelegramError):
            await self._say(context, chat_id, render(key, language))
