"""Turns of one conversation, sent to two gateway processes at once, run one at a time.

Each "process" is a conversation service with an engine of its own, as two gateways
behind a load balancer have; only the database is shared.
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial

import pytest
from sqlalchemy import Engine

from bot.conversations import (
    ConversationBusyError,
    ConversationLocks,
    ConversationService,
    DatabaseLocks,
    InProcessLocks,
    Reply,
)
from bot.db import Base, UnitOfWork, create_database_engine, create_schema, make_session_factory
from bot.runtime import load_models

pytestmark = pytest.mark.postgres


class SlowAssistant:
    """Takes a while to answer and records when each turn ran."""

    def __init__(self) -> None:
        self.turns: list[tuple[float, float, str]] = []
        self._guard = threading.Lock()

    def respond(
        self, conversation_id: str, message: str, metadata: Mapping[str, str]
    ) -> list[Reply]:
        started = time.monotonic()
        time.sleep(0.05)
        with self._guard:
            self.turns.append((started, time.monotonic(), message))
        return [Reply(f"re: {message}")]


@pytest.fixture
def engines(postgres_url: str) -> Iterator[list[Engine]]:
    """Two engines on one PostgreSQL database: several processes need a shared server."""
    made = [create_database_engine(postgres_url) for _ in "ab"]
    load_models()
    create_schema(made[0])
    yield made
    Base.metadata.drop_all(made[0])
    for each in made:
        each.dispose()


def _services(
    engines: list[Engine], assistant: SlowAssistant, locks: type[ConversationLocks] | None
) -> list[ConversationService]:
    return [
        ConversationService(
            partial(UnitOfWork, make_session_factory(each)),
            assistant,
            locks=DatabaseLocks(each) if locks is None else InProcessLocks(),
        )
        for each in engines
    ]


def _overlaps(turns: list[tuple[float, float, str]]) -> int:
    ordered = sorted(turns)
    return sum(1 for a, b in itertools.pairwise(ordered) if b[0] < a[1])


def _send_at_once(services: list[ConversationService], conversation_id: str, count: int) -> None:
    with ThreadPoolExecutor(max_workers=count) as pool:
        futures = [
            pool.submit(services[i % 2].post, conversation_id, text=f"m{i}") for i in range(count)
        ]
        for future in futures:
            future.result()


def test_turns_sent_to_two_processes_never_overlap(engines: list[Engine]) -> None:
    assistant = SlowAssistant()
    services = _services(engines, assistant, None)
    conversation = services[0].start("en").conversation_id
    _send_at_once(services, conversation, 12)
    assert len(assistant.turns) == 12
    assert _overlaps(assistant.turns) == 0
    history = services[1].history(conversation)
    # Each customer message is followed at once by its own reply.
    pairs = [(history[i].text, history[i + 1].text) for i in range(0, len(history), 2)]
    assert [f"re: {asked}" for asked, _ in pairs] == [answer for _, answer in pairs]
    assert [m.seq for m in history] == list(range(1, 25))


def test_process_local_locks_alone_would_let_turns_overlap(engines: list[Engine]) -> None:
    assistant = SlowAssistant()
    services = _services(engines, assistant, InProcessLocks)
    conversation = services[0].start("en").conversation_id
    _send_at_once(services, conversation, 12)
    assert _overlaps(assistant.turns) > 0


def test_a_turn_that_waits_too_long_is_refused(engines: list[Engine]) -> None:
    held = threading.Event()
    release = threading.Event()
    first = DatabaseLocks(engines[0])

    def hold() -> None:
        with first.hold("c-busy"):
            held.set()
            release.wait(5)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        held.wait(5)
        with pytest.raises(ConversationBusyError), DatabaseLocks(engines[1], 0.2).hold("c-busy"):
            pass
        # Other conversations are not held up.
        with DatabaseLocks(engines[1], 0.2).hold("c-other"):
            pass
    finally:
        release.set()
        holder.join()
    with DatabaseLocks(engines[1], 0.2).hold("c-busy"):
        pass


def test_a_process_runs_at_most_its_slots_of_turns_at_once(engines: list[Engine]) -> None:
    assistant = SlowAssistant()
    service = ConversationService(
        partial(UnitOfWork, make_session_factory(engines[0])),
        assistant,
        locks=DatabaseLocks(engines[0], slots=2),
    )
    conversations = [service.start("en").conversation_id for _ in range(6)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        for future in [pool.submit(service.post, c, text="hi") for c in conversations]:
            future.result()
    events = sorted(
        [(start, 1) for start, _, _ in assistant.turns]
        + [(end, -1) for _, end, _ in assistant.turns]
    )
    running = list(itertools.accumulate(step for _, step in events))
    assert max(running) == 2


def test_a_turn_that_finds_no_free_slot_in_time_is_refused(engines: list[Engine]) -> None:
    locks = DatabaseLocks(engines[0], wait_seconds=0.2, slots=1)
    with locks.hold("c-1"), pytest.raises(ConversationBusyError), locks.hold("c-2"):
        pass
