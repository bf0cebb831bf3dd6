from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

import bot.handoff.models  # noqa: F401 - the table must be in Base.metadata
from bot.db import UnitOfWork
from bot.handoff import HandoffRequest, InvalidHandoff, enqueue_handoff, queued_handoffs

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def _enqueue(uow: UnitOfWork, priority: int, minutes: int, summary: str) -> int:
    return enqueue_handoff(
        uow.session,
        conversation_id=None,
        reason="customer_request",
        reference=None,
        priority=priority,
        summary=summary,
        now=NOW + timedelta(minutes=minutes),
    )


def test_queue_is_read_by_priority_then_age(uow_factory: Callable[[], UnitOfWork]) -> None:
    with uow_factory() as uow:
        _enqueue(uow, 5, 0, "old normal")
        _enqueue(uow, 0, 10, "new urgent")
        _enqueue(uow, 5, 5, "newer normal")
        _enqueue(uow, 0, 1, "old urgent")
        taken = _enqueue(uow, 0, 0, "already taken")
        uow.session.get_one(HandoffRequest, taken).status = "taken"
        uow.commit()

    queue = queued_handoffs(uow_factory)
    assert [h.summary for h in queue] == ["old urgent", "new urgent", "old normal", "newer normal"]
    assert all(h.status == "queued" for h in queue)
    assert queue[0].created_at == NOW + timedelta(minutes=1)
    assert queue[0].created_at.tzinfo is not None


def test_enqueue_joins_the_callers_transaction(uow_factory: Callable[[], UnitOfWork]) -> None:
    with uow_factory() as uow:
        request_id = enqueue_handoff(
            uow.session,
            conversation_id="conv-1",
            reason="critical_complaint",
            reference="CP-7KQ3MZ2A",
            priority=0,
            summary="smoke",
            now=NOW,
        )
        assert request_id > 0
        # not committed: leaving the block rolls it back
    assert queued_handoffs(uow_factory) == []


def test_invalid_requests_are_refused(uow_factory: Callable[[], UnitOfWork]) -> None:
    with uow_factory() as uow:
        with pytest.raises(InvalidHandoff, match="reason"):
            enqueue_handoff(
                uow.session,
                conversation_id=None,
                reason="bored",
                reference=None,
                priority=0,
                summary="",
                now=NOW,
            )
        with pytest.raises(InvalidHandoff, match="priority"):
            _enqueue(uow, -1, 0, "x")
        with pytest.raises(InvalidHandoff, match="aware"):
            enqueue_handoff(
                uow.session,
                conversation_id=None,
                reason="customer_request",
                reference=None,
                priority=0,
                summary="",
                now=NOW.replace(tzinfo=None),
            )
