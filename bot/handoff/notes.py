"""Agents' private notes on a handoff: kept with it, never shown to the customer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from bot.conversations.text import MAX_TEXT_LENGTH
from bot.db import UowFactory
from bot.handoff.audit import record_event
from bot.handoff.errors import HandoffNotFound, InvalidHandoff
from bot.handoff.models import HandoffNote, HandoffRequest

__all__ = ["NoteView", "add_note", "notes_of"]


@dataclass(frozen=True)
class NoteView:
    """A private note.

    Attributes:
        id: The note.
        handoff_id: The handoff it is about.
        author: The agent's username.
        text: What the agent wrote.
        at: When.
    """

    id: int
    handoff_id: int
    author: str
    text: str
    at: datetime


def _view(row: HandoffNote) -> NoteView:
    return NoteView(row.id, row.handoff_id, row.author, row.text, row.at)


def add_note(
    uow_factory: UowFactory, handoff_id: int, author: str, text: str, *, now: datetime
) -> NoteView:
    """Adds a private note to a handoff, with its audit row (``noted``), in one transaction.

    Any agent may note any handoff, held or not: a colleague's hint is welcome.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        handoff_id: The handoff.
        author: The agent's username.
        text: The note.
        now: The current time, timezone-aware.

    Returns:
        The stored note.

    Raises:
        InvalidHandoff: The text is empty or too long.
        HandoffNotFound: No such handoff.
    """
    said = text.strip()
    if not said or len(said) > MAX_TEXT_LENGTH:
        raise InvalidHandoff(f"a note has 1 to {MAX_TEXT_LENGTH} characters")
    with uow_factory() as uow:
        session = uow.session
        if session.get(HandoffRequest, handoff_id) is None:
            raise HandoffNotFound(f"no handoff {handoff_id}")
        row = HandoffNote(handoff_id=handoff_id, author=author, text=said, at=now)
        session.add(row)
        session.flush()
        record_event(session, handoff_id, author, "noted", now, note=row.id)
        uow.commit()
        return _view(row)


def notes_of(uow_factory: UowFactory, handoff_id: int) -> list[NoteView]:
    """A handoff's notes, oldest first."""
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(HandoffNote).where(HandoffNote.handoff_id == handoff_id).order_by(HandoffNote.id)
        )
        return [_view(row) for row in rows]
