from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

import bot.handoff.models  # noqa: F401 - the table must be in Base.metadata
from bot.db import UnitOfWork, UowFactory
from bot.handoff import HandoffRequest, InvalidHandoff, enqueue_handoff, queued_handoffs

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def _enqueue(
    uow: UnitOfWork, priority: int = 0, minutes: int = 0, summary: str = "", **changes: Any
) -> int:
    """Queues a customer's request made ``minutes`` after ``NOW``; ``changes`` replace fields."""
    request: dict[str, Any] = {
        "conversation_id": None,
        "reason": "customer_request",
        "reference": None,
        "priority": priority,
        "summary": summary,
        "now": NOW + timedelta(minutes=minutes),
        **changes,
    }
    return enqueue_handoff(uow.session, **request)


def test_queue_is_read_by_priority_then_age(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        _enqueue(uow, 5, 0, "old normal")
        _enqueue(uow, 0, 10, "new urgent")
        _enqueue(uow, 5, 5, "newer normal")
        _enqueue(uow, 0, 1, "old urgent")
        taken = _enqueue(uow, 0, 0, "already taken")
        uow.session.get_one(HandoffRequest, taken).status = "agent"
        uow.commit()

    queue = queued_handoffs(uow_factory)
    assert [h.summary for h in queue] == ["old urgent", "new urgent", "old normal", "newer normal"]
    assert all(h.status == "waiting" for h in queue)
    assert queue[0].created_at == NOW + timedelta(minutes=1)
    assert queue[0].created_at.tzinfo is not None


def test_enqueue_joins_the_callers_transaction(uow_factory: UowFactory) -> None:
    with uow_factory() as uow:
        request_id = _enqueue(
            uow,
            summary="smoke",
            reason="critical_complaint",
            conversation_id="conv-1",
            reference="CP-7KQ3MZ2A",
        )
        assert request_id > 0
        # not committed: leaving the block rolls it back
    assert queued_handoffs(uow_factory) == []


@pytest.mark.parametrize(
    ("changes", "refused"),
    [
        ({"reason": "bored"}, "reason"),
        ({"priority": -1, "summary": "x"}, "priority"),
        ({"now": NOW.replace(tzinfo=None)}, "aware"),
    ],
    ids=["unknown-reason", "negative-priority", "naive-time"],
)
def test_invalid_requests_are_refused(
    uow_factory: UowFactory, changes: dict[str, Any], refused: str
) -> None:
    with uow_factory() as uow, pytest.raises(InvalidHandoff, match=refused):
        _enqueue(uow, **changes)
