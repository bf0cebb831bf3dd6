"""The agents' stream on a real database: routed queue changes, messages, resuming."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.conversations import ConversationService
from bot.db import UowFactory
from bot.handoff import HandoffSummary, agent_reply, claim, request_handoff
from bot.handoff.callbacks import complete_callback, create_callback
from bot.live import ChangeFeed
from bot.live.agent_cursor import AgentCursor
from bot.live.agent_stream import Watcher, agent_events, latest_cursor, read_changes
from bot.live.pacing import Pacing
from tests.unit.live.conftest import collect
from tests.unit.live.frames import parse

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
ALICE = Watcher("alice", "agent", ("en",), ("washing_machine",))
BOB = Watcher("bob", "agent", ("en", "zh"), ())
WEI = Watcher("wei", "agent", ("zh",), ())
BOSS = Watcher("boss", "supervisor", ("zh",), ())


def _handoff(
    service: ConversationService, uow_factory: UowFactory, language: str | None = "en"
) -> tuple[str, int]:
    conversation_id = service.start(language="en").conversation_id
    service.post(conversation_id, text="hi")
    handoff_id = request_handoff(
        uow_factory,
        conversation_id,
        reason="customer_request",
        priority=5,
        language=language,
        channel="api",
        summary=HandoffSummary(wants="a person", category="washing_machine"),
        now=NOW,
    )
    return conversation_id, handoff_id


def _kinds(events: list[tuple[str, dict[str, Any], AgentCursor]]) -> list[tuple[str, Any]]:
    return [(kind, data.get("action", data.get("seq"))) for kind, data, _ in events]


def test_a_new_handoff_is_a_queue_event_with_the_list_item(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    start = latest_cursor(uow_factory)
    conversation_id, handoff_id = _handoff(service, uow_factory)

    changes = read_changes(uow_factory, ALICE, start, NOW + timedelta(seconds=90))

    # The conversation is with people now: its messages since the cursor come too.
    assert _kinds(changes.events) == [
        ("queue", "requested"),
        ("message", 1),
        ("message", 2),
        ("message", 3),
    ]
    _, item, position = changes.events[0]
    assert item == {
        "id": handoff_id,
        "conversation_id": conversation_id,
        "reason": "customer_request",
        "reference": None,
        "priority": 5,
        "status": "waiting",
        "language": "en",
        "channel": "api",
        "wants": "a person",
        "category": "washing_machine",
        "waiting_seconds": 90,
        "agent": None,
        "created_at": "2026-11-22T09:00:00+00:00",
        "matches": True,
        "action": "requested",
        "actor": "bot",
        "event_id": position.event,
        "at": "2026-11-22T09:00:00+00:00",
    }
    assert position.message == start.message
    assert changes.cursor.message > start.message
    assert read_changes(uow_factory, BOB, start, NOW).events[0][1]["matches"] is False


def test_the_queue_is_routed_by_language_and_supervisors_see_everything(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    start = latest_cursor(uow_factory)
    _handoff(service, uow_factory, language="en")
    _handoff(service, uow_factory, language=None)

    def languages(watcher: Watcher) -> list[Any]:
        changes = read_changes(uow_factory, watcher, start, NOW)
        return [data["language"] for kind, data, _ in changes.events if kind == "queue"]

    assert languages(ALICE) == ["en", None]
    assert languages(WEI) == [None]
    assert languages(BOSS) == ["en", None]


def test_messages_go_to_waiting_watchers_then_only_to_the_holder(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id, handoff_id = _handoff(service, uow_factory)
    waiting = latest_cursor(uow_factory)
    service.post(conversation_id, text="still there?")

    for watcher in (ALICE, BOB):
        changes = read_changes(uow_factory, watcher, waiting, NOW)
        assert _kinds(changes.events) == [("message", 4)]
        message = changes.events[0][1]
        assert message["handoff_id"] == handoff_id
        assert message["conversation_id"] == conversation_id
        assert message["text"] == "still there?"
        assert message["sender"] == "customer"
    assert read_changes(uow_factory, WEI, waiting, NOW).events == []

    claimed = latest_cursor(uow_factory)
    claim(uow_factory, handoff_id, "alice", now=NOW)
    agent_reply(uow_factory, handoff_id, "alice", "Alice", "Hello, I am Alice", now=NOW)
    service.post(conversation_id, text="thanks")

    alice = read_changes(uow_factory, ALICE, claimed, NOW)
    # Seq 5 tells the customer who joined; 6 is Alice's reply, 7 the customer's thanks.
    assert _kinds(alice.events) == [
        ("queue", "claimed"),
        ("queue", "replied"),
        ("message", 5),
        ("message", 6),
        ("message", 7),
    ]
    assert [data["author"] for _, data, _ in alice.events[2:]] == [None, "Alice", None]
    alice_rest = read_changes(uow_factory, ALICE, alice.cursor, NOW)
    assert _kinds(alice_rest.events) == []
    # Bob sees the claim in his queue, but not the conversation any more.
    bob = read_changes(uow_factory, BOB, claimed, NOW)
    assert _kinds(bob.events) == [("queue", "claimed"), ("queue", "replied")]
    assert read_changes(uow_factory, BOSS, claimed, NOW).events[2:] == []


def test_resuming_from_any_event_sends_exactly_the_rest(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id, _ = _handoff(service, uow_factory)
    start = AgentCursor(event=0, message=3)
    service.post(conversation_id, text="one")
    service.post(conversation_id, text="two")
    everything = read_changes(uow_factory, ALICE, start, NOW).events
    assert _kinds(everything) == [("queue", "requested"), ("message", 4), ("message", 5)]

    for index, (_, _, position) in enumerate(everything):
        resumed = AgentCursor.parse(str(position))
        rest = read_changes(uow_factory, ALICE, resumed, NOW).events
        assert _kinds(rest) == _kinds(everything[index + 1 :])


def test_the_stream_starts_with_ready_then_wakes_on_a_notification(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    feed = ChangeFeed()
    alive: list[str] = []
    frames: list[str] = []

    async def scenario() -> None:
        stream = agent_events(
            uow_factory,
            feed,
            ALICE,
            now=lambda: NOW,
            on_alive=lambda: alive.append("seen"),
            pacing=Pacing(poll_seconds=30, max_events=2),
        )
        frames.append(await anext(stream))

        def customer_asks() -> None:
            _handoff(service, uow_factory)
            feed.notify()

        writer = asyncio.get_running_loop().run_in_executor(None, customer_asks)
        frames.extend([frame async for frame in stream])
        await writer

    asyncio.run(asyncio.wait_for(scenario(), 10))

    ready, queued = (parse(frame)[0] for frame in frames)
    assert ready.event == "ready"
    assert ready.json == {"agent": "alice"}
    assert ready.id == "e0.m0.c0"
    assert queued.event == "queue"
    assert queued.json["action"] == "requested"
    assert AgentCursor.parse(queued.id or "").event == 1
    assert alive == ["seen"]


def test_a_stream_resumed_from_a_position_sends_what_came_after(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id, _ = _handoff(service, uow_factory)
    stream = agent_events(
        uow_factory,
        ChangeFeed(),
        ALICE,
        now=lambda: NOW,
        cursor=AgentCursor(event=1, message=3),
        pacing=Pacing(poll_seconds=0.01, max_events=2),
    )
    service.post(conversation_id, text="more")
    events = parse("".join(collect(stream)))
    assert [(e.event, e.id) for e in events] == [("ready", "e1.m3.c0"), ("message", "e1.m4.c0")]


def _callback(uow_factory: UowFactory, language: str) -> str:
    return create_callback(
        uow_factory,
        conversation_id=None,
        phone="+8613800138000",
        preferred_time="tomorrow 9-11",
        language=language,
        channel="api",
        summary=HandoffSummary(wants="dryer noise", category="dryer"),
        now=NOW,
    )


def test_new_open_callback_tickets_are_callback_events_in_the_agents_languages(
    uow_factory: UowFactory,
) -> None:
    start = latest_cursor(uow_factory)
    english = _callback(uow_factory, "en")
    done = _callback(uow_factory, "en")
    complete_callback(uow_factory, done, "bob", now=NOW)
    chinese = _callback(uow_factory, "zh")

    alice = read_changes(uow_factory, ALICE, start, NOW)
    assert [(kind, data["reference"]) for kind, data, _ in alice.events] == [("callback", english)]
    assert alice.events[0][1] == {
        "reference": english,
        "phone": "+8613800138000",
        "preferred_time": "tomorrow 9-11",
        "language": "en",
        "channel": "api",
        "conversation_id": None,
        "wants": "dryer noise",
        "category": "dryer",
        "status": "open",
        "created_at": "2026-11-22T09:00:00+00:00",
    }
    assert alice.cursor.callback == alice.events[0][2].callback + 2
    boss = read_changes(uow_factory, BOSS, start, NOW)
    assert [data["reference"] for _, data, _ in boss.events] == [english, chinese]
    assert read_changes(uow_factory, BOSS, boss.cursor, NOW).events == []
