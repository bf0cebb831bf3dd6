"""The staff's desk: reading a complaint and its history, progress, resolution, review.

These are what the agent console and the command line call; no phone check is made
here, the staff being trusted to act on any complaint.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from bot.complaints.errors import (
    ComplaintClosed,
    ComplaintNotResolved,
    InvalidNote,
    InvalidRating,
    InvalidStatus,
    ResolutionRequired,
)
from bot.complaints.models import ComplaintRecord, ComplaintUpdate
from bot.complaints.request import MAX_TEXT_LENGTH
from bot.complaints.store import check_time, require_complaint
from bot.complaints.view import Complaint, UpdateEntry, complaint_view, update_entry
from bot.db import UnitOfWork, UowFactory

__all__ = [
    "AGENT_STATUSES",
    "STATUSES",
    "complaint_history",
    "get_complaint",
    "record_feedback",
    "update_status",
]

STATUSES: Final = ("received", "in_progress", "resolved")
AGENT_STATUSES: Final = ("in_progress", "resolved")


def get_complaint(uow_factory: UowFactory, reference: str) -> Complaint:
    """Returns a complaint for the agents' side, without a phone check.

    Raises:
        ComplaintNotFound: No complaint has this reference.
    """
    with uow_factory() as uow:
        return complaint_view(require_complaint(uow.session, reference))


def complaint_history(uow_factory: UowFactory, reference: str) -> list[UpdateEntry]:
    """Returns every entry of a complaint's history, oldest first (agents' side).

    Raises:
        ComplaintNotFound: No complaint has this reference.
    """
    with uow_factory() as uow:
        return [update_entry(u) for u in require_complaint(uow.session, reference).updates]


def _agent_text(value: str, what: str, limit: int = MAX_TEXT_LENGTH) -> str:
    stripped = value.strip()
    if not stripped or len(stripped) > limit:
        raise InvalidNote(f"the {what} must be 1 to {limit} characters")
    return stripped


def _saved(uow: UnitOfWork, record: ComplaintRecord, now: datetime) -> Complaint:
    """Stamps the change, commits it and returns the complaint as it now stands."""
    record.updated_at = now
    uow.session.flush()
    uow.commit()
    return complaint_view(record)


def update_status(
    uow_factory: UowFactory,
    reference: str,
    *,
    status: str,
    note: str,
    author: str,
    now: datetime,
    owner: str | None = None,
    resolution: str | None = None,
) -> Complaint:
    """Records an agent's progress: ``in_progress`` with a note, or ``resolved``.

    A resolved complaint is final; if the problem comes back, the customer's new
    complaint is detected as a repeat of it.

    Args:
        uow_factory: Makes the unit of work.
        reference: The complaint's reference.
        status: ``in_progress`` or ``resolved``.
        note: What was done or agreed (goes into the history).
        author: The agent's name.
        now: The current time, timezone-aware.
        owner: Who owns it from now on, if that changes.
        resolution: How it was resolved; required with ``resolved`` and only then.

    Raises:
        InvalidStatus: Another status, or a resolution without resolving.
        InvalidNote: Empty or too long note, author, owner or resolution.
        ResolutionRequired: ``resolved`` without a resolution.
        ComplaintNotFound: Unknown reference.
        ComplaintClosed: Already resolved.
    """
    check_time(now)
    if status not in AGENT_STATUSES:
        raise InvalidStatus(f"status must be one of {', '.join(AGENT_STATUSES)}")
    note = _agent_text(note, "note")
    author = _agent_text(author, "author", 64)
    new_owner = None if owner is None else _agent_text(owner, "owner", 64)
    if status == "resolved":
        if resolution is None or not resolution.strip():
            raise ResolutionRequired("say how the complaint was resolved")
        resolution = _agent_text(resolution, "resolution")
    elif resolution is not None:
        raise InvalidStatus("a resolution is recorded only when resolving")
    with uow_factory() as uow:
        record = require_complaint(uow.session, reference, lock=True)
        if record.status == "resolved":
            raise ComplaintClosed(f"complaint {record.reference} is resolved")
        record.status = status
        if new_owner is not None:
            record.owner = new_owner
        record.updates.append(ComplaintUpdate(at=now, kind="status", text=note, author=author))
        if resolution is not None:
            record.resolution = resolution
            record.updates.append(
                ComplaintUpdate(at=now, kind="resolution", text=resolution, author=author)
            )
        return _saved(uow, record, now)


def record_feedback(
    uow_factory: UowFactory, reference: str, *, rating: int, note: str, now: datetime
) -> Complaint:
    """Records the customer's review of a resolved complaint (closing the loop).

    A later review replaces the earlier one; both stay in the history. An empty note
    is stored as ``None``.

    Raises:
        InvalidRating: ``rating`` is not a whole number from 1 to 5.
        InvalidNote: The note is over 2,000 characters.
        ComplaintNotFound: Unknown reference.
        ComplaintNotResolved: The complaint is not resolved yet.
    """
    check_time(now)
    if isinstance(rating, bool) or not 1 <= rating <= 5:
        raise InvalidRating("the rating must be a whole number from 1 to 5")
    cleaned = note.strip()
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidNote(f"the note is longer than {MAX_TEXT_LENGTH} characters")
    with uow_factory() as uow:
        record = require_complaint(uow.session, reference, lock=True)
        if record.status != "resolved":
            raise ComplaintNotResolved(f"complaint {record.reference} is not resolved yet")
        record.review_rating = rating
        record.review_note = cleaned or None
        text = f"{rating}/5" + (f": {cleaned}" if cleaned else "")
        record.updates.append(
            ComplaintUpdate(at=now, kind="feedback", text=text, author="customer")
        )
        return _saved(uow, record, now)
