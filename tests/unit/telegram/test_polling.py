"""The bot by long polling: commands, turns, buttons, photos, repeats and agents' replies."""

from __future__ import annotations

import io
from datetime import datetime, timezone
from typing import Any

from PIL import Image
from sqlalchemy import ColumnElement, func, select

from bot.conversations.models import Attachment, Conversation, Message
from bot.handoff.casefile import transcript
from bot.handoff.claims import claim
from bot.handoff.desk import agent_reply
from bot.handoff.requests import request_handoff
from bot.handoff.summary import HandoffSummary
from bot.telegram.bridge import callback_key
from bot.telegram.models import TelegramChat, TelegramDelivery, TelegramUpdate
from bot.texts import render
from tests.unit.telegram.conftest import Polling
from tests.unit.telegram.updates import button_press, photo_message, text_message

CHAT = 4242
NOW = datetime(2025, 3, 3, 10, 0, tzinfo=timezone.utc)


def _count(polling: Polling, model: type[Any], *where: ColumnElement[bool]) -> int:
    with polling.uow_factory() as uow:
        return uow.session.execute(
            select(func.count()).select_from(model).where(*where)
        ).scalar_one()


def _delivered(polling: Polling, chat_id: int = CHAT) -> int:
    """The sequence number of the last message delivered to the chat (0: none yet)."""
    with polling.uow_factory() as uow:
        cursor = uow.session.get(TelegramDelivery, chat_id)
        return 0 if cursor is None else cursor.last_seq


def _conversation_id(polling: Polling, chat_id: int = CHAT) -> str:
    with polling.uow_factory() as uow:
        row = uow.session.get(TelegramChat, chat_id)
        assert row is not None
        return row.conversation_id


def test_start_welcomes_and_opens_a_telegram_conversation(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "/start", language="zh-hans"))
    api.wait_for(lambda: api.texts(CHAT))
    assert api.texts(CHAT) == [render("telegram_welcome", "zh")]
    with polling.uow_factory() as uow:
        conversation = uow.session.get(Conversation, _conversation_id(polling))
        assert conversation is not None
        assert (conversation.channel, conversation.language) == ("telegram", "zh")


def test_a_message_gets_the_turns_replies_with_an_inline_keyboard(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "hello there"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 2)
    first, second = api.of("sendMessage")
    assert (first["text"], second["text"]) == ("Hello", "Bye")
    keyboard = first["reply_markup"]["inline_keyboard"]
    assert keyboard == [[{"text": "Book a repair", "callback_data": callback_key("/book_repair")}]]
    assert "reply_markup" not in second
    assert api.of("sendChatAction")[0]["action"] == "typing"
    with polling.uow_factory() as uow:
        rows = uow.session.scalars(select(Message).order_by(Message.seq)).all()
        assert [(m.sender, m.channel) for m in rows] == [
            ("customer", "telegram"),
            ("bot", "telegram"),
            ("bot", "telegram"),
        ]
    # The delivery cursor moves once Telegram has taken the last reply: shortly after.
    api.wait_for(lambda: _delivered(polling) == 3)


def test_a_pressed_button_is_mapped_back_to_its_payload(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "hello there"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 2)
    api.queue(button_press(CHAT, callback_key("/book_repair")))
    api.wait_for(lambda: len(api.texts(CHAT)) == 4)
    assert polling.assistant.received[-1][1] == "/book_repair"
    assert api.of("answerCallbackQuery")[0].get("text") is None
    assert api.of("editMessageReplyMarkup")
    with polling.uow_factory() as uow:
        pressed = uow.session.scalars(select(Message).where(Message.seq == 4)).one()
        assert (pressed.sender, pressed.text, pressed.payload) == (
            "customer",
            "Book a repair",
            "/book_repair",
        )


def test_a_forged_button_is_refused(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "hello there"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 2)
    received = len(polling.assistant.received)
    for forged in (callback_key("/request_human"), "/book_repair", "b:" + "A" * 24):
        api.queue(button_press(CHAT, forged))
    api.wait_for(lambda: len(api.of("answerCallbackQuery")) == 3)
    refused = render("telegram_button_refused", "en")
    assert [(a["text"], a["show_alert"]) for a in api.of("answerCallbackQuery")] == [
        (refused, True)
    ] * 3
    assert len(polling.assistant.received) == received
    assert _count(polling, Message, Message.sender == "customer") == 1


def test_a_button_offered_in_another_chat_is_refused(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "hello there"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 2)
    api.queue(text_message(CHAT + 1, "/help"))
    api.wait_for(lambda: api.texts(CHAT + 1))
    api.queue(button_press(CHAT + 1, callback_key("/book_repair")))
    api.wait_for(lambda: api.of("answerCallbackQuery"))
    assert api.of("answerCallbackQuery")[0]["show_alert"] is True
    assert _count(polling, Message, Message.payload.is_not(None)) == 0


def test_a_redelivered_update_is_answered_once(polling: Polling) -> None:
    api = polling.api
    update = text_message(CHAT, "hello there")
    api.queue(update, update)
    api.wait_for(lambda: len(api.texts(CHAT)) >= 2)
    api.queue(update)
    api.queue(text_message(CHAT, "/help"))
    api.wait_for(lambda: len(api.texts(CHAT)) >= 3)
    assert api.texts(CHAT) == ["Hello", "Bye", render("telegram_help", "en")]
    assert _count(polling, Message, Message.sender == "customer") == 1
    assert len(polling.assistant.received) == 1
    assert _count(polling, TelegramUpdate, TelegramUpdate.update_id == update["update_id"]) == 1


def test_help_lang_and_human(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "/help"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 1)
    api.queue(text_message(CHAT, "/lang"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 2)
    api.queue(text_message(CHAT, "/lang en"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 3)
    assert api.texts(CHAT) == [
        render("telegram_help", "en"),
        render("telegram_language_set", "zh"),
        render("telegram_language_set", "en"),
    ]
    with polling.uow_factory() as uow:
        chat = uow.session.get(TelegramChat, CHAT)
        assert chat is not None
        assert chat.language == "en"
        conversation = uow.session.get(Conversation, chat.conversation_id)
        assert conversation is not None
        assert conversation.language == "en"
    api.queue(text_message(CHAT, "/human"))
    api.wait_for(lambda: polling.assistant.received)
    _, sent, metadata = polling.assistant.received[-1]
    assert "request_human" in sent
    assert metadata.get("language") == "en"
    with polling.uow_factory() as uow:
        said = uow.session.scalars(select(Message.text).where(Message.sender == "customer")).all()
        assert said == ["/human"]


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 30, 30)).save(out, "JPEG")
    return out.getvalue()


def test_a_photo_reaches_the_agents_transcript(polling: Polling) -> None:
    api = polling.api
    api.files["big"] = _jpeg()
    api.queue(photo_message(CHAT, "big", size=len(api.files["big"])))
    api.wait_for(lambda: api.texts(CHAT))
    assert api.texts(CHAT) == [render("photo_received", "en")]
    assert api.of("getFile") == [{"file_id": "big"}]
    lines = transcript(polling.uow_factory, _conversation_id(polling))
    assert lines[0].sender == "customer"
    assert len(lines[0].photos) == 1
    assert (lines[0].photos[0].width, lines[0].photos[0].height) == (640, 480)
    assert _count(polling, Attachment) == 1


def test_a_file_that_is_no_image_is_refused(polling: Polling) -> None:
    api = polling.api
    api.files["fake"] = b"<html><script>alert(1)</script></html>"
    api.queue(photo_message(CHAT, "fake", size=len(api.files["fake"])))
    api.wait_for(lambda: api.texts(CHAT))
    assert api.texts(CHAT) == [render("telegram_photo_refused", "en", limit="5")]
    assert _count(polling, Attachment) == 0


def test_an_agents_reply_is_delivered_by_the_outbox(polling: Polling) -> None:
    api = polling.api
    api.queue(text_message(CHAT, "hello there"))
    api.wait_for(lambda: len(api.texts(CHAT)) == 2)
    conversation_id = _conversation_id(polling)
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
    claim(polling.uow_factory, handoff, "alice", now=NOW)
    agent_reply(polling.uow_factory, handoff, "alice", "Alice", "I can help with that", now=NOW)
    api.wait_for(
        lambda: (
            render("telegram_agent_says", "en", name="Alice", text="I can help with that")
            in api.texts(CHAT)
        )
    )
    texts = api.texts(CHAT)
    assert (
        texts.count(render("telegram_agent_says", "en", name="Alice", text="I can help with that"))
        == 1
    )
    assert texts[:2] == ["Hello", "Bye"]
