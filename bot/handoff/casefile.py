"""Everything an agent reads about one handoff, so the customer repeats nothing.

The request with its summary, the transcript, the notes, and the customer's history
(earlier handoffs, booking and complaint references).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.conversations import journal
from bot.conversations.model import MessageView
from bot.conversations.models import Message
from bot.db import UowFactory
from bot.handoff.listing import conversation_handoffs, get_handoff
from bot.handoff.notes import NoteView, notes_of
from bot.handoff.queue import HandoffView

__all__ = ["CaseFile", "TranscriptLine", "case_file", "latest_customer_text", "transcript"]


#: One message of the conversation, as the agent reads it (photos included).
TranscriptLine = MessageView


@dataclass(frozen=True)
class CaseFile:
    """A handoff with all it takes to help the customer without asking again.

    Attributes:
        handoff: The request (its ``details`` is the structured summary).
        transcript: Every message of the conversation, oldest first.
        notes: The agents' private notes, oldest first.
        earlier: The conversation's earlier handoffs, oldest first.
    """

    handoff: HandoffView
    transcript: tuple[TranscriptLine, ...]
    notes: tuple[NoteView, ...]
    earlier: tuple[HandoffView, ...]

    @property
    def booking_references(self) -> tuple[str, ...]:
        """The repair visits the summary names (this conversation's and the phone's)."""
        details = self.handoff.details
        return () if details is None else details.booking_references

    @property
    def complaint_references(self) -> tuple[str, ...]:
        """The complaints the summary names."""
        details = self.handoff.details
        return () if details is None else details.complaint_references


def transcript(uow_factory: UowFactory, conversation_id: str) -> list[TranscriptLine]:
    """Every message of a conversation, oldest first."""
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.seq)
        ).all()
        return journal.views_of(uow.session, rows)


def latest_customer_text(
    uow_factory: UowFactory, conversation_id: str, *, since: datetime | None = None
) -> str | None:
    """What the customer typed last in a conversation (since ``since``), if anything.

    Pressed buttons and typed commands (``/human``) are not what the customer asks.
    """
    statement = select(Message.text).where(
        Message.conversation_id == conversation_id,
        Message.sender == "customer",
        Message.payload.is_(None),
        Message.text.not_like("/%"),
    )
    if since is not None:
        statement = statement.where(Message.created_at >= since)
    with uow_factory() as uow:
        return uow.session.scalar(statement.order_by(Message.seq.desc()).limit(1))


def case_file(uow_factory: UowFactory, handoff_id: int) -> CaseFile:
    """Reads a handoff's case file.

    Raises:
        HandoffNotFound: No such handoff.
    """
    handoff = get_handoff(uow_factory, handoff_id)
    conversation = handoff.conversation_id
    lines = () if conversation is None else tuple(transcript(uow_factory, conversation))
    earlier = (
        ()
        if conversation is None
        else tuple(h for h in conversation_handoffs(uow_factory, conversation) if h.id < handoff_id)
    )
    return CaseFile(handoff, lines, tuple(notes_of(uow_factory, handoff_id)), earlier)
