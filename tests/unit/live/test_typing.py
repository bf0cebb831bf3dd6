"""An agent typing: a mark shown for a few seconds, sent once on the customer's stream."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.clock import FixedClock
from bot.conversations import ConversationService
from bot.db import UowFactory
from bot.live import ChangeFeed
from bot.live.customer_stream import customer_events
from bot.live.pacing import Pacing
from bot.live.typing import TYPING_FOR, Typing, TypingBoard
from tests.unit.live.conftest import collect
from tests.unit.live.frames import parse

NOW = datetime(2026, 12, 3, 2, 0, tzinfo=timezone.utc)


def test_a_mark_lasts_a_few_seconds_and_the_latest_wins() -> None:
    board = TypingBoard()
    assert board.current("c1", NOW) is None
    board.mark("c1", "Li Na", NOW)
    assert board.current("c1", NOW + TYPING_FOR) == Typing("Li Na", NOW)
    assert board.current("c1", NOW + TYPING_FOR + timedelta(seconds=1)) is None
    assert board.current("c2", NOW) is None
    board.mark("c1", "Wang Fang", NOW + timedelta(seconds=2))
    assert board.current("c1", NOW + timedelta(seconds=3)) == Typing(
        "Wang Fang", NOW + timedelta(seconds=2)
    )


def test_the_customers_stream_says_who_is_typing(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = service.start(language="en").conversation_id
    board = TypingBoard()
    board.mark(conversation_id, "Li Na", NOW)
    stream = customer_events(
        uow_factory,
        ChangeFeed(),
        conversation_id,
        pacing=Pacing(poll_seconds=0.01, max_events=2),
        typing=board,
        clock=FixedClock(NOW),
    )
    events = parse("".join(collect(stream)))
    assert [(e.event, e.json) for e in events] == [
        ("state", {"state": "bot"}),
        ("typing", {"author": "Li Na"}),
    ]
