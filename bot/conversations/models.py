"""Conversations and their messages: the system of record of what was said.

The gateway stores every customer, bot and agent message here with its sequence number
and time, whatever happens to the Rasa server afterwards.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from bot.db.models import Base
from bot.db.types import utcnow

__all__ = ["Attachment", "Conversation", "Message"]


class Conversation(Base):
    """One customer conversation, on any channel.

    Attributes:
        id: Public, unguessable identifier.
        token_hash: SHA-256 of the bearer token that authorises access to it.
        language: The language of the customer's latest message (``zh``/``en``), or
            the one requested at creation; ``None`` until known.
        channel: Where the customer talks to us (``api``, later ``web``, ``telegram``).
        state: Who is answering: ``bot``, ``waiting`` (for a person), ``agent`` (a
            person has it) or ``closed`` (see :mod:`bot.conversations.states`).
        last_seq: Sequence number of the latest message; the next one takes ``+1``.
    """

    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64))
    language: Mapped[str | None] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(16), default="api")
    state: Mapped[str] = mapped_column(String(16), default="bot")
    last_seq: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    messages: Mapped[list[Message]] = relationship(
        back_populates="conversation", order_by="Message.seq", lazy="raise"
    )


class Message(Base):
    """One message in a conversation, numbered by ``seq`` from 1.

    Attributes:
        sender: ``customer``, ``bot`` or ``agent``.
        author: For an agent's message, the name the customer sees; otherwise ``None``.
        text: What was said; for a button press, the button's title.
        payload: The button payload the customer pressed, if any.
        buttons: Buttons offered with a bot message: ``[{"title", "payload"}]``.
        language: Language the message is in.
        channel: Where it was said (a customer message) or delivered (a reply):
            ``api`` for now, later ``web``, ``telegram``.
        delivery: For customer messages: ``pending`` until answered (by the assistant,
            or by a person once a person has the conversation), then ``delivered``;
            ``failed`` when the assistant could not be reached.
        client_key: The ``Idempotency-Key`` the customer's client sent the message with:
            the same key again is the same message, answered once.
    """

    __tablename__ = "messages"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq", name="uq_messages_conversation_seq"),
        UniqueConstraint("conversation_id", "client_key", name="uq_messages_client_key"),
        Index("ix_messages_conversation_sender", "conversation_id", "sender"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int]
    sender: Mapped[str] = mapped_column(String(16))
    author: Mapped[str | None] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    payload: Mapped[str | None] = mapped_column(String(512))
    buttons: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    language: Mapped[str | None] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(16), default="api")
    delivery: Mapped[str | None] = mapped_column(String(16))
    client_key: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")


class Attachment(Base):
    """A photo a customer sent (of the fault, the rating plate, the invoice).

    Attributes:
        id: Public, unguessable identifier; also the file's name.
        conversation_id: The conversation it was sent in.
        message_id: The customer message that carries it.
        content_type: ``image/jpeg``, ``image/png`` or ``image/webp``, as re-encoded.
        width: Width in pixels.
        height: Height in pixels.
        size: Bytes of the stored (re-encoded) file.
        sha256: Digest of the stored file, to check it is the one written.
        reference: The visit (``RV-…``) or complaint (``CP-…``) it was sent for, when known.
    """

    __tablename__ = "attachments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id", ondelete="CASCADE"))
    content_type: Mapped[str] = mapped_column(String(16))
    width: Mapped[int]
    height: Mapped[int]
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    reference: Mapped[str | None] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime]
