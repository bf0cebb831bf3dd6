"""A customer's data on request: everything said with a phone number, erased.

``python -m bot customers erase --phone NUMBER`` finds the conversations in which that
number booked a visit, filed a complaint or asked for a callback, and erases them with
their messages, photos (rows and files), handoff requests and notes, and the number's
callback tickets. Visits and complaints stay: they are service records the warranty
rules require keeping (三包), and hold only what the customer gave for the service.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select

from bot.attachments import PhotoFiles
from bot.complaints.models import ComplaintRecord
from bot.conversations.erase import erase_conversations
from bot.db import UowFactory, write_transaction
from bot.handoff.models import Callback, HandoffNote, HandoffRequest
from bot.phone import normalise_phone
from bot.repairs.models import BookingRecord

__all__ = ["CustomerErased", "add_commands", "conversations_of", "erase_customer", "run"]


@dataclass(frozen=True)
class CustomerErased:
    """What was erased for one phone number."""

    conversations: int
    messages: int
    photos: int
    handoffs: int
    callbacks: int


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


def erase_customer(uow_factory: UowFactory, files: PhotoFiles, phone: str) -> CustomerErased:
    """Erases what the customer with this number said (see the module's rules).

    Raises:
        ValueError: Not a phone number.
    """
    number = normalise_phone(phone)
    if number is None:
        raise ValueError(f"not a phone number: {phone!r}")
    ids = conversations_of(uow_factory, number)
    with write_transaction(uow_factory) as uow:
        session = uow.session
        handoffs = session.scalars(
            select(HandoffRequest.id).where(HandoffRequest.conversation_id.in_(ids))
        ).all()
        session.execute(delete(HandoffNote).where(HandoffNote.handoff_id.in_(handoffs)))
        session.execute(delete(HandoffRequest).where(HandoffRequest.id.in_(handoffs)))
        callbacks = session.execute(delete(Callback).where(Callback.phone == number))
        uow.commit()
    erased = erase_conversations(uow_factory, files, ids)
    return CustomerErased(
        conversations=erased.conversations,
        messages=erased.messages,
        photos=erased.photos,
        handoffs=len(handoffs),
        callbacks=int(getattr(callbacks, "rowcount", 0)),
    )


def add_commands(subparsers: Any) -> None:
    """Adds ``customers erase --phone NUMBER``."""
    customers = subparsers.add_parser("customers", help="a customer's data").add_subparsers(
        dest="customers_command", required=True
    )
    erase = customers.add_parser("erase", help="erase what a phone number said, photos included")
    erase.add_argument("--phone", required=True)


def run(args: argparse.Namespace, uow_factory: UowFactory, files: PhotoFiles) -> int:
    """Runs a ``customers`` command; returns the exit code."""
    try:
        erased = erase_customer(uow_factory, files, args.phone)
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    print(
        f"erased {erased.conversations} conversations, {erased.messages} messages, "
        f"{erased.photos} photos, {erased.handoffs} handoffs, {erased.callbacks} callbacks"
    )
    return 0
