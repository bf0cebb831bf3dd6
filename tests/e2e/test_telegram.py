"""A technician's visit booked in Telegram, against the whole running assistant.

The real poller (``python -m bot telegram``) polls a local fake Bot API and talks to the
running stack's Rasa server and database. The customer describes the fault, asks for a
visit, answers the questions by typing, chooses the window and confirms with inline
buttons, and gets the reference; the booking in the database is exactly what was
confirmed, and its conversation is a Telegram one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from itertools import count
from typing import Final

import pytest
from sqlalchemy import select

from bot.conversations.models import Conversation, Message
from bot.db import UowFactory
from bot.language import Language
from bot.repairs import Window, get_booking
from bot.texts import MESSAGES
from tests.e2e.conftest import Stack
from tests.e2e.responses import msg
from tests.e2e.telegram_chat import Poller, TelegramCustomer, telegram_poller, texts
from tests.e2e.test_booking import NETWORK_FILE, reference_in

pytestmark = pytest.mark.e2e

_chats = count(710_001)
_WINDOW: Final = '/inform{"visit_window"'


@pytest.fixture(scope="module")
def network(stack: Stack) -> None:
    """The service network of ``tests/data/service_network.yml``, imported as staff do."""
    result = stack.command("network", "import", str(NETWORK_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def poller(stack: Stack) -> Iterator[Poller]:
    with telegram_poller(stack, "booking") as running:
        yield running


def _windows(customer: TelegramCustomer) -> list[str]:
    """The payloads of the visit windows offered, in order."""
    return [b["payload"] for b in customer.offered() if b["payload"].startswith(_WINDOW)]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_visit_is_booked_through_inline_keyboards(
    stack: Stack, network: None, poller: Poller, uow_factory: UowFactory, language: Language
) -> None:
    zh = language == "zh"
    customer = TelegramCustomer(poller, uow_factory, next(_chats), language)
    symptom = (
        "我家WM-8012洗衣机显示E4，不排水" if zh else "my WM-8012 washer shows E4 and won't drain"
    )
    assert customer.say(symptom)
    steps = [
        ("帮我约个师傅上门吧" if zh else "can you send a technician?", "ask_city"),
        ("上海" if zh else "Shanghai", "ask_address"),
        (
            "浦东新区张江路88弄5号1201室" if zh else "Flat 1201, Building 5, 88 Zhangjiang Road",
            "ask_customer_name",
        ),
        ("王女士" if zh else "my name is Anna Wang", "ask_booking_phone"),
        ("139 1234 5678", "ask_visit_window"),
    ]
    for said, asked in steps:
        assert texts(customer.say(said)) == [msg(asked, language)], said

    # The windows come as an inline keyboard; the first one is pressed.
    offered = _windows(customer)
    assert 3 <= len(offered) <= 5
    window = Window.from_key(json.loads(offered[0].removeprefix("/inform"))["visit_window"])
    shown = customer.keyboard()
    assert [title for title, _ in shown] == [b["title"] for b in customer.offered()]
    summary = texts(customer.press(offered[0]))
    assert summary[0].startswith(MESSAGES["booking_summary"](language).split("\n")[0])
    assert window.label(language) in summary[0]
    assert "139" in summary[0]

    # Confirmed with the button: the reference arrives in the chat.
    done = texts(customer.press("/affirm"))
    reference = reference_in(done[0])
    assert done == [
        msg("booking_done", language, reference=reference, window=window.label(language))
    ]

    booking = get_booking(uow_factory, reference)
    assert booking is not None
    assert (booking.status, booking.category, booking.model, booking.error_code) == (
        "booked",
        "washing_machine",
        "WM-8012",
        "E4",
    )
    assert (booking.region, booking.phone, booking.window.start) == (
        "shanghai",
        "+8613912345678",
        window.start,
    )
    assert booking.customer_name == ("王女士" if zh else "Anna Wang")
    assert booking.symptom == symptom
    assert booking.conversation_id == customer.conversation_id
    with uow_factory() as uow:
        conversation = uow.session.get_one(Conversation, booking.conversation_id)
        assert (conversation.channel, conversation.language) == ("telegram", language)
        journal = uow.session.execute(
            select(Message.sender, Message.payload, Message.channel)
            .where(Message.conversation_id == booking.conversation_id)
            .order_by(Message.seq)
        ).all()
    assert {channel for _, _, channel in journal} == {"telegram"}
    pressed = [payload for sender, payload, _ in journal if sender == "customer" and payload]
    assert pressed == [offered[0], "/affirm"]
