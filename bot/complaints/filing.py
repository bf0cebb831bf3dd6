"""Filing a customer's complaint: triaged, owned, and queued for a person when critical."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.complaints.categories import category_label
from bot.complaints.errors import ReferenceUnavailable
from bot.complaints.models import ComplaintRecord, ComplaintUpdate
from bot.complaints.request import DETAIL_FIELDS, ComplaintRequest
from bot.complaints.store import (
    CRITICAL_OWNER,
    DESK_OWNER,
    check_time,
    load_complaint,
    queue_for_person,
)
from bot.complaints.triage import RESPONSE_HOURS, Severity, triage
from bot.complaints.view import Complaint, complaint_view
from bot.db import UowFactory
from bot.language import Language
from bot.references import new_complaint_reference
from bot.texts import render

__all__ = ["REPEAT_WINDOW", "file_complaint", "received_text"]

REPEAT_WINDOW: Final = timedelta(days=30)
_ATTEMPTS: Final = 5


def received_text(language: Language, category: str, severity: Severity) -> str:
    """The first entry of a complaint's history: received, and when a person answers."""
    hours = RESPONSE_HOURS[severity]
    label = category_label(category, language)
    key = "complaint_update_received_one_hour" if hours == 1 else "complaint_update_received"
    text = render(key, language, category=label, hours=hours)
    if severity == "critical":
        text += render("complaint_update_to_supervisor", language)
    return text


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
        language: Language = "zh" if request.language == "zh" else "en"
        record = ComplaintRecord(
            **{name: getattr(request, name) for name in DETAIL_FIELDS},
            reference=reference,
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
                    text=received_text(language, request.category, result.severity),
                    author="system",
                )
            ],
        )
        session.add(record)
        session.flush()  # a reference collision surfaces here
        if result.severity == "critical":
            queue_for_person(session, record, now, None)
        uow.commit()
        return complaint_view(record)


def _reference_taken(uow_factory: UowFactory, reference: str) -> bool:
    with uow_factory() as uow:
        return load_complaint(uow.session, reference) is not None


def file_complaint(
    uow_factory: UowFactory,
    request: ComplaintRequest,
    *,
    now: datetime,
    reference_factory: Callable[[], str] = new_complaint_reference,
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
    check_time(now)
    for _ in range(_ATTEMPTS):
        reference = reference_factory()
        try:
            return _file(uow_factory, request, reference, now)
        except IntegrityError:
            if not _reference_taken(uow_factory, reference):
                raise
    raise ReferenceUnavailable(f"no free complaint reference after {_ATTEMPTS} attempts")
