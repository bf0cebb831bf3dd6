"""Values exchanged with the conversation service, and the assistant it talks to."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from bot.language import Language

__all__ = [
    "Assistant",
    "Button",
    "CustomerTurn",
    "MessageView",
    "PhotoRef",
    "Reply",
    "StartedConversation",
    "TurnResult",
]


@dataclass(frozen=True)
class Button:
    """A button the bot offers: what it shows and what pressing it sends."""

    title: str
    payload: str

    def as_dict(self) -> dict[str, str]:
        """Returns the button as stored and served: ``{"title", "payload"}``."""
        return {"title": self.title, "payload": self.payload}


@dataclass(frozen=True)
class Reply:
    """One message of the bot's answer."""

    text: str
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class StartedConversation:
    """A new conversation and the only copy of its bearer token."""

    conversation_id: str
    token: str


@dataclass(frozen=True)
class TurnResult:
    """The bot's answer to one customer message, and who answers next."""

    replies: tuple[Reply, ...]
    state: str


@dataclass(frozen=True)
class CustomerTurn:
    """A customer message, stored, on its way to whoever answers it.

    Attributes:
        conversation_id: The conversation.
        message_id: The stored message.
        forwarded: What the assistant is sent: the typed text made safe, or the
            pressed button's payload.
        language: The language of the message.
        channel: Where the customer said it.
        state: Who answers the conversation: ``bot``, ``waiting`` or ``agent``.
        text: What the customer typed, or the pressed button's title.
        payload: The pressed button's payload, if a button was pressed.
        metadata: What else the assistant is told with the message (besides the
            language and channel), such as why the gateway hands the message over.
    """

    conversation_id: str
    message_id: int
    forwarded: str
    language: Language
    channel: str
    state: str
    text: str = ""
    payload: str | None = None
    metadata: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class PhotoRef:
    """A photo carried by a message: its identifier, type and size in pixels."""

    id: str
    content_type: str
    width: int
    height: int


@dataclass(frozen=True)
class MessageView:
    """A stored message as shown to the customer (``author``: an agent's display name)."""

    seq: int
    sender: str
    text: str
    at: datetime
    buttons: tuple[Button, ...] = field(default=())
    author: str | None = None
    photos: tuple[PhotoRef, ...] = field(default=())


class Assistant(Protocol):
    """The dialogue engine that answers customer messages (the Rasa server)."""

    def respond(
        self, conversation_id: str, message: str, metadata: Mapping[str, str]
    ) -> list[Reply]:
        """Sends one customer message and returns the bot's replies.

        Raises:
            AssistantUnavailableError: The engine or its action server did not answer.
        """
        ...
