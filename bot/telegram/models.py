"""Telegram's tables: which conversation a chat is, which updates were handled, what was sent.

* ``telegram_chats``: one row per Telegram chat, naming the conversation it talks in and
  the language the customer chose (``/lang``).
* ``telegram_updates``: every update handled, by Telegram's ``update_id``; the row is
  written in the transaction that stores the update's effect, so an update Telegram
  delivers again is recognised and answered once (:mod:`bot.telegram.claims`).
* ``telegram_deliveries``: per chat, the sequence number of the latest conversation
  message handed to Telegram: the outbox's cursor (:mod:`bot.telegram.outbox`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.types import utcnow

__all__ = ["TelegramChat", "TelegramDelivery", "TelegramUpdate"]


class TelegramChat(Base):
    """A Telegram chat and the conversation it talks in.

    Attributes:
        chat_id: Telegram's chat identifier.
        conversation_id: The conversation (channel ``telegram``).
        language: The customer's language (``zh``/``en``), switched with ``/lang``.
    """

    __tablename__ = "telegram_chats"

    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), unique=True
    )
    language: Mapped[str] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TelegramUpdate(Base):
    """An update already handled: its effect was committed with this row.

    Attributes:
        update_id: Telegram's update identifier.
        processed_at: When its effect was committed.
    """

    __tablename__ = "telegram_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    processed_at: Mapped[datetime]


class TelegramDelivery(Base):
    """How far a chat's conversation has been delivered to Telegram.

    Attributes:
        chat_id: Telegram's chat identifier.
        last_seq: Sequence number of the latest message of the conversation handed to
            Telegram (or passed over: the customer's own messages).
        delivered_at: When the cursor last moved.
    """

    __tablename__ = "telegram_deliveries"

    chat_id: Mapped[int] = mapped_column(
        BigInteger,
        ForeignKey("telegram_chats.chat_id", ondelete="CASCADE"),
        primary_key=True,
        autoincrement=False,
    )
    last_seq: Mapped[int] = mapped_column(default=0)
    delivered_at: Mapped[datetime | None]
