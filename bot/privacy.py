"""A customer's data on request: exported as JSON, or erased.

``python -m bot customer export NUMBER`` writes everything we hold about the
number as JSON: the conversations in which it booked a visit, filed a complaint or asked
for a callback (messages and photo ids), the visits, complaints, callbacks and the units
registered to it.

``python -m bot customer erase NUMBER`` erases those conversations with their
messages, photos (rows and files), handoff requests and notes, the number's callback
tickets, and their turns in Rasa's tracker store. Visits, complaints and registered
units stay, as the warranty rules require keeping service records (三包), but without
the customer: the number, name and address are blanked, and the number is struck out
of their texts. The erase is written to the audit log, with the number masked.
"""

from __future__ import annotations

import argparse
import getpass
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, inspect, select
from sqlalchemy.orm import Session

from bot.agents.audit import record_agent_event
from bot.assistant.tracker_store import TrackerStore
from bot.attachments import PhotoFiles
from bot.complaints.models import ComplaintRecord, ComplaintUpdate
from bot.conversations.erase import erase_conversations
from bot.conversations.models import Attachment, Conversation, Message
from bot.db import UowFactory, write_transaction
from bot.handoff.models import Callback, HandoffNote, HandoffRequest
from bot.phone import mask_phone, normalise_phone, scrub_phone
from bot.repairs.models import BookingRecord
from bot.warranty.models import SoldUnit

__all__ = [
    "CustomerErased",
    "add_commands",
    "conversations_of",
    "erase_customer",
    "export_customer",
    "run",
]


@dataclass(frozen=True)
class CustomerErased:
    """What was erased for one phone number."""

    conversations: int
    messages: int
    photos: int
    handoffs: int
    callbacks: int
    service_records: int = 0
    tracker_events: int = 0


def _number(phone: str) -> str:
    number = normalise_phone(phone)
    if number is None:
        raise ValueError(f"not a phone number: {phone!r}")
    return number


def conversations_of(uow_factory: UowFactory, phone: str) -> set[str]:
    """The conversations in which this number booked, complained or asked for a callback."""
    with uow_factory() as uow:
        found: set[str] = set()
        for column, owner in (
            (BookingRecord.conversation_id, BookingRecord.phone),
            (ComplaintRecord.conversation_id, ComplaintRecord.phone),
            (Callback.conversation_id, Callback.phone),
        ):
            found.update(
                cid for cid in uow.session.scalars(select(column).where(owner == phone)) if cid
            )
        return found


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _row(obj: Any, skip: frozenset[str] = frozenset()) -> dict[str, Any]:
    """A model row as JSON-ready data, column by column."""
    return {
        attr.key: _plain(getattr(obj, attr.key))
        for attr in inspect(obj).mapper.column_attrs
        if attr.key not in skip
    }


def export_customer(uow_factory: UowFactory, phone: str, now: datetime) -> dict[str, Any]:
    """Everything held about this number, as JSON-ready data.

    Raises:
        ValueError: Not a phone number.
    """
    number = _number(phone)
    ids = sorted(conversations_of(uow_factory, number))
    with uow_factory() as uow:
        session = uow.session
        conversations = []
        for conversation in session.scalars(
            select(Conversation).where(Conversation.id.in_(ids)).order_by(Conversation.created_at)
        ):
            messages = session.scalars(
                select(Message)
                .where(Message.conversation_id == conversation.id)
                .order_by(Message.seq)
            ).all()
            photos = session.scalars(
                select(Attachment).where(Attachment.conversation_id == conversation.id)
            ).all()
            conversations.append(
                {
                    **_row(conversation, frozenset({"token_hash"})),
                    "messages": [
                        _row(m, frozenset({"conversation_id", "client_key"})) for m in messages
                    ],
                    "photos": [_row(p, frozenset({"conversation_id"})) for p in photos],
                }
            )
        complaints = session.scalars(
            select(ComplaintRecord).where(ComplaintRecord.phone == number)
        ).all()
        return {
            "phone": number,
            "exported_at": now.isoformat(),
            "conversations": conversations,
            "visits": [
                _row(b)
                for b in session.scalars(select(BookingRecord).where(BookingRecord.phone == number))
            ],
            "complaints": [
                {**_row(c), "updates": [_row(u) for u in _updates(session, c.id)]}
                for c in complaints
            ],
            "callbacks": [
                _row(c) for c in session.scalars(select(Callback).where(Callback.phone == number))
            ],
            "registered_units": [
                _row(u) for u in session.scalars(select(SoldUnit).where(SoldUnit.phone == number))
            ],
        }


def _updates(session: Session, complaint_id: int) -> list[ComplaintUpdate]:
    return list(
        session.scalars(
            select(ComplaintUpdate)
            .where(ComplaintUpdate.complaint_id == complaint_id)
            .order_by(ComplaintUpdate.at)
        )
    )


def _strike(number: str) -> Callable[[str | None], str | None]:
    def strike(text: str | None) -> str | None:
        return None if text is None else scrub_phone(text, number)

    return strike


def _blank_service_records(session: Session, number: str) -> int:
    """Keeps visits, complaints and units, without the number, name or address."""
    strike = _strike(number)
    blanked = 0
    for booking in session.scalars(select(BookingRecord).where(BookingRecord.phone == number)):
        booking.phone, booking.customer_name, booking.address = "", "", ""
        booking.symptom = strike(booking.symptom) or ""
        blanked += 1
    for complaint in session.scalars(
        select(ComplaintRecord).where(ComplaintRecord.phone == number)
    ):
        complaint.phone, complaint.customer_name = "", None
        complaint.description = strike(complaint.description) or ""
        complaint.resolution = strike(complaint.resolution)
        complaint.review_note = strike(complaint.review_note)
        for update in _updates(session, complaint.id):
            update.text = strike(update.text) or ""
        blanked += 1
    for unit in session.scalars(select(SoldUnit).where(SoldUnit.phone == number)):
        unit.phone = ""
        blanked += 1
    return blanked


def erase_customer(
    uow_factory: UowFactory,
    files: PhotoFiles,
    phone: str,
    *,
    now: datetime,
    tracker: TrackerStore | None = None,
    actor: str = "operator",
) -> CustomerErased:
    """Erases what the customer with this number said (see the module's rules).

    Args:
        uow_factory: Units of work on our database.
        files: Where photos are kept.
        phone: The customer's number, as written.
        now: When, for the audit log.
        tracker: Rasa's tracker store, to erase the conversations' turns there too.
        actor: Who asked for the erase, for the audit log.

    Raises:
        ValueError: Not a phone number.
        bot.assistant.TrackerStoreError: The tracker store did not answer; nothing of
            ours was erased yet, so the erase can simply be run again.
    """
    number = _number(phone)
    ids = conversations_of(uow_factory, number)
    tracker_events = tracker.erase(ids) if tracker is not None else 0
    with write_transaction(uow_factory) as uow:
        session = uow.session
        handoffs = session.scalars(
            select(HandoffRequest.id).where(HandoffRequest.conversation_id.in_(ids))
        ).all()
        session.execute(delete(HandoffNote).where(HandoffNote.handoff_id.in_(handoffs)))
        session.execute(delete(HandoffRequest).where(HandoffRequest.id.in_(handoffs)))
        callbacks = session.execute(delete(Callback).where(Callback.phone == number))
        blanked = _blank_service_records(session, number)
        uow.commit()
    erased = erase_conversations(uow_factory, files, ids)
    result = CustomerErased(
        conversations=erased.conversations,
        messages=erased.messages,
        photos=erased.photos,
        handoffs=len(handoffs),
        callbacks=int(getattr(callbacks, "rowcount", 0)),
        service_records=blanked,
        tracker_events=tracker_events,
    )
    with uow_factory() as uow:
        record_agent_event(
            uow.session,
            actor,
            "customer_erased",
            now,
            phone=mask_phone(number),
            **{k: v for k, v in result.__dict__.items()},
        )
        uow.commit()
    return result


def add_commands(subparsers: Any) -> None:
    """Adds ``customers export|erase NUMBER`` (also ``customer``, and ``--phone NUMBER``)."""
    customers = subparsers.add_parser(
        "customers", aliases=["customer"], help="a customer's data"
    ).add_subparsers(dest="customers_command", required=True)
    export = customers.add_parser("export", help="everything held about a phone number, as JSON")
    _phone_argument(export)
    export.add_argument("--output", type=Path, help="write here (default: standard output)")
    erase = customers.add_parser("erase", help="erase what a phone number said, photos included")
    _phone_argument(erase)


def _phone_argument(parser: argparse.ArgumentParser) -> None:
    given = parser.add_mutually_exclusive_group(required=True)
    given.add_argument("phone", nargs="?", help="the customer's phone number")
    given.add_argument("--phone", dest="phone_option", metavar="PHONE", help=argparse.SUPPRESS)
    parser.set_defaults(phone=None)


def run(
    args: argparse.Namespace,
    uow_factory: UowFactory,
    files: PhotoFiles,
    tracker: TrackerStore,
    now: datetime,
) -> int:
    """Runs a ``customers`` command; returns the exit code."""
    phone = args.phone or args.phone_option
    try:
        if args.customers_command == "export":
            data = json.dumps(
                export_customer(uow_factory, phone, now), ensure_ascii=False, indent=2
            )
            if args.output is None:
                print(data)
            else:
                args.output.write_text(data + "\n", encoding="utf-8")
                print(f"wrote {args.output}")
            return 0
        erased = erase_customer(
            uow_factory, files, phone, now=now, tracker=tracker, actor=_operator()
        )
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    print(
        f"erased {erased.conversations} conversations, {erased.messages} messages, "
        f"{erased.photos} photos, {erased.handoffs} handoffs, {erased.callbacks} callbacks, "
        f"{erased.tracker_events} tracker events; {erased.service_records} service records "
        "kept without the customer"
    )
    return 0


def _operator() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"
