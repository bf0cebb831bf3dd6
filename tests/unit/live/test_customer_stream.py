"""The customer's stream on a real database: state first, messages after the cursor."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime, timezone

from bot.conversations import ConversationService
from bot.db import UowFactory
from bot.handoff import HandoffSummary, agent_reply, claim, request_handoff
from bot.live import ChangeFeed
from bot.live.customer_stream import customer_events
from bot.live.pacing import Pacing
from tests.unit.live.conftest import collect
from tests.unit.live.frames import Event, parse

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)


def _events(
    uow_factory: UowFactory, conversation_id: str, *, after: int = 0, max_events: int
) -> list[Event]:
    stream = customer_events(
        uow_factory,
        ChangeFeed(),
        conversation_id,
        after=after,
        pacing=Pacing(poll_seconds=0.01, max_events=max_events),
    )
    return parse("".join(collect(stream)))


def _handed_to_alice(uow_factory: UowFactory, conversation_id: str) -> int:
    handoff_id = request_handoff(
        uow_factory,
        conversation_id,
        reason="customer_request",
        priority=5,
        language="en",
        channel="api",
        summary=HandoffSummary(wants="a person"),
        now=NOW,
    )
    claim(uow_factory, handoff_id, "alice", now=NOW)
    return handoff_id


def test_the_state_comes_first_then_every_message_in_order(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = service.start(language="en").conversation_id
    service.post(conversation_id, text="hi")

    events = _events(uow_factory, conversation_id, max_events=4)

    assert [(e.event, e.id) for e in events] == [
        ("state", None),
        ("message", "1"),
        ("message", "2"),
        ("message", "3"),
    ]
    assert events[0].json == {"state": "bot"}
    first = events[1].json
    assert first["seq"] == 1
    assert first["sender"] == "customer"
    assert first["text"] == "hi"
    assert first["author"] is None
    assert events[2].json["buttons"] == [{"title": "Book a repair", "payload": "/book_repair"}]


def test_a_resumed_stream_sends_only_the_messages_after_the_cursor(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = service.start(language="en").conversation_id
    service.post(conversation_id, text="hi")
    service.post(conversation_id, text="again")

    events = _events(uow_factory, conversation_id, after=3, max_events=4)

    assert [e.id for e in events] == [None, "4", "5", "6"]
    assert events[1].json["text"] == "again"


def test_messages_match_the_history_api_and_agent_messages_carry_the_author(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = service.start(language="en").conversation_id
    service.post(conversation_id, text="hi")
    handoff_id = _handed_to_alice(uow_factory, conversation_id)
    agent_reply(uow_factory, handoff_id, "alice", "Alice", "I am here", now=NOW)

    # Seq 4 tells the customer who joined; 5 is the agent's reply.
    events = _events(uow_factory, conversation_id, after=4, max_events=2)

    assert events[0].json == {"state": "agent"}
    assert events[1].json == {
        "seq": 5,
        "sender": "agent",
        "text": "I am here",
        "buttons": [],
        "at": "2026-11-22T09:00:00Z",
        "author": "Alice",
        "attachments": [],
    }
    history = service.history(conversation_id, after=3)
    assert [(v.seq, v.author) for v in history] == [(4, None), (5, "Alice")]


def test_a_notified_change_arrives_at_once_and_so_does_the_new_state(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = service.start(language="en").conversation_id
    feed = ChangeFeed()
    received: list[tuple[str, float]] = []

    async def scenario() -> None:
        # The poll is far away: only the feed can wake the stream in time.
        pacing = Pacing(poll_seconds=30, max_events=4)
        stream = customer_events(uow_factory, feed, conversation_id, pacing=pacing)
        started = time.monotonic()
        assert parse(await anext(stream))[0].json == {"state": "bot"}

        def customer_writes() -> None:
            service.post(conversation_id, text="hi")
            _handed_to_alice(uow_factory, conversation_id)
            feed.notify()

        writer = asyncio.get_running_loop().run_in_executor(None, customer_writes)
        async for frame in stream:
            received.append((frame, time.monotonic() - started))
        await writer

    asyncio.run(asyncio.wait_for(scenario(), 10))

    events = [parse(frame)[0] for frame, _ in received]
    assert [(e.event, e.id) for e in events] == [
        ("state", None),
        ("message", "1"),
        ("message", "2"),
    ]
    assert events[0].json == {"state": "agent"}
    assert max(took for _, took in received) < 5


def test_a_silent_stream_sends_keep_alive_comments_and_stops_when_the_client_goes(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = service.start(language="en").conversation_id
    ticks = iter(range(0, 1000, 10))
    checks = iter([False] * 5 + [True])

    async def gone() -> bool:
        return next(checks)

    pacing = Pacing(
        is_disconnected=gone,
        poll_seconds=0.001,
        keep_alive_seconds=15,
        monotonic=lambda: float(next(ticks)),
    )
    frames = collect(customer_events(uow_factory, ChangeFeed(), conversation_id, pacing=pacing))

    # Five reads, 10 s apart: the state at 0 s, keep-alives after 20 s of silence (at 20, 40).
    assert [e.event for e in parse("".join(frames))] == ["state", ":", ":"]
    assert frames[1:] == [": keep-alive\n\n"] * 2


def test_the_stream_ends_when_the_conversation_does_not_exist(uow_factory: UowFactory) -> None:
    assert collect(customer_events(uow_factory, ChangeFeed(), "nope")) == []
