"""The customer's side after filing: looking a complaint up, and adding to it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from bot.complaints.errors import ComplaintClosed, ComplaintNotFound
from bot.complaints.models import ComplaintRecord, ComplaintUpdate
from bot.complaints.request import clean_text
from bot.complaints.store import (
    CRITICAL_OWNER,
    check_time,
    language_of,
    load_complaint,
    queue_for_person,
)
from bot.complaints.triage import triage
from bot.complaints.view import Complaint, complaint_view
from bot.db import UowFactory
from bot.language import Language
from bot.phone import normalise_phone
from bot.texts import render

__all__ = ["add_information", "escalated_text", "find_complaint"]

_RANK: Final[dict[str, int]] = {"normal": 0, "high": 1, "critical": 2}


def escalated_text(language: Language, words: list[str]) -> str:
    """The history entry of a complaint that became critical for safety words."""
    separator = render("complaint_update_list_separator", language)
    return render("complaint_update_escalated", language, words=separator.join(words))


def _customers(record: ComplaintRecord | None, phone: str) -> ComplaintRecord | None:
    """The complaint if it is the customer's: the phone must match."""
    normalised = normalise_phone(phone)
    if record is None or normalised is None or record.phone != normalised:
        return None
    return record


def find_complaint(uow_factory: UowFactory, reference: str, phone: str) -> Complaint | None:
    """Returns the complaint only if the reference and the customer's phone both match.

    The reference may be typed sloppily (``cp 7kq3mz2a``). A wrong phone and an unknown
    reference look the same, so nothing is revealed.
    """
    with uow_factory() as uow:
        record = _customers(load_complaint(uow.session, reference), phone)
        return None if record is None else complaint_view(record)


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
    check_time(now)
    text = clean_text(text)
    with uow_factory() as uow:
        record = _customers(load_complaint(uow.session, reference, lock=True), phone)
        if record is None:
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
                        text=escalated_text(language_of(record), new_words),
                        author="system",
                    )
                )
                queue_for_person(uow.session, record, now, text)
        record.updated_at = now
        uow.session.flush()
        uow.commit()
        return complaint_view(record)
