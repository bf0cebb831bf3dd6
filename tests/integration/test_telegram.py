"""Telegram updates handled once, on SQLite and PostgreSQL: the update commits with its effect."""

from __future__ import annotations

import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from bot.clock import FixedClock
from bot.conversations import ConversationService, PayloadNotOfferedError
from bot.conversations.models import Message
from bot.db import UowFactory
from bot.telegram import chats
from bot.telegram.claims import DuplicateUpdate, claiming, claiming_factory, is_processed
from bot.telegram.models import TelegramDelivery, TelegramUpdate
from bot.telegram.outbox import advance, due_chats, pending
from tests.unit.assistant.scripted import ScriptedAssistant

NOW = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)


@pytest.fixture
def service(uow_factory: UowFactory) -> ConversationService:
    return ConversationService(claiming_factory(uow_factory), ScriptedAssistant())


def _customer_messages(uow_factory: UowFactory) -> int:
    with uow_factory() as uow:
        return uow.session.execute(
            select(func.count()).select_from(Message).where(Message.sender == "customer")
        ).scalar_one()


def _chat(uow_factory: UowFactory, service: ConversationService, chat_id: int = 5) -> str:
    link = chats.register(
        uow_factory, chat_id, "en", lambda lang: service.start(lang, "telegram").conversation_id
    )
    return link.conversation_id


def test_the_update_commits_with_the_customer_message(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = _chat(uow_factory, service)
    with claiming(uow_factory, 1, NOW):
        service.post(conversation_id, text="hello", channel="telegram")
    assert is_processed(uow_factory, 1)
    with pytest.raises(DuplicateUpdate), claiming(uow_factory, 1, NOW):
        service.post(conversation_id, text="hello", channel="telegram")
    assert _customer_messages(uow_factory) == 1


def test_a_refused_button_is_recorded_as_handled(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = _chat(uow_factory, service)
    with pytest.raises(PayloadNotOfferedError), claiming(uow_factory, 2, NOW):
        service.post(conversation_id, payload="/never_offered", channel="telegram")
    assert is_processed(uow_factory, 2)
    assert _customer_messages(uow_factory) == 0


def test_concurrent_deliveries_of_one_update_store_one_message(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = _chat(uow_factory, service)
    outcomes: list[str] = []
    barrier = threading.Barrier(4)

    def deliver() -> None:
        barrier.wait()
        try:
            with claiming(uow_factory, 3, NOW):
                service.post(conversation_id, text="hello", channel="telegram")
            outcomes.append("handled")
        except DuplicateUpdate:
            outcomes.append("duplicate")

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["duplicate"] * 3 + ["handled"]
    assert _customer_messages(uow_factory) == 1
    with uow_factory() as uow:
        assert (
            uow.session.execute(select(func.count()).select_from(TelegramUpdate)).scalar_one() == 1
        )


def test_the_outbox_cursor_moves_forward_only(
    uow_factory: UowFactory, service: ConversationService
) -> None:
    conversation_id = _chat(uow_factory, service)
    service.post(conversation_id, text="hello", channel="telegram")
    assert due_chats(uow_factory) == [5]
    language, messages = pending(uow_factory, 5)
    assert language == "en"
    assert [(m.seq, m.sender) for m in messages] == [(1, "customer"), (2, "bot"), (3, "bot")]
    advance(uow_factory, 5, 3, FixedClock(NOW))
    advance(uow_factory, 5, 2, FixedClock(NOW))
    with uow_factory() as uow:
        cursor = uow.session.get(TelegramDelivery, 5)
        assert cursor is not None
        assert cursor.last_seq == 3
    assert due_chats(uow_factory) == []
