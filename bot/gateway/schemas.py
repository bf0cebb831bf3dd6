"""Request and response bodies of the conversation API (version 1)."""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from bot.conversations import MAX_TEXT_LENGTH, visible

__all__ = [
    "MAX_ID",
    "AttachmentOut",
    "ButtonOut",
    "ConversationCreated",
    "ErrorBody",
    "ErrorOut",
    "MessageIn",
    "MessageOut",
    "MessagesOut",
    "PhotoStoredOut",
    "ReplyOut",
    "StartConversationIn",
    "TurnOut",
]

#: The largest number a path or query may carry: the database's INTEGER (32-bit).
MAX_ID: Final = 2_147_483_647


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class StartConversationIn(_Strict):
    """Optional body of ``POST /api/v1/conversations``."""

    language: Literal["zh", "en"] | None = Field(
        default=None, description="The customer's language, if known."
    )
    channel: Literal["api", "web"] = Field(
        default="api", description="Where the customer talks: 'web' for the chat widget."
    )


class ConversationCreated(BaseModel):
    """A new conversation. Keep the token: it is shown only once."""

    conversation_id: str
    token: str = Field(description="Send as 'Authorization: Bearer <token>'.")


class MessageIn(_Strict):
    """A customer message: typed ``text``, or the ``payload`` of an offered button."""

    text: str | None = Field(default=None, max_length=MAX_TEXT_LENGTH)
    payload: str | None = Field(default=None, min_length=1, max_length=512)

    @field_validator("text", "payload")
    @classmethod
    def _visible_and_not_blank(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = visible(value)
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> MessageIn:
        if (self.text is None) == (self.payload is None):
            raise ValueError("send exactly one of 'text' and 'payload'")
        return self


class ButtonOut(BaseModel):
    """A button offered with a reply."""

    title: str
    payload: str


class ReplyOut(BaseModel):
    """One message of the bot's answer."""

    text: str
    buttons: list[ButtonOut] = Field(default_factory=list)


class TurnOut(BaseModel):
    """The bot's answer and who answers next: ``bot``, or ``waiting``/``agent`` (no replies)."""

    replies: list[ReplyOut]
    state: str


class AttachmentOut(BaseModel):
    """A photo: where to read it (with the same credentials), its type and size."""

    id: str
    url: str
    content_type: Literal["image/jpeg", "image/png", "image/webp"]
    width: int
    height: int


class MessageOut(BaseModel):
    """A stored message."""

    seq: int
    sender: Literal["customer", "bot", "agent"]
    text: str = Field(description="Plain text: show it as text, never as HTML.")
    buttons: list[ButtonOut] = Field(default_factory=list)
    at: datetime
    author: str | None = Field(default=None, description="The agent's name, for agent messages.")
    attachments: list[AttachmentOut] = Field(
        default_factory=list, description="Photos the customer sent with this message."
    )


class PhotoStoredOut(BaseModel):
    """A photo taken into the conversation: its message and where to read it."""

    seq: int
    attachment: AttachmentOut
    replies: list[ReplyOut]
    state: str


class MessagesOut(BaseModel):
    """Messages after the requested sequence number, oldest first."""

    messages: list[MessageOut]


class ErrorBody(BaseModel):
    """What went wrong."""

    code: str
    message: str


class ErrorOut(BaseModel):
    """Every error answer has this shape."""

    error: ErrorBody
