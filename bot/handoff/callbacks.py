"""Callback tickets: when nobody can take the chat, a person calls the customer back.

Outside agent hours, with no agent online, or after a long wait, the assistant offers a
callback; the customer's phone number and preferred time become a ticket with a
reference (``CB-…``), which agents see first when they log in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from bot.db import UowFactory, write_transaction
from bot.handoff.errors import HandoffError, InvalidHandoff
from bot.handoff.models import Callback
from bot.handoff.summary import HandoffSummary
from bot.references import CALLBACK_PREFIX, new_reference

__all__ = [
    "CallbackNotFound",
    "CallbackView",
    "complete_callback",
    "create_callback",
    "open_callbacks",
]

MAX_PREFERRED_TIME_LENGTH: Final = 200
_ATTEMPTS: Final = 5


class CallbackNotFound(HandoffError):  # noqa: N818 - named like the other handoff errors
    """No open callback ticket has this reference."""


@dataclass(frozen=True)
class CallbackView:
    """A callback ticket as the agents read it."""

    reference: str
    phone: str
    preferred_time: str
    language: str | None
    channel: str | None
    conversation_id: str | None
    details: HandoffSummary | None
    status: str
    created_at: datetime
    done_at: datetime | None = None
    done_by: str | None = None


def _view(row: Callback) -> CallbackView:
    return CallbackView(
        reference=row.reference,
        phone=row.phone,
        preferred_time=row.preferred_time,
        language=row.language,
        channel=row.channel,
        conversation_id=row.conversation_id,
        details=None if row.details is None else HandoffSummary.from_json(row.details),
        status=row.status,
        created_at=row.created_at,
        done_at=row.done_at,
        done_by=row.done_by,
    )


def create_callback(
    uow_factory: UowFactory,
    *,
    conversation_id: str | None,
    phone: str,
    preferred_time: str,
    language: str | None,
    channel: str | None,
    summary: HandoffSummary | None,
    now: datetime,
) -> str:
    """Stores a callback ticket and returns its reference.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        conversation_id: The conversation it came from, if any.
        phone: The number to call, already normalised.
        preferred_time: When to call, as the customer said it (cut to 200 characters).
        language: The language to call in.
        channel: Where the customer asked.
        summary: What the conversation had established.
        now: The current time, timezone-aware.

    Raises:
        InvalidHandoff: No phone number, or a naive ``now``.
    """
    if not phone.strip():
        raise InvalidHandoff("a callback needs a phone number")
    if now.tzinfo is None:
        raise InvalidHandoff("now must be timezone-aware")
    for _ in range(_ATTEMPTS):
        reference = new_reference(CALLBACK_PREFIX)
        try:
            with uow_factory() as uow:
                uow.session.add(
                    Callback(
                        reference=reference,
                        conversation_id=conversation_id,
                        phone=phone.strip(),
                        preferred_time=preferred_time.strip()[:MAX_PREFERRED_TIME_LENGTH],
                        language=language,
                        channel=channel,
                        details=None if summary is None else summary.to_json(),
                        status="open",
                        created_at=now,
                    )
                )
                uow.commit()
            return reference
        except IntegrityError:  # pragma: no cover - a reference drawn twice
            continue
    raise HandoffError("could not draw a free callback reference")  # pragma: no cover


def open_callbacks(uow_factory: UowFactory) -> list[CallbackView]:
    """Returns the callback tickets not yet done, oldest first."""
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(Callback)
            .where(Callback.status == "open")
            .order_by(Callback.created_at, Callback.id)
        ).all()
        return [_view(row) for row in rows]


def complete_callback(
    uow_factory: UowFactory, reference: str, agent_username: str, *, now: datetime
) -> CallbackView:
    """Marks an open callback ticket done by an agent.

    Raises:
        CallbackNotFound: No open ticket has this reference.
    """
    with write_transaction(uow_factory) as uow:
        row = uow.session.scalars(
            select(Callback)
            .where(Callback.reference == reference.strip().upper(), Callback.status == "open")
            .with_for_update()
        ).one_or_none()
        if row is None:
            raise CallbackNotFound(f"no open callback {reference}")
        row.status = "done"
        row.done_at = now
        row.done_by = agent_username
        uow.commit()
        return _view(row)
