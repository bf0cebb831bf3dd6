"""One conversation model under every channel: the same script leaves the same rows.

One short scripted conversation — a greeting, a question about a washer showing E4, a
press of the first button the bot then offers, and a photo of the fault — is run against
the whole running assistant three times: through the conversation API (channel ``api``),
through the web widget in Chromium on the demo page (``web``), and through Telegram, the
real poller on a local fake Bot API (``telegram``). The three conversations' ``messages``
rows are then the same sequence of (seq, sender, author, text, payload, buttons,
language, delivery), and their ``attachments`` rows the same photo (content type, size
in pixels and in bytes, digest); only ``channel`` differs, besides identifiers and times.

The Telegram customer begins with ``/start``, as every Telegram chat does. Its welcome is
the channel's own and is sent straight to the chat, never written to the conversation,
so it leaves no row: the comparison proves that too. Each channel starts its
conversation in English the way it knows the language (the API's ``language``, the
page's ``?lang=en``, the Telegram app's ``language_code``).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final

import pytest
from PIL import Image
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from bot.conversations.models import Attachment, Conversation, Message
from bot.db import UowFactory
from bot.texts import render
from tests.browser import SCREEN, chromium
from tests.e2e.conftest import Customer, Stack
from tests.e2e.telegram_chat import Poller, TelegramCustomer, telegram_poller
from tests.e2e.test_widget_browser import WidgetPage

pytestmark = pytest.mark.e2e

GREETING: Final = "Hello"
QUESTION: Final = "My washing machine shows error E4 and does not drain"
CHAT: Final = 720_001
_SETTLE_SECONDS: Final = 30.0
#: Who wrote each message: the four customer messages, each answered once.
_SENDERS: Final = ("customer", "bot") * 4

Row = tuple[Any, ...]


def _photo() -> bytes:
    image = Image.new("RGB", (480, 360), (226, 232, 240))
    image.paste((11, 83, 148), (120, 90, 360, 270))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


@pytest.fixture(scope="module")
def poller(stack: Stack) -> Iterator[Poller]:
    with telegram_poller(stack, "channels") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as browser:
        yield browser


def _first_offered(buttons: list[dict[str, str]]) -> dict[str, str]:
    assert buttons, "the bot offered no button to press"
    return buttons[0]


def _over_the_api(stack: Stack, photo: bytes) -> str:
    customer = Customer(stack, "en")
    try:
        customer.say(GREETING)
        replies = customer.say(QUESTION)
        offered = [r["buttons"] for r in replies if r.get("buttons")]
        button = _first_offered(offered[-1] if offered else [])
        customer.choose(button["payload"])
        sent = customer.http.post(
            f"/api/v1/conversations/{customer.conversation_id}/attachments",
            content=photo,
            headers={**customer.headers, "Content-Type": "image/jpeg"},
        )
        assert sent.status_code == 201, sent.text
        return customer.conversation_id
    finally:
        customer.http.close()


def _in_the_widget(stack: Stack, browser: Browser, photo: bytes, folder: Path) -> str:
    widget = WidgetPage(browser, stack, SCREEN)
    page = widget.page
    try:
        widget.open("/?lang=en", "Chat with us")
        widget.say("Your message", GREETING)
        widget.say("Your message", QUESTION)
        offered = page.locator(".msg--bot:has(.choice)").last.locator(".choice")
        expect(offered.first).to_be_enabled()
        title = offered.first.inner_text()
        bots = page.locator(".msg--bot").count()
        offered.first.click()
        expect(page.locator(".msg--customer .text").last).to_have_text(title)
        expect(page.locator(".msg--bot")).not_to_have_count(bots)
        expect(page.locator(".typing")).to_be_hidden()
        path = folder / "fault.jpg"
        path.write_bytes(photo)
        bots = page.locator(".msg--bot").count()
        page.get_by_label("Send a photo").set_input_files(path)
        expect(page.locator(".msg--customer img.photo")).to_have_count(1)
        expect(page.locator(".msg--bot .text").last).to_have_text(render("photo_received", "en"))
        expect(page.locator(".msg--bot")).to_have_count(bots + 1)
        assert widget.errors == []
        return widget.stored_conversation()["id"]
    finally:
        widget.close()


def _in_telegram(poller: Poller, uow_factory: UowFactory, photo: bytes) -> str:
    customer = TelegramCustomer(poller, uow_factory, CHAT, "en")
    assert [m["text"] for m in customer.start()] == [render("telegram_welcome", "en")]
    customer.say(GREETING)
    customer.say(QUESTION)
    button = _first_offered(customer.offered())
    assert customer.keyboard()[0][0] == button["title"]
    customer.press(button["payload"])
    customer.photo(photo)
    conversation_id = customer.conversation_id
    assert conversation_id is not None
    return conversation_id


def _rows(
    uow_factory: UowFactory, conversation_id: str
) -> tuple[str, set[str], list[Row], list[Row]]:
    """The conversation's channel, its messages' channels, its messages and its photos."""
    with uow_factory() as uow:
        conversation = uow.session.get_one(Conversation, conversation_id)
        messages = uow.session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.seq)
        ).all()
        journal = [
            (m.seq, m.sender, m.author, m.text, m.payload, m.buttons, m.language, m.delivery)
            for m in messages
        ]
        photos = [
            (seq, a.content_type, a.width, a.height, a.size, a.sha256, a.reference)
            for seq, a in uow.session.execute(
                select(Message.seq, Attachment)
                .join(Message, Message.id == Attachment.message_id)
                .where(Attachment.conversation_id == conversation_id)
                .order_by(Message.seq)
            ).tuples()
        ]
        return conversation.channel, {m.channel for m in messages}, journal, photos


def _settled(uow_factory: UowFactory, conversation_id: str) -> bool:
    with uow_factory() as uow:
        pending = uow.session.scalars(
            select(Message.id).where(
                Message.conversation_id == conversation_id, Message.delivery == "pending"
            )
        ).first()
        return pending is None


def test_the_same_script_leaves_the_same_rows_on_every_channel(
    stack: Stack, poller: Poller, browser: Browser, uow_factory: UowFactory, tmp_path: Path
) -> None:
    photo = _photo()
    conversations = {
        "api": _over_the_api(stack, photo),
        "web": _in_the_widget(stack, browser, photo, tmp_path),
        "telegram": _in_telegram(poller, uow_factory, photo),
    }
    poller.wait_for(
        lambda: all(_settled(uow_factory, c) for c in conversations.values()),
        "waiting for every message to be answered",
        _SETTLE_SECONDS,
    )
    found = {channel: _rows(uow_factory, c) for channel, c in conversations.items()}
    for channel, (conversation_channel, message_channels, _, _) in found.items():
        assert (conversation_channel, message_channels) == (channel, {channel})

    _, _, journal, photos = found["api"]
    assert [row[:2] for row in journal] == [(seq, s) for seq, s in enumerate(_SENDERS, 1)]
    greeting, question, pressed, photo_message = (journal[i] for i in (0, 2, 4, 6))
    assert (greeting[3], question[3]) == (GREETING, QUESTION)
    assert "E4" in journal[3][3]
    first = journal[3][5][0]
    assert (pressed[3], pressed[4]) == (first["title"], first["payload"])
    assert photo_message[3] == render("photo_caption", "en")
    assert journal[7][3] == render("photo_received", "en")
    assert [p[:4] for p in photos] == [(7, "image/jpeg", 480, 360)]
    for channel in ("web", "telegram"):
        assert found[channel][2] == journal, channel
        assert found[channel][3] == photos, channel
