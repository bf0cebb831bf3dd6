"""Reading and writing a conversation's messages inside the caller's transaction."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from bot.conversations.errors import ConversationNotFoundError, PayloadNotOfferedError
from bot.conversations.model import Button, MessageView, PhotoRef, Reply
from bot.conversations.models import Attachment, Conversation, Message

__all__ = [
    "add_message",
    "conversation_or_raise",
    "latest_customer_seq",
    "mark_delivered",
    "message_views",
    "message_with_key",
    "next_seq",
    "offered_button_title",
    "photos_of",
    "replies_to",
    "views_of",
]


def conversation_or_raise(session: Session, conversation_id: str) -> Conversation:
    """Returns the conversation.

    Raises:
        ConversationNotFoundError: No conversation has this identifier.
    """
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        raise ConversationNotFoundError(conversation_id)
    return conversation


def next_seq(session: Session, conversation_id: str) -> int:
    """Takes the next sequence number; the update locks the conversation's row."""
    session.execute(
        update(Conversation)
        .where(Conversation.id == conversation_id)
        .values(last_seq=Conversation.last_seq + 1)
        .execution_options(synchronize_session=False)
    )
    return session.scalars(
        select(Conversation.last_seq).where(Conversation.id == conversation_id)
    ).one()


def add_message(
    session: Session,
    conversation_id: str,
    *,
    sender: str,
    text: str,
    channel: str,
    language: str | None,
    payload: str | None = None,
    buttons: Sequence[Button] = (),
    delivery: str | None = None,
    author: str | None = None,
    at: datetime | None = None,
    client_key: str | None = None,
) -> Message:
    """Adds a message with the conversation's next sequence number.

    Args:
        session: The caller's session; the caller commits.
        conversation_id: The conversation.
        sender: ``customer``, ``bot`` or ``agent``.
        text: What was said (for a pressed button, its title).
        channel: Where the message was said or delivered.
        language: Its language.
        payload: The pressed button's payload, for a customer's button press.
        buttons: Buttons offered with a bot message.
        delivery: Delivery state of a customer message.
        author: The name the customer sees with an agent's message.
        at: When it was said; by default the time the row is written.
        client_key: The customer's client's idempotency key for this message.

    Returns:
        The new message, flushed so that it has its identifier.
    """
    message = Message(
        conversation_id=conversation_id,
        seq=next_seq(session, conversation_id),
        sender=sender,
        author=author,
        text=text,
        channel=channel,
        payload=payload,
        buttons=[b.as_dict() for b in buttons],
        language=language,
        delivery=delivery,
        client_key=client_key,
    )
    if at is not None:
        message.created_at = at
    session.add(message)
    session.flush()
    return message


def message_with_key(session: Session, conversation_id: str, client_key: str) -> Message | None:
    """The customer message sent with this idempotency key, if any."""
    return session.scalars(
        select(Message).where(
            Message.conversation_id == conversation_id, Message.client_key == client_key
        )
    ).one_or_none()


def latest_customer_seq(session: Session, conversation_id: str) -> int:
    """The sequence number of the customer's latest message (0 if none)."""
    found = session.scalar(
        select(func.max(Message.seq)).where(
            Message.conversation_id == conversation_id, Message.sender == "customer"
        )
    )
    return int(found or 0)


def replies_to(session: Session, message: Message) -> tuple[Reply, ...]:
    """The bot's replies to a customer message: its messages up to the customer's next."""
    replies: list[Reply] = []
    for row in session.scalars(
        select(Message)
        .where(Message.conversation_id == message.conversation_id, Message.seq > message.seq)
        .order_by(Message.seq)
    ):
        if row.sender == "customer":
            break
        if row.sender == "bot":
            replies.append(Reply(row.text, tuple(Button(**b) for b in row.buttons or ())))
    return tuple(replies)


def mark_delivered(session: Session, conversation_id: str) -> None:
    """Marks the customer's messages that were waiting for an answer as answered."""
    session.execute(
        update(Message)
        .where(
            Message.conversation_id == conversation_id,
            Message.sender == "customer",
            Message.delivery == "pending",
        )
        .values(delivery="delivered")
        .execution_options(synchronize_session=False)
    )


def offered_button_title(session: Session, conversation_id: str, payload: str) -> str:
    """Returns the title of the latest button the bot offered with this payload.

    Raises:
        PayloadNotOfferedError: The bot never offered this payload here.
    """
    offers = session.scalars(
        select(Message.buttons)
        .where(Message.conversation_id == conversation_id, Message.sender == "bot")
        .order_by(Message.seq.desc())
    )
    for buttons in offers:
        for button in buttons:
            if button.get("payload") == payload:
                return button.get("title", payload)
    raise PayloadNotOfferedError(payload)


def photos_of(session: Session, message_ids: Iterable[int]) -> dict[int, tuple[PhotoRef, ...]]:
    """The photos each of these messages carries, by message id (none: absent)."""
    ids = list(message_ids)
    found: dict[int, list[PhotoRef]] = {}
    if ids:
        rows = session.scalars(
            select(Attachment).where(Attachment.message_id.in_(ids)).order_by(Attachment.created_at)
        )
        for row in rows:
            photo = PhotoRef(row.id, row.content_type, row.width, row.height)
            found.setdefault(row.message_id, []).append(photo)
    return {message_id: tuple(photos) for message_id, photos in found.items()}


def views_of(session: Session, rows: Sequence[Message]) -> list[MessageView]:
    """The messages as shown, with their buttons, authors and photos."""
    photos = photos_of(session, (row.id for row in rows))
    return [
        MessageView(
            seq=row.seq,
            sender=row.sender,
            text=row.text,
            at=row.created_at,
            buttons=tuple(Button(**b) for b in row.buttons or ()),
            author=row.author,
            photos=photos.get(row.id, ()),
        )
        for row in rows
    ]


def message_views(
    session: Session, conversation_id: str, *, after: int, limit: int
) -> list[MessageView]:
    """Returns up to ``limit`` messages with ``seq`` greater than ``after``, oldest first."""
    rows = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation_id, Message.seq > after)
        .order_by(Message.seq)
        .limit(limit)
    ).all()
    return views_of(session, rows)
