from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager

from sqlalchemy import select

from bot.conversations import (
    ConversationService,
    CustomerTurn,
    InProcessLocks,
    PersonResponder,
    Reply,
    TurnResult,
)
from bot.conversations.models import Message
from bot.db import UowFactory
from tests.unit.assistant.scripted import ScriptedAssistant


class RecordingLocks:
    """In-process locks that log when a conversation's hold begins and ends."""

    def __init__(self, log: list[str]) -> None:
        self._inner = InProcessLocks()
        self._log = log

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        with self._inner.hold(conversation_id):
            self._log.append("hold")
            yield
            self._log.append("release")


class SlowAssistant(ScriptedAssistant):
    """Takes a moment to answer and notes whether two turns ever overlapped."""

    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log
        self.busy = False
        self.overlapped = False

    def respond(
        self, conversation_id: str, message: str, metadata: Mapping[str, str]
    ) -> list[Reply]:
        self.overlapped |= self.busy
        self.busy = True
        self.log.append("respond")
        time.sleep(0.02)
        self.busy = False
        return super().respond(conversation_id, message, metadata)


def _senders(uow_factory: UowFactory, conversation_id: str) -> list[tuple[int, str]]:
    with uow_factory() as uow:
        rows = uow.session.execute(
            select(Message.seq, Message.sender)
            .where(Message.conversation_id == conversation_id)
            .order_by(Message.seq)
        )
        return [(seq, sender) for seq, sender in rows]


def test_the_assistant_is_asked_while_the_conversation_is_held(uow_factory: UowFactory) -> None:
    log: list[str] = []
    service = ConversationService(uow_factory, SlowAssistant(log), locks=RecordingLocks(log))
    conversation_id = service.start().conversation_id
    service.post(conversation_id, text="hello")
    assert log == ["hold", "respond", "release"]


def test_two_threads_on_one_conversation_take_turns(uow_factory: UowFactory) -> None:
    assistant = SlowAssistant([])
    service = ConversationService(uow_factory, assistant)
    conversation_id = service.start().conversation_id

    threads = [
        threading.Thread(target=service.post, args=(conversation_id,), kwargs={"text": text})
        for text in ("hello", "thanks")
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert not assistant.overlapped
    assert _senders(uow_factory, conversation_id) == [
        (1, "customer"),
        (2, "bot"),
        (3, "bot"),
        (4, "customer"),
        (5, "bot"),
        (6, "bot"),
    ]


def test_the_state_picks_the_responder(uow_factory: UowFactory) -> None:
    seen: list[CustomerTurn] = []

    class Echo:
        def answer(self, turn: CustomerTurn) -> TurnResult:
            seen.append(turn)
            return TurnResult(replies=(Reply(turn.forwarded),), state=turn.state)

    service = ConversationService(
        uow_factory, ScriptedAssistant(), responders={"bot": Echo(), "agent": PersonResponder()}
    )
    conversation_id = service.start().conversation_id

    result = service.post(conversation_id, text=" /restart ", channel="web")

    assert result == TurnResult(replies=(Reply("／restart"),), state="bot")
    [turn] = seen
    assert (turn.conversation_id, turn.forwarded, turn.language, turn.channel, turn.state) == (
        conversation_id,
        "／restart",
        "en",
        "web",
        "bot",
    )
    assert _senders(uow_factory, conversation_id) == [(1, "customer")]
