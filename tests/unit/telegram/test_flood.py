"""Flood waits: Telegram answers 429 with retry_after for a while; nothing is lost or reordered."""

from __future__ import annotations

from datetime import datetime, timezone

from bot.handoff.claims import claim
from bot.handoff.desk import agent_reply
from bot.handoff.requests import request_handoff
from bot.handoff.summary import HandoffSummary
from bot.telegram.models import TelegramChat
from bot.texts import render
from tests.unit.telegram.conftest import Polling
from tests.unit.telegram.updates import text_message

CHAT = 777
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)


def test_flood_waits_are_waited_out_in_order(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "hello there"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 2)
    with polling.uow_factory() as uow:
        chat = uow.session.get(TelegramChat, CHAT)
        assert chat is not None
        conversation_id = chat.conversation_id
    handoff = request_handoff(
        polling.uow_factory,
        conversation_id,
        reason="customer_request",
        priority=1,
        language="en",
        channel="telegram",
        summary=HandoffSummary(wants="help"),
        now=NOW,
    )
    # More refusals than the rate limiter retries by itself: the outbox waits out the rest.
    api.flood_sends = 6
    claim(polling.uow_factory, handoff, "alice", now=NOW)
    said = [f"reply {n}" for n in range(1, 4)]
    for text in said:
        agent_reply(polling.uow_factory, handoff, "alice", "Alice", text, now=NOW)
    expected = [render("telegram_agent_says", "en", name="Alice", text=t) for t in said]
    api.wait_for(lambda: all(t in api.texts(CHAT) for t in expected), timeout=30)
    delivered = api.texts(CHAT)[2:]
    assert [t for t in delivered if t in expected] == expected
    assert len(delivered) == len(set(delivered))
    assert api.flood_sends == 0
    assert len(api.of("sendMessage#429")) == 6
    refused = [p["text"] for p in api.of("sendMessage#429")]
    assert set(refused) <= set(delivered)
