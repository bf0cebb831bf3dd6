"""Delivers a Telegram chat's conversation to Telegram, in order, each message once.

**Design.** Every message the customer receives on Telegram — the bot's replies to a
turn, an agent's reply, "an agent joined", the rating question, a callback offer — is
first a message in the conversation (``messages``, numbered by ``seq``). The outbox is
the only sender: per chat, ``telegram_deliveries.last_seq`` is the latest sequence number
handed to Telegram, and the outbox sends the bot's and agents' messages after it, oldest
first, moving the cursor after each one (the customer's own messages are passed over).
A turn's replies are therefore not sent by the handler that took the message; the
handler asks the outbox to deliver that chat at once (:meth:`Outbox.deliver`), and the
outbox also looks at the database every second for messages written elsewhere (the
gateway, the console, the action server). One path, one cursor: nothing is sent twice
and nothing overtakes an earlier message.

Within one conversation, sequence numbers are taken under a lock on the conversation's
row, so a message with a lower ``seq`` is always committed before a higher one is
visible: the cursor never skips a message committed late.

Sends go through the library's rate limiter (``AIORateLimiter`` retries a few flood
waits itself). A flood wait that outlasts it (``RetryAfter``) is waited out here and the
same message sent again; the cursor does not move until Telegram accepted it, so nothing
is lost or reordered. A chat that blocked the bot, or a message Telegram refuses, is
logged and passed over. After a network failure the chat is tried again on the next
round: if Telegram had in fact accepted the message, the customer sees it twice — the
Bot API offers no idempotency key, so this window (a send whose answer was lost) is the
only one left.

Run one outbox per deployment: the ``python -m bot telegram`` process in polling mode,
the gateway in webhook mode.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from sqlalchemy import select, update
from telegram import Bot
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError

from bot.clock import Clock
from bot.conversations.model import Button
from bot.conversations.models import Conversation, Message
from bot.db import UowFactory
from bot.language import Language
from bot.telegram.bridge import outgoing
from bot.telegram.models import TelegramChat, TelegramDelivery

__all__ = ["POLL_SECONDS", "Outbox", "Pending", "advance", "due_chats", "pending"]

logger = logging.getLogger(__name__)

#: How often the database is read for messages written outside a customer's turn.
POLL_SECONDS: Final = 1.0
#: Most messages read for one chat at a time.
_BATCH: Final = 50


@dataclass(frozen=True)
class Pending:
    """A message of the conversation after the chat's cursor."""

    seq: int
    sender: str
    text: str
    buttons: tuple[Button, ...]
    author: str | None


def due_chats(uow_factory: UowFactory) -> list[int]:
    """Chats whose conversation has messages after their cursor."""
    with uow_factory() as uow:
        return list(
            uow.session.scalars(
                select(TelegramDelivery.chat_id)
                .join(TelegramChat, TelegramChat.chat_id == TelegramDelivery.chat_id)
                .join(Conversation, Conversation.id == TelegramChat.conversation_id)
                .where(Conversation.last_seq > TelegramDelivery.last_seq)
                .order_by(TelegramDelivery.chat_id)
            )
        )


def pending(uow_factory: UowFactory, chat_id: int) -> tuple[Language, list[Pending]]:
    """The chat's language and the messages after its cursor, oldest first."""
    with uow_factory() as uow:
        chat = uow.session.get(TelegramChat, chat_id)
        cursor = uow.session.get(TelegramDelivery, chat_id)
        if chat is None or cursor is None:
            return "zh", []
        rows = uow.session.scalars(
            select(Message)
            .where(Message.conversation_id == chat.conversation_id, Message.seq > cursor.last_seq)
            .order_by(Message.seq)
            .limit(_BATCH)
        ).all()
        language: Language = "en" if chat.language == "en" else "zh"
        return language, [
            Pending(
                seq=row.seq,
                sender=row.sender,
                text=row.text,
                buttons=tuple(
                    Button(str(b["title"]), str(b["payload"])) for b in row.buttons or ()
                ),
                author=row.author,
            )
            for row in rows
        ]


def advance(uow_factory: UowFactory, chat_id: int, seq: int, clock: Clock) -> None:
    """Moves the chat's cursor to ``seq`` (never backwards)."""
    with uow_factory() as uow:
        uow.session.execute(
            update(TelegramDelivery)
            .where(TelegramDelivery.chat_id == chat_id, TelegramDelivery.last_seq < seq)
            .values(last_seq=seq, delivered_at=clock.now())
        )
        uow.commit()


def _seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        value: object = exc.retry_after
    if isinstance(value, timedelta):
        return value.total_seconds()
    return float(value) if isinstance(value, int | float) else 1.0


class Outbox:
    """Sends each Telegram chat's new conversation messages (see the module's design).

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        bot: The Telegram bot that sends.
        clock: Tells the time deliveries are recorded.
        poll_seconds: How often the database is read for new messages.
    """

    def __init__(
        self, uow_factory: UowFactory, bot: Bot, clock: Clock, *, poll_seconds: float = POLL_SECONDS
    ) -> None:
        self._uow_factory = uow_factory
        self._bot = bot
        self._clock = clock
        self._poll_seconds = poll_seconds
        self._locks: dict[int, asyncio.Lock] = {}
        self._wake = asyncio.Event()

    def wake(self) -> None:
        """Asks the running loop to look at the database now."""
        self._wake.set()

    async def run(self) -> None:
        """Delivers new messages every ``poll_seconds`` or when woken, until cancelled."""
        while True:
            try:
                await self.deliver_all()
            except Exception:
                logger.exception("delivering Telegram messages failed")
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._wake.wait(), self._poll_seconds)
            self._wake.clear()

    async def deliver_all(self) -> int:
        """Delivers every chat that has new messages; returns how many messages were sent."""
        sent = 0
        for chat_id in await asyncio.to_thread(due_chats, self._uow_factory):
            sent += await self.deliver(chat_id)
        return sent

    async def deliver(self, chat_id: int) -> int:
        """Sends the chat's messages after its cursor, in order; returns how many were sent."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        sent = 0
        async with lock:
            while True:
                language, messages = await asyncio.to_thread(pending, self._uow_factory, chat_id)
                if not messages:
                    return sent
                count, finished = await self._send_batch(chat_id, language, messages)
                sent += count
                if not finished or len(messages) < _BATCH:
                    return sent

    async def _send_batch(
        self, chat_id: int, language: Language, messages: Sequence[Pending]
    ) -> tuple[int, bool]:
        """Sends the messages in order; returns how many were sent and whether all were."""
        sent = 0
        for message in messages:
            if message.sender != "customer":
                try:
                    await self._send(chat_id, message, language)
                    sent += 1
                except (Forbidden, BadRequest) as exc:
                    logger.warning(
                        "Telegram refused message %s for chat %s: %s", message.seq, chat_id, exc
                    )
                except TelegramError as exc:
                    logger.warning("Telegram unreachable for chat %s, will retry: %s", chat_id, exc)
                    return sent, False
            await asyncio.to_thread(advance, self._uow_factory, chat_id, message.seq, self._clock)
        return sent, True

    async def _send(self, chat_id: int, message: Pending, language: Language) -> None:
        pieces = outgoing(
            sender=message.sender,
            text=message.text,
            buttons=message.buttons,
            author=message.author,
            language=language,
        )
        for piece in pieces:
            while True:
                try:
                    await self._bot.send_message(chat_id, piece.text, reply_markup=piece.markup)
                    break
                except RetryAfter as exc:
                    wait = _seconds(exc)
                    logger.info("Telegram flood wait for chat %s: %.1f s", chat_id, wait)
                    await asyncio.sleep(wait)
