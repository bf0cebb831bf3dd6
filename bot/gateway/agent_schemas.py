"""Request and response bodies of the agent API (``/api/v1/agent``, version 1)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from bot.conversations import MAX_TEXT_LENGTH, has_control_characters, visible
from bot.gateway.schemas import AttachmentOut, ButtonOut

__all__ = [
    "AgentOut",
    "AuditEntryOut",
    "AuditOut",
    "BookingOut",
    "CallbackOut",
    "CallbacksOut",
    "ComplaintOut",
    "EarlierHandoffOut",
    "HandoffDetailOut",
    "HandoffItemOut",
    "HandoffsOut",
    "HistoryOut",
    "LoginIn",
    "NoteOut",
    "PresenceIn",
    "ResolveIn",
    "SentOut",
    "SessionOut",
    "SuggestionOut",
    "SuggestionsOut",
    "SummaryOut",
    "TextIn",
    "TranscriptMessageOut",
    "TransferIn",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LoginIn(_Strict):
    """``POST /session``: an agent's username and password."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)

    @field_validator("username", "password")
    @classmethod
    def _no_control_characters(cls, value: str) -> str:
        if has_control_characters(value):
            raise ValueError("must not contain control characters")
        return value


class AgentOut(BaseModel):
    """An agent's account (never the password's hash)."""

    username: str
    display_name: str
    role: Literal["agent", "supervisor"]
    languages: list[str]
    skills: list[str]
    presence: Literal["online", "away", "offline"]
    capacity: int


class SessionOut(BaseModel):
    """A new session. Keep the token: it is shown only once."""

    token: str = Field(description="Send as 'Authorization: Bearer <token>'.")
    csrf_token: str = Field(description="For the console: repeat in 'X-CSRF-Token' on changes.")
    expires_at: datetime
    agent: AgentOut


class PresenceIn(_Strict):
    """``PUT /me/presence``: whether the agent takes conversations, and how many at once."""

    presence: Literal["online", "away"]
    capacity: int | None = Field(default=None, ge=1, le=10)


class HandoffItemOut(BaseModel):
    """A handoff in a list: what the queue shows."""

    id: int
    conversation_id: str | None
    reason: str
    reference: str | None
    priority: int = Field(description="0 is the most urgent.")
    status: Literal["waiting", "agent", "resolved", "cancelled"]
    language: str | None
    channel: str | None
    wants: str = Field(description="What the customer wants, in a few words.")
    category: str | None
    waiting_seconds: int = Field(description="Seconds since the customer asked.")
    agent: str | None = Field(description="Who holds it (or last held it).")
    created_at: datetime
    matches: bool = Field(description="The caller speaks its language and knows its product.")


class HandoffsOut(BaseModel):
    """Handoffs, in the queue's order."""

    items: list[HandoffItemOut]


class SummaryOut(BaseModel):
    """What the conversation has established (the handoff's structured summary)."""

    wants: str
    category: str | None = None
    model: str | None = None
    serial_number: str | None = None
    error_code: str | None = None
    warranty_status: str | None = None
    article_ids: list[str] = Field(default_factory=list)
    booking_references: list[str] = Field(default_factory=list)
    complaint_references: list[str] = Field(default_factory=list)
    phone: str | None = None
    units: list[str] = Field(
        default_factory=list, description="Serial numbers registered to the customer's phone."
    )
    hazard: str | None = Field(default=None, description="A safety hazard the customer reported.")


class TranscriptMessageOut(BaseModel):
    """One message of the conversation."""

    seq: int
    sender: Literal["customer", "bot", "agent"]
    author: str | None = Field(description="The agent's name, for agent messages.")
    text: str = Field(description="Plain text: show it as text, never as HTML.")
    at: datetime
    buttons: list[ButtonOut] = Field(default_factory=list)
    attachments: list[AttachmentOut] = Field(
        default_factory=list, description="Photos the customer sent (read with agent auth)."
    )


class NoteOut(BaseModel):
    """An agent's private note (never shown to the customer)."""

    id: int
    author: str
    text: str
    at: datetime


class EarlierHandoffOut(BaseModel):
    """An earlier handoff of the same conversation."""

    id: int
    reason: str
    status: str
    agent: str | None
    created_at: datetime
    wants: str


class HistoryOut(BaseModel):
    """The customer's history: earlier handoffs and references of visits and complaints."""

    handoffs: list[EarlierHandoffOut]
    booking_references: list[str]
    complaint_references: list[str]


class HandoffDetailOut(BaseModel):
    """A handoff with everything needed to help without asking again."""

    handoff: HandoffItemOut
    summary: SummaryOut | None
    transcript: list[TranscriptMessageOut]
    notes: list[NoteOut]
    history: HistoryOut


class TextIn(_Strict):
    """A message to the customer, or a private note."""

    text: str = Field(min_length=1, max_length=MAX_TEXT_LENGTH)

    @field_validator("text")
    @classmethod
    def _visible_and_not_blank(cls, value: str) -> str:
        value = visible(value)
        if not value.strip():
            raise ValueError("must not be empty")
        return value


class SentOut(BaseModel):
    """The agent's message, stored in the conversation."""

    seq: int


class TransferIn(_Strict):
    """``POST …/transfer``: the agent who takes it over, or ``null`` for the queue."""

    to: str | None = Field(max_length=64)

    @field_validator("to")
    @classmethod
    def _no_control_characters(cls, value: str | None) -> str | None:
        if value is not None and has_control_characters(value):
            raise ValueError("must not contain control characters")
        return value


class ResolveIn(_Strict):
    """``POST …/resolve``: end the handoff; ``close`` also closes the conversation."""

    close: bool = False


class SuggestionOut(BaseModel):
    """A knowledge article that may answer the customer, in the customer's language."""

    article_id: str
    title: str
    text: str = Field(description="The article's answer, ready to insert in the reply.")


class SuggestionsOut(BaseModel):
    """Up to three articles, the best first."""

    items: list[SuggestionOut]


class CallbackOut(BaseModel):
    """A callback ticket: call the customer back."""

    reference: str
    phone: str
    preferred_time: str
    language: str | None
    channel: str | None
    conversation_id: str | None
    summary: SummaryOut | None
    status: Literal["open", "done"]
    created_at: datetime
    done_at: datetime | None = None
    done_by: str | None = None


class CallbacksOut(BaseModel):
    """Open callback tickets, oldest first."""

    items: list[CallbackOut]


class BookingOut(BaseModel):
    """A repair visit (``RV-…``)."""

    reference: str
    status: str
    conversation_id: str | None
    language: str
    category: str
    model: str | None
    serial_number: str | None
    symptom: str
    error_code: str | None
    region: str
    address: str
    customer_name: str
    phone: str
    warranty_status: str
    quoted_fee: int | None
    window_start: datetime
    window_end: datetime
    technician_name_zh: str
    technician_name_en: str
    reschedule_count: int
    created_at: datetime
    photos: list[AttachmentOut] = Field(
        default_factory=list, description="Photos sent in the conversation of the visit."
    )


class ComplaintOut(BaseModel):
    """A complaint (``CP-…``)."""

    reference: str
    status: str
    severity: str
    conversation_id: str | None
    language: str
    category: str
    description: str
    model: str | None
    serial_number: str | None
    booking_reference: str | None
    customer_name: str | None
    phone: str
    owner: str
    due_at: datetime
    resolution: str | None
    created_at: datetime
    last_update: str
    last_update_at: datetime
    photos: list[AttachmentOut] = Field(
        default_factory=list, description="Photos sent in the conversation of the complaint."
    )


class AuditEntryOut(BaseModel):
    """One line of the audit log."""

    source: Literal["handoff", "agent"]
    id: int
    actor: str
    action: str
    at: datetime
    handoff_id: int | None
    detail: dict[str, Any]


class AuditOut(BaseModel):
    """A page of the audit log, newest first."""

    items: list[AuditEntryOut]
    offset: int
    limit: int
