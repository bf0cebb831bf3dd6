"""Filing complaints and following them to closure.

Every change is one transaction: the complaint, its history entry and — when it is
critical — the request for a person are committed together or not at all, so no
complaint is recorded without its next step ("four nothing-missed").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from bot.complaints.categories import CATEGORY_LABELS
from bot.complaints.errors import (
    ComplaintClosed,
    ComplaintNotFound,
    ComplaintNotResolved,
    InvalidNote,
    InvalidRating,
    InvalidStatus,
    ReferenceUnavailable,
    ResolutionRequired,
)
from bot.complaints.models import ComplaintRecord, ComplaintUpdate
from bot.complaints.references import new_reference, parse_reference
from bot.complaints.request import MAX_TEXT_LENGTH, ComplaintRequest, clean_text
from bot.complaints.triage import RESPONSE_HOURS, Severity, triage
from bot.complaints.view import Complaint, UpdateEntry, complaint_view, update_entry
from bot.db.uow import UnitOfWork
from bot.handoff.queue import CRITICAL_PRIORITY, enqueue_handoff
from bot.parsing import normalise_phone

__all__ = [
    "AGENT_STATUSES",
    "CRITICAL_OWNER",
    "DESK_OWNER",
    "REPEAT_WINDOW",
    "STATUSES",
    "add_information",
    "complaint_history",
    "file_complaint",
    "find_complaint",
    "get_complaint",
    "record_feedback",
    "update_status",
]

STATUSES: Final = ("received", "in_progress", "resolved")
AGENT_STATUSES: Final = ("in_progress", "resolved")
CRITICAL_OWNER: Final = "duty-supervisor"
DESK_OWNER: Final = "complaints-desk"
REPEAT_WINDOW: Final = timedelta(days=30)
_ATTEMPTS: Final = 5
_RANK: Final[dict[str, int]] = {"normal": 0, "high": 1, "critical": 2}

UowFactory = Callable[[], UnitOfWork]


def _check_time(now: datetime) -> None:
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")


def _received_text(language: str, category: str, severity: Severity) -> str:
    hours = RESPONSE_HOURS[severity]
    zh_label, en_label = CATEGORY_LABELS[category]
    if language == "zh":
        text = f"已受理您的投诉（{zh_label}），我们会在{hours}小时内答复您。"
        return text + ("已立即转值班主管处理。" if severity == "critical" else "")
    unit = "hour" if hours == 1 else "hours"
    text = f"Complaint received ({en_label}); a person will answer within {hours} {unit}."
    return text + (" Passed to the duty supervisor now." if severity == "critical" else "")


def _escalated_text(language: str, words: list[str]) -> str:
    if language == "zh":
        return f"因涉及安全（{'、'.join(words)}）升级为紧急，已转值班主管，1小时内答复您。"
    return (
        f"Escalated to critical (safety: {', '.join(words)}); passed to the duty supervisor, "
        "who will answer within 1 hour."
    )


def _summary(record: ComplaintRecord, latest: str | None = None) -> str:
    parts = [
        f"Critical complaint {record.reference} ({record.category}), "
        f"safety: {', '.join(record.safety_words)}.",
        f"Customer: {record.customer_name or 'name not given'}, {record.phone}, "
        f"language {record.language}.",
        f"Model {record.model or '?'}, serial {record.serial_number or '?'}, "
        f"booking {record.booking_reference or '?'}.",
        f"Said: {record.description}",
    ]
    if latest is not None:
        parts.append(f"Then added: {latest}")
    return "\n".join(parts)


def _queue(session: Session, record: ComplaintRecord, now: datetime, latest: str | None) -> None:
    enqueue_handoff(
        session,
        conversation_id=record.conversation_id,
        reason="critical_complaint",
        reference=record.reference,
        priority=CRITICAL_PRIORITY,
        summary=_summary(record, latest),
        now=now,
    )


def _load(session: Session, reference: str | None, *, lock: bool = False) -> ComplaintRecord | None:
    if reference is None:
        return None
    statement = (
        select(ComplaintRecord)
        .where(ComplaintRecord.reference == reference)
        .options(selectinload(ComplaintRecord.updates))
    )
    if lock:
        statement = statement.with_for_update()
    return session.scalars(statement).one_or_none()


def _earlier(session: Session, request: ComplaintRequest, now: datetime) -> list[str]:
    same = []
    if request.booking_reference:
        same.append(ComplaintRecord.booking_reference == request.booking_reference)
    if request.serial_number:
        same.append(ComplaintRecord.serial_number == request.serial_number)
    if request.model:
        same.append(
            and_(ComplaintRecord.phone == request.phone, ComplaintRecord.model == request.model)
        )
    if not same:
        return []
    return list(
        session.scalars(
            select(ComplaintRecord.reference)
            .where(
                or_(*same),
                ComplaintRecord.created_at >= now - REPEAT_WINDOW,
                ComplaintRecord.created_at <= now,
            )
            .order_by(ComplaintRecord.created_at, ComplaintRecord.id)
        )
    )


def _file(
    uow_factory: UowFactory, request: ComplaintRequest, reference: str, now: datetime
) -> Complaint:
    with uow_factory() as uow:
        session = uow.session
        repeats = _earlier(session, request, now)
        result = triage(request.description, repeat_count=len(repeats))
        record = ComplaintRecord(
            reference=reference,
            conversation_id=request.conversation_id,
            language=request.language,
            category=request.category,
            description=request.description,
            model=request.model,
            serial_number=request.serial_number,
            booking_reference=request.booking_reference,
            customer_name=request.customer_name,
            phone=request.phone,
            status="received",
            severity=result.severity,
            safety_words=list(result.safety_words),
            repeat_of=repeats,
            owner=CRITICAL_OWNER if result.severity == "critical" else DESK_OWNER,
            due_at=now + timedelta(hours=result.response_hours),
            created_at=now,
            updated_at=now,
            updates=[
                ComplaintUpdate(
                    at=now,
                    kind="received",
                    text=_received_text(request.language, request.category, result.severity),
                    author="system",
                )
            ],
        )
        session.add(record)
        session.flush()  # a reference collision surfaces here
        if result.severity == "critical":
            _queue(session, record, now, None)
        uow.commit()
        return complaint_view(record)


def _reference_taken(uow_factory: UowFactory, reference: str) -> bool:
    with uow_factory() as uow:
        return _load(uow.session, reference) is not None


def file_complaint(
    uow_factory: UowFactory,
    request: ComplaintRequest,
    *,
    now: datetime,
    reference_factory: Callable[[], str] = new_reference,
) -> Complaint:
    """Records a complaint, triages it, and queues critical ones for a person.

    The complaint, its ``received`` history entry and (when critical) the handoff
    request are written in one transaction. Earlier complaints within 30 days about
    the same booking reference, the same serial number, or the same phone and model
    make it a repeat. A reference already taken is replaced by a fresh one.

    Args:
        uow_factory: Makes the unit of work.
        request: The validated complaint.
        now: The current time, timezone-aware.
        reference_factory: Draws new references (tests pass a fixed sequence).

    Returns:
        The stored complaint.

    Raises:
        ReferenceUnavailable: Five references in a row were taken.
    """
    _check_time(now)
    for _ in range(_ATTEMPTS):
        reference = reference_factory()
        try:
            return _file(uow_factory, request, reference, now)
        except IntegrityError:
            if not _reference_taken(uow_factory, reference):
                raise
    raise ReferenceUnavailable(f"no free complaint reference after {_ATTEMPTS} attempts")


def find_complaint(uow_factory: UowFactory, reference: str, phone: str) -> Complaint | None:
    """Returns the complaint only if the reference and the customer's phone both match.

    The reference may be typed sloppily (``cp 7kq3mz2a``). A wrong phone and an unknown
    reference look the same, so nothing is revealed.
    """
    canonical = parse_reference(reference)
    normalised = normalise_phone(phone)
    if canonical is None or normalised is None:
        return None
    with uow_factory() as uow:
        record = _load(uow.session, canonical)
        if record is None or record.phone != normalised:
            return None
        return complaint_view(record)


def get_complaint(uow_factory: UowFactory, reference: str) -> Complaint:
    """Returns a complaint for the agents' side, without a phone check.

    Raises:
        ComplaintNotFound: No complaint has this reference.
    """
    with uow_factory() as uow:
        record = _load(uow.session, parse_reference(reference))
        if record is None:
            raise ComplaintNotFound(f"no complaint {reference!r}")
        return complaint_view(record)


def complaint_history(uow_factory: UowFactory, reference: str) -> list[UpdateEntry]:
    """Returns every entry of a complaint's history, oldest first (agents' side).

    Raises:
        ComplaintNotFound: No complaint has this reference.
    """
    with uow_factory() as uow:
        record = _load(uow.session, parse_reference(reference))
        if record is None:
            raise ComplaintNotFound(f"no complaint {reference!r}")
        return [update_entry(u) for u in record.updates]


def add_information(
    uow_factory: UowFactory, reference: str, phone: str, text: str, *, now: datetime
) -> Complaint:
    """Adds what the customer says later, and escalates if it reveals a safety risk.

    New safety words make the complaint critical: the duty supervisor owns it, it is
    due within the hour (or sooner, if it already was) and it is queued for a person,
    all in the same transaction. Severity never goes down.

    Raises:
        InvalidDescription: The text is empty or over 2,000 characters.
        ComplaintNotFound: Unknown reference, or the phone does not match.
        ComplaintClosed: The complaint is already resolved.
    """
    _check_time(now)
    text = clean_text(text)
    canonical = parse_reference(reference)
    normalised = normalise_phone(phone)
    with uow_factory() as uow:
        record = _load(uow.session, canonical, lock=True)
        if record is None or normalised is None or record.phone != normalised:
            raise ComplaintNotFound(f"no complaint {reference!r} for this phone")
        if record.status == "resolved":
            raise ComplaintClosed(f"complaint {record.reference} is resolved")
        record.updates.append(
            ComplaintUpdate(at=now, kind="customer_info", text=text, author="customer")
        )
        result = triage(text, repeat_count=len(record.repeat_of))
        new_words = [w for w in result.safety_words if w not in record.safety_words]
        if new_words:
            record.safety_words = [*record.safety_words, *new_words]
        if _RANK[result.severity] > _RANK[record.severity]:
            record.severity = result.severity
            record.due_at = min(record.due_at, now + timedelta(hours=result.response_hours))
            if result.severity == "critical":
                record.owner = CRITICAL_OWNER
                record.updates.append(
                    ComplaintUpdate(
                        at=now,
                        kind="status",
                        text=_escalated_text(record.language, new_words),
                        author="system",
                    )
                )
                _queue(uow.session, record, now, text)
        record.updated_at = now
        uow.session.flush()
        uow.commit()
        return complaint_view(record)


def _agent_text(value: str, what: str, limit: int = MAX_TEXT_LENGTH) -> str:
    stripped = value.strip()
    if not stripped or len(stripped) > limit:
        raise InvalidNote(f"the {what} must be 1 to {limit} characters")
    return stripped


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
    _check_time(now)
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
        record = _load(uow.session, parse_reference(reference), lock=True)
        if record is None:
            raise ComplaintNotFound(f"no complaint {reference!r}")
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
        record.updated_at = now
        uow.session.flush()
        uow.commit()
        return complaint_view(record)


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
    _check_time(now)
    if isinstance(rating, bool) or not 1 <= rating <= 5:
        raise InvalidRating("the rating must be a whole number from 1 to 5")
    cleaned = note.strip()
    if len(cleaned) > MAX_TEXT_LENGTH:
        raise InvalidNote(f"the note is longer than {MAX_TEXT_LENGTH} characters")
    with uow_factory() as uow:
        record = _load(uow.session, parse_reference(reference), lock=True)
        if record is None:
            raise ComplaintNotFound(f"no complaint {reference!r}")
        if record.status != "resolved":
            raise ComplaintNotResolved(f"complaint {record.reference} is not resolved yet")
        record.review_rating = rating
        record.review_note = cleaned or None
        text = f"{rating}/5" + (f": {cleaned}" if cleaned else "")
        record.updates.append(
            ComplaintUpdate(at=now, kind="feedback", text=text, author="customer")
        )
        record.updated_at = now
        uow.session.flush()
        uow.commit()
        return complaint_view(record)
