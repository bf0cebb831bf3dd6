"""What both sides of the complaints desk share: loading a complaint, owners, the queue.

Every change is one transaction: the complaint, its history entry and — when it is
critical — the request for a person are committed together or not at all, so no
complaint is recorded without its next step ("four nothing-missed").
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot.complaints.errors import ComplaintNotFound
from bot.complaints.models import ComplaintRecord
from bot.conversations.models import Conversation
from bot.handoff.queue import CRITICAL_PRIORITY, enqueue_handoff
from bot.handoff.summary import HandoffSummary
from bot.language import Language
from bot.references import parse_complaint_reference
from bot.texts import render

__all__ = [
    "CRITICAL_OWNER",
    "DESK_OWNER",
    "check_time",
    "handoff_summary",
    "language_of",
    "load_complaint",
    "queue_for_person",
    "require_complaint",
]

CRITICAL_OWNER: Final = "duty-supervisor"
DESK_OWNER: Final = "complaints-desk"


def check_time(now: datetime) -> None:
    """Refuses a naive ``now``.

    Raises:
        ValueError: ``now`` has no time zone.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")


def language_of(record: ComplaintRecord) -> Language:
    """The language the complaint was made in."""
    return "zh" if record.language == "zh" else "en"


def load_complaint(
    session: Session, reference: str | None, *, lock: bool = False
) -> ComplaintRecord | None:
    """The complaint with a reference typed in any form, its history loaded.

    Args:
        session: The session of the unit of work.
        reference: The reference as typed; ``None`` finds nothing.
        lock: Lock the complaint's row until the transaction ends.
    """
    canonical = None if reference is None else parse_complaint_reference(reference)
    if canonical is None:
        return None
    statement = (
        select(ComplaintRecord)
        .where(ComplaintRecord.reference == canonical)
        .options(selectinload(ComplaintRecord.updates))
    )
    if lock:
        statement = statement.with_for_update()
    return session.scalars(statement).one_or_none()


def require_complaint(session: Session, reference: str, *, lock: bool = False) -> ComplaintRecord:
    """:func:`load_complaint` for the agents' side, where the complaint must exist.

    Raises:
        ComplaintNotFound: No complaint has this reference.
    """
    record = load_complaint(session, reference, lock=lock)
    if record is None:
        raise ComplaintNotFound(f"no complaint {reference!r}")
    return record


def handoff_summary(record: ComplaintRecord, latest: str | None = None) -> str:
    """What the person taking over a critical complaint reads first (in English)."""
    summary = render(
        "complaint_handoff_summary",
        "en",
        reference=record.reference,
        category=record.category,
        words=", ".join(record.safety_words),
        customer=record.customer_name or render("complaint_handoff_no_name", "en"),
        phone=record.phone,
        spoken=record.language,
        model=record.model or "?",
        serial=record.serial_number or "?",
        booking=record.booking_reference or "?",
        description=record.description,
    )
    if latest is not None:
        summary += "\n" + render("complaint_handoff_added", "en", text=latest)
    return summary


def queue_for_person(
    session: Session, record: ComplaintRecord, now: datetime, latest: str | None
) -> None:
    """Queues a critical complaint for a person, in the caller's transaction."""
    conversation = (
        None
        if record.conversation_id is None
        else session.get(Conversation, record.conversation_id)
    )
    details = HandoffSummary(
        wants=record.description[:300],
        model=record.model,
        serial_number=record.serial_number,
        booking_references=(record.booking_reference,) if record.booking_reference else (),
        complaint_references=(record.reference,),
        phone=record.phone,
    )
    enqueue_handoff(
        session,
        conversation_id=record.conversation_id,
        reason="critical_complaint",
        reference=record.reference,
        priority=CRITICAL_PRIORITY,
        summary=handoff_summary(record, latest),
        now=now,
        language=record.language,
        channel=None if conversation is None else conversation.channel,
        details=details.to_json(),
    )
