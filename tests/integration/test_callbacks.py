"""Callback tickets: stored with a reference, listed oldest first, done once."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.db import UowFactory
from bot.handoff import HandoffSummary
from bot.handoff.callbacks import (
    CallbackNotFound,
    complete_callback,
    create_callback,
    open_callbacks,
)
from bot.handoff.errors import InvalidHandoff
from bot.references import parse_reference

NOW = datetime(2026, 12, 3, 23, 10, tzinfo=timezone(timedelta(hours=8)))


def _ticket(uow_factory: UowFactory, phone: str, at: datetime) -> str:
    return create_callback(
        uow_factory,
        conversation_id="c1",
        phone=phone,
        preferred_time="明天上午",
        language="zh",
        channel="api",
        summary=HandoffSummary(wants="洗衣机E4", error_code="E4"),
        now=at,
    )


def test_tickets_are_listed_oldest_first_until_done(uow_factory: UowFactory) -> None:
    later = _ticket(uow_factory, "13900139000", NOW)
    first = _ticket(uow_factory, "13800138000", NOW - timedelta(minutes=5))
    assert later != first
    assert parse_reference(first, "CB") == first

    listed = open_callbacks(uow_factory)
    assert [c.reference for c in listed] == [first, later]
    assert listed[0].details == HandoffSummary(wants="洗衣机E4", error_code="E4")
    assert listed[0].preferred_time == "明天上午"

    done = complete_callback(uow_factory, first.lower(), "li.na", now=NOW)
    assert (done.status, done.done_by) == ("done", "li.na")
    assert [c.reference for c in open_callbacks(uow_factory)] == [later]
    with pytest.raises(CallbackNotFound):
        complete_callback(uow_factory, first, "li.na", now=NOW)
    with pytest.raises(CallbackNotFound):
        complete_callback(uow_factory, "CB-NOSUCH22", "li.na", now=NOW)


def test_a_ticket_needs_a_phone_and_an_aware_time(uow_factory: UowFactory) -> None:
    with pytest.raises(InvalidHandoff):
        _ticket(uow_factory, "  ", NOW)
    with pytest.raises(InvalidHandoff):
        _ticket(uow_factory, "13900139000", NOW.replace(tzinfo=None))
    assert open_callbacks(uow_factory) == []
