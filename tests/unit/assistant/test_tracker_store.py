"""The gateway's check that Rasa saved each turn in its tracker store (real SQLite)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import create_engine, insert, select

from bot.assistant import RasaAssistant, TrackerStore
from bot.assistant.tracker_store import EVENTS
from bot.conversations import AssistantUnavailableError, Reply
from bot.db import create_database_engine


class FakeRasa:
    """Plays the Rasa server: answers, and saves to the table unless ``in_memory``."""

    def __init__(self, url: str) -> None:
        self.engine = create_engine(url)
        self.in_memory = False

    def save(self, sender: str, type_name: str) -> None:
        if self.in_memory:  # what FailSafeTrackerStore does when the database fails
            return
        with self.engine.begin() as connection:
            connection.execute(
                insert(EVENTS).values(sender_id=sender, type_name=type_name, timestamp=0.0)
            )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "actions" or request.url.path == "/":
            return httpx.Response(200, json={"status": "ok"})
        if request.url.path == "/webhooks/rest/webhook":
            sender = json.loads(request.content)["sender"]
            self.save(sender, "user")
            self.save(sender, "bot")
            return httpx.Response(200, json=[{"recipient_id": sender, "text": "hi"}])
        sender = request.url.path.split("/")[2]
        self.save(sender, "bot")
        return httpx.Response(200, json={})


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'rasa_tracker.db'}"


@pytest.fixture
def store(url: str) -> Iterator[TrackerStore]:
    store = TrackerStore(create_database_engine(url))
    store.create()
    yield store
    store.close()


@pytest.fixture
def rasa(url: str, store: TrackerStore) -> FakeRasa:
    return FakeRasa(url)


def _assistant(rasa: FakeRasa, store: TrackerStore) -> RasaAssistant:
    return RasaAssistant(
        "http://rasa",
        "http://actions",
        5.0,
        tracker_store=store,
        transport=httpx.MockTransport(rasa),
    )


def test_a_saved_turn_is_answered(rasa: FakeRasa, store: TrackerStore) -> None:
    assert _assistant(rasa, store).respond("c1", "hello", {}) == [Reply("hi")]
    assert store.mark("c1") == 2


def test_a_turn_rasa_kept_in_memory_is_not_answered(rasa: FakeRasa, store: TrackerStore) -> None:
    assistant = _assistant(rasa, store)
    assistant.respond("c1", "hello", {})
    rasa.in_memory = True
    with pytest.raises(AssistantUnavailableError, match="did not save"):
        assistant.respond("c1", "again", {})
    rasa.in_memory = False
    assert assistant.respond("c1", "again", {}) == [Reply("hi")]


def test_an_unreachable_tracker_store_means_unavailable_before_rasa_is_asked(
    tmp_path: Path,
) -> None:
    # Rasa never created the table there.
    missing = TrackerStore(create_database_engine(f"sqlite:///{tmp_path / 'no-table.db'}"))
    asked: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        asked.append(request.url.path)
        return httpx.Response(200, json=[])

    assistant = RasaAssistant(
        "http://rasa",
        "http://actions",
        5.0,
        tracker_store=missing,
        transport=httpx.MockTransport(handle),
    )
    with pytest.raises(AssistantUnavailableError, match="tracker store"):
        assistant.respond("c1", "hello", {})
    assert "/webhooks/rest/webhook" not in asked
    assert not assistant.tracker_store_ready()


def test_health_probe_sees_the_fallback_and_leaves_no_rows(
    rasa: FakeRasa, store: TrackerStore
) -> None:
    assistant = _assistant(rasa, store)
    assert assistant.tracker_store_ready()
    rasa.in_memory = True
    assert not assistant.tracker_store_ready()
    rasa.in_memory = False
    assert assistant.tracker_store_ready()
    with rasa.engine.connect() as connection:
        assert list(connection.scalars(select(EVENTS.c.sender_id))) == []


def test_erase_removes_only_the_named_conversations(rasa: FakeRasa, store: TrackerStore) -> None:
    assistant = _assistant(rasa, store)
    for sender in ("c1", "c2", "c3"):
        assistant.respond(sender, "hello", {})
    assert store.erase(["c1", "c3"]) == 4
    assert store.senders() == {"c2"}
    assert store.erase([]) == 0
