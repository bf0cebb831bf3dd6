"""A long wait for a person: the customer is offered a callback, once per handoff.

The gateway runs :func:`offer_callbacks` every half minute. A request still waiting
after the configured time gets one bot message in its conversation: sorry for the wait,
keep waiting or have an agent call back (buttons). The offer is written with its audit
row (``callback_offered``) in one transaction, so it is made once, also with several
gateways.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import select

from bot.conversations import journal
from bot.conversations.model import Button
from bot.conversations.models import Conversation
from bot.db import UowFactory, write_transaction
from bot.handoff import models
from bot.handoff.audit import record_event
from bot.handoff.models import HandoffEvent, HandoffRequest
from bot.language import is_language
from bot.texts import render

__all__ = ["OFFERED", "offer_callbacks"]

#: The audit action of an offer.
OFFERED: Final = "callback_offered"
_ACTOR: Final = "bot"


def offer_callbacks(uow_factory: UowFactory, *, after: timedelta, now: datetime) -> list[int]:
    """Offers a callback in every conversation that has waited longer than ``after``.

    Args:
        uow_factory: Makes a new unit of work for each transaction.
        after: How long a customer waits before the offer.
        now: The current time, timezone-aware.

    Returns:
        The handoffs whose customers were offered a callback now.
    """
    offered = select(HandoffEvent.handoff_id).where(HandoffEvent.action == OFFERED)
    with write_transaction(uow_factory) as uow:
        session = uow.session
        rows = session.scalars(
            select(HandoffRequest)
            .where(
                HandoffRequest.status == models.WAITING,
                HandoffRequest.conversation_id.is_not(None),
                HandoffRequest.created_at <= now - after,
                HandoffRequest.id.not_in(offered),
            )
            .order_by(HandoffRequest.id)
            .with_for_update(skip_locked=True)
        ).all()
        done = []
        for row in rows:
            conversation = session.get(Conversation, row.conversation_id)
            if conversation is None:
                continue
            language = conversation.language if is_language(conversation.language) else "zh"
            journal.add_message(
                session,
                conversation.id,
                sender="bot",
                text=render("handoff_wait_long", language),
                channel=conversation.channel,
                language=language,
                buttons=(
                    Button(render("handoff_button_callback", language), "/request_callback"),
                    Button(render("handoff_button_never_mind", language), "/back_to_bot"),
                ),
                at=now,
            )
            record_event(session, row.id, _ACTOR, OFFERED, now)
            done.append(row.id)
        uow.commit()
        return done
