"""What callers see of a complaint: immutable snapshots, never live database rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.complaints.models import ComplaintRecord, ComplaintUpdate
from bot.complaints.request import DETAIL_FIELDS, ComplaintDetails
from bot.complaints.triage import Severity

__all__ = ["Complaint", "UpdateEntry", "complaint_view", "update_entry"]


@dataclass(frozen=True)
class Complaint(ComplaintDetails):
    """A complaint as it stands: what the customer told, and where it is.

    Attributes:
        reference: ``CP-`` and 8 characters, shown to the customer.
        status: ``received``, ``in_progress`` or ``resolved``.
        severity: ``critical``, ``high`` or ``normal``.
        safety_words: Safety words found in what the customer said.
        repeat_of: References of the earlier complaints this one repeats.
        owner: ``duty-supervisor`` (critical), ``complaints-desk`` or an agent's name.
        due_at: When a person must have answered.
        last_update: Text of the latest entry in its history.
        last_update_at: When that entry was made.
    """

    reference: str
    status: str
    severity: Severity
    safety_words: tuple[str, ...]
    repeat_of: tuple[str, ...]
    owner: str
    due_at: datetime
    resolution: str | None
    review_rating: int | None
    review_note: str | None
    created_at: datetime
    updated_at: datetime
    last_update: str
    last_update_at: datetime


@dataclass(frozen=True)
class UpdateEntry:
    """One entry of a complaint's history."""

    at: datetime
    kind: str
    text: str
    author: str


def _severity(value: str) -> Severity:
    if value == "critical":
        return "critical"
    if value == "high":
        return "high"
    return "normal"


def complaint_view(record: ComplaintRecord) -> Complaint:
    """Returns the snapshot of a record whose updates are loaded."""
    latest = record.updates[-1]
    return Complaint(
        **{name: getattr(record, name) for name in DETAIL_FIELDS},
        reference=record.reference,
        status=record.status,
        severity=_severity(record.severity),
        safety_words=tuple(record.safety_words),
        repeat_of=tuple(record.repeat_of),
        owner=record.owner,
        due_at=record.due_at,
        resolution=record.resolution,
        review_rating=record.review_rating,
        review_note=record.review_note,
        created_at=record.created_at,
        updated_at=record.updated_at,
        last_update=latest.text,
        last_update_at=latest.at,
    )


def update_entry(update: ComplaintUpdate) -> UpdateEntry:
    """Returns the snapshot of one history entry."""
    return UpdateEntry(update.at, update.kind, update.text, update.author)
