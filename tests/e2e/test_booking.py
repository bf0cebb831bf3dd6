"""Technician visits through the real stack: book, check, move and cancel, in both languages.

The service network is written here and loaded with the real command into the running
assistant's database; what the customer confirmed is then read back from that database.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest

from bot.db import UowFactory
from bot.knowledge import load_knowledge_base
from bot.language import Language
from bot.repairs import SERVICE_TZ, Window, get_booking
from bot.stack import PROJECT_ROOT
from bot.texts import MESSAGES
from tests.e2e.conftest import STACKS, Customer, Stack
from tests.e2e.responses import msg, text, texts

# On the single host (SQLite), then on the cluster (PostgreSQL, two of each process).
pytestmark = [pytest.mark.e2e, pytest.mark.parametrize("stack", STACKS, indirect=True)]

NETWORK_FILE = PROJECT_ROOT / "tests" / "data" / "service_network.yml"


@pytest.fixture(scope="module")
def network(stack: Stack) -> None:
    """The service network of ``tests/data/service_network.yml``, imported as staff do."""
    result = stack.command("network", "import", str(NETWORK_FILE))
    assert result.returncode == 0, result.stdout + result.stderr


def window_keys(reply: dict[str, Any]) -> list[str]:
    """The windows a reply offers, in order."""
    keys = []
    for b in reply.get("buttons", []):
        if b["payload"].startswith('/inform{"visit_window"'):
            keys.append(json.loads(b["payload"].removeprefix("/inform"))["visit_window"])
    return keys


def reference_in(text: str) -> str:
    start = text.index("RV-")
    return text[start : start + 11]


def book_from_scratch(customer: Customer, language: Language) -> tuple[str, Window]:
    """Books a washer visit answering every question; returns the reference and window."""
    zh = language == "zh"
    replies = customer.say("我要预约师傅上门维修" if zh else "I'd like to book a repair visit")
    assert texts(replies) == [msg("ask_product", language)]
    replies = customer.say("滚筒洗衣机，型号WM-8012" if zh else "it's the washer, WM-8012")
    assert texts(replies) == [msg("ask_symptom", language)]
    replies = customer.say("不排水了，屏幕显示E4" if zh else "it won't drain and shows E4")
    assert texts(replies) == [msg("ask_city", language)]
    replies = customer.say("上海" if zh else "Shanghai")
    assert texts(replies) == [msg("ask_address", language)]
    address = "浦东新区张江路88弄5号1201室" if zh else "Flat 1201, Building 5, 88 Zhangjiang Road"
    replies = customer.say(address)
    assert texts(replies) == [msg("ask_customer_name", language)]
    replies = customer.say("王女士" if zh else "my name is Anna Wang")
    assert texts(replies) == [msg("ask_booking_phone", language)]
    replies = customer.say("139 1234 5678")
    assert texts(replies) == [msg("ask_visit_window", language)]
    offered = window_keys(replies[0])
    assert 3 <= len(offered) <= 5
    assert offered == sorted(offered)
    replies = customer.choose('/inform{"visit_window":"' + offered[0] + '"}')
    window = Window.from_key(offered[0])
    summary = replies[0]["text"]
    assert summary.startswith(MESSAGES["booking_summary"](language).split("\n")[0])
    assert window.label(language) in summary
    assert "139" in summary
    replies = customer.choose("/affirm")
    done = replies[0]["text"]
    reference = reference_in(done)
    assert done == msg("booking_done", language, reference=reference, window=window.label(language))
    return reference, window


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_visit_is_booked_exactly_as_confirmed_and_can_be_checked(
    stack: Stack,
    network: None,
    uow_factory: UowFactory,
    language: Language,
) -> None:
    customer = Customer(stack)
    reference, window = book_from_scratch(customer, language)

    booking = get_booking(uow_factory, reference)
    assert booking is not None
    assert (booking.status, booking.category, booking.model) == (
        "booked",
        "washing_machine",
        "WM-8012",
    )
    assert (booking.error_code, booking.region, booking.phone) == (
        "E4",
        "shanghai",
        "+8613912345678",
    )
    assert booking.customer_name == ("王女士" if language == "zh" else "Anna Wang")
    assert booking.window.start == window.start
    assert booking.conversation_id == customer.conversation_id
    assert booking.warranty_status == "unknown"

    # The conversation knows the reference and the phone: checking asks nothing.
    replies = customer.say(
        "我的预约现在什么情况" if language == "zh" else "what's the status of my visit?"
    )
    assert replies[0]["text"].startswith(msg("visit_status", language, summary=""))
    assert reference in replies[0]["text"]


def _open_visit(customer: Customer, language: Language, opening: str, reference: str) -> None:
    replies = customer.say(opening)
    assert texts(replies) == [msg("ask_visit_reference", language)]
    replies = customer.say(reference.lower().replace("-", " "))
    assert texts(replies) == [msg("ask_visit_phone", language)]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_visit_is_moved_then_cancelled_by_reference_and_phone(
    stack: Stack,
    network: None,
    uow_factory: UowFactory,
    language: Language,
) -> None:
    zh = language == "zh"
    reference, window = book_from_scratch(Customer(stack), language)

    # Another conversation, knowing nothing: a wrong phone reveals nothing.
    customer = Customer(stack)
    _open_visit(
        customer,
        language,
        "我想改一下上门时间" if zh else "I need to reschedule my visit",
        reference,
    )
    replies = customer.say("13800000000")
    assert texts(replies)[0] == msg("visit_not_found", language)
    assert reference not in " ".join(texts(replies))
    assert texts(replies)[-1] == msg("ask_visit_reference", language)
    replies = customer.say(reference)
    replies = customer.say("13912345678")
    assert replies[0]["text"].startswith(msg("visit_current", language, summary=""))
    offered = window_keys(replies[-1])
    assert window.key not in offered
    assert offered
    replies = customer.choose('/inform{"visit_window":"' + offered[-1] + '"}')
    moved = Window.from_key(offered[-1])
    assert replies[0]["text"].startswith(
        msg("visit_moved", language, window=moved.label(language), summary="")
    )
    booking = get_booking(uow_factory, reference)
    assert booking is not None
    assert (booking.status, booking.window.start) == ("booked", moved.start)

    customer = Customer(stack)
    _open_visit(
        customer, language, "取消预约" if zh else "please cancel my repair appointment", reference
    )
    replies = customer.say("+86 139-1234-5678")
    assert replies[0]["text"].startswith(msg("ask_cancel_confirmed", language, summary=""))
    replies = customer.choose("/affirm")
    assert replies[0]["text"].startswith(msg("visit_cancelled", language, summary=""))
    cancelled = get_booking(uow_factory, reference)
    assert cancelled is not None
    assert cancelled.status == "cancelled"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_any_answer_can_be_changed_before_confirming(
    stack: Stack, network: None, uow_factory: UowFactory, language: Language
) -> None:
    zh = language == "zh"
    customer = Customer(stack)
    # What the customer already said is not asked again: appliance, fault and city.
    customer.say(
        "我家WM-8012洗衣机显示E4，不排水" if zh else "my WM-8012 washer shows E4 and won't drain"
    )
    replies = customer.say("帮我约个师傅上门吧" if zh else "can you send a technician?")
    assert texts(replies) == [msg("ask_city", language)]
    customer.say("上海")
    customer.say("浦东新区张江路88弄5号1201室" if zh else "88 Zhangjiang Road, Flat 1201")
    customer.say("陈先生" if zh else "Tom Chen")
    replies = customer.say("13912345678")
    offered = window_keys(replies[0])
    customer.choose('/inform{"visit_window":"' + offered[0] + '"}')
    replies = customer.choose('/inform{"change":"phone"}')
    assert texts(replies) == [
        msg("booking_change_ok", language),
        msg("ask_booking_phone", language),
    ]
    replies = customer.say("+44 7700 900123")
    assert "+447700900123" in replies[0]["text"]
    replies = customer.choose("/affirm")
    reference = reference_in(replies[0]["text"])
    booking = get_booking(uow_factory, reference)
    assert booking is not None
    assert (booking.phone, booking.symptom) == (
        "+447700900123",
        "我家WM-8012洗衣机显示E4，不排水" if zh else "my WM-8012 washer shows E4 and won't drain",
    )


Expected = str | tuple[str, dict[str, str]]


def walk(customer: Customer, language: Language, steps: list[tuple[str, list[Expected]]]) -> None:
    """Says each text and checks that the assistant answers with exactly those messages.

    A message is its key, or its key and the values it is rendered with.
    """
    for said, keys in steps:
        expected = [
            msg(k, language) if isinstance(k, str) else msg(k[0], language, **k[1]) for k in keys
        ]
        assert texts(customer.say(said)) == expected, said


def _category_name(category: str, language: Language) -> str:
    kb = load_knowledge_base(PROJECT_ROOT / "knowledge_base")
    return kb.categories[category].name(language)


APPLIANCES = {
    "冰箱": "refrigerator",
    "空调": "air_conditioner",
    "热水器": "water_heater",
    "净水器": "water_purifier",
    "洗衣机": "washing_machine",
}


def opening(
    language: Language, appliance: tuple[str, str], fault: tuple[str, str]
) -> list[tuple[str, list[Expected]]]:
    """The first answers of a booking in Shanghai, up to the question for the phone.

    The model is asked for once, with where the rating plate is; the customer cannot find
    it, and the booking goes on.
    """
    zh = language == "zh"
    category = APPLIANCES[appliance[0]]
    asks_model = (
        "ask_booking_model",
        {
            "appliance": _category_name(category, language),
            "plate": msg(f"rating_plate_{category}", language),
        },
    )
    return [
        ("我要预约维修" if zh else "I'd like to book a repair visit", ["ask_product"]),
        (appliance[0] if zh else appliance[1], ["ask_symptom"]),
        (fault[0] if zh else fault[1], [asks_model]),
        ("找不到" if zh else "can't find it", ["model_skipped", "ask_city"]),
        ("上海" if zh else "Shanghai", ["ask_address"]),
        ("徐汇区漕溪北路100号" if zh else "100 Caoxi North Road, Xuhui", ["ask_customer_name"]),
        ("李女士" if zh else "Ms Li", ["ask_booking_phone"]),
    ]


def _at_the_window_question(customer: Customer, language: Language) -> dict[str, Any]:
    walk(customer, language, opening(language, ("冰箱", "fridge"), ("不制冷", "not cooling")))
    return customer.say("13912345678")[0]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_preferred_time_is_respected(stack: Stack, network: None, language: Language) -> None:
    customer = Customer(stack)
    _at_the_window_question(customer, language)
    replies = customer.say(
        "后天下午" if language == "zh" else "the day after tomorrow in the afternoon"
    )
    offered = [Window.from_key(k) for k in window_keys(replies[-1])]
    day = datetime.now(SERVICE_TZ).date() + timedelta(days=2)
    assert offered
    assert all(w.start.date() == day and 12 <= w.start.hour < 18 for w in offered)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_dates_in_the_past_or_too_far_ahead_are_refused(
    stack: Stack, network: None, language: Language
) -> None:
    customer = Customer(stack)
    _at_the_window_question(customer, language)
    replies = customer.say("昨天上午" if language == "zh" else "yesterday morning")
    assert texts(replies)[0] == msg("preference_in_past", language)
    far = datetime.now(SERVICE_TZ).date() + timedelta(days=60)
    replies = customer.say(
        f"{far.isoformat()} 上午" if language == "zh" else f"{far.isoformat()} morning"
    )
    assert texts(replies)[0] == msg("preference_too_far", language, days=30)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_wrong_phone_numbers_are_refused(stack: Stack, network: None, language: Language) -> None:
    steps = opening(language, ("空调", "the air conditioner"), ("不制冷", "it's not cooling"))
    steps.append(("12345", ["invalid_phone", "ask_booking_phone"]))
    steps.append(("138 1234", ["invalid_phone", "ask_booking_phone"]))
    walk(Customer(stack), language, steps)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_city_outside_the_network_offers_a_person(
    stack: Stack, network: None, language: Language
) -> None:
    customer = Customer(stack)
    walk(
        customer,
        language,
        opening(language, ("热水器", "water heater"), ("不出热水", "no hot water"))[:4],
    )
    city = "拉萨" if language == "zh" else "Lhasa"
    replies = customer.say(city)
    assert texts(replies) == [
        msg("city_not_served", language, city=city),
        msg("ask_city", language),
    ]
    assert "/request_human" in [b["payload"] for b in replies[0]["buttons"]]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_unknown_model_offers_the_closest(
    stack: Stack, network: None, language: Language
) -> None:
    customer = Customer(stack)
    customer.say("我要报修" if language == "zh" else "I want to book a repair")
    replies = customer.say("型号是WM-8021" if language == "zh" else "model WM-8021")
    assert texts(replies) == [
        msg("unknown_model", language, typed="WM-8021"),
        msg("ask_product", language),
    ]
    titles = [b["title"] for b in replies[0]["buttons"]]
    assert titles[0].startswith("WM-8012")


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_question_in_the_middle_is_answered_and_the_booking_resumes(
    stack: Stack, network: None, language: Language
) -> None:
    customer = Customer(stack)
    steps = opening(
        language, ("净水器", "water purifier"), ("出水很慢", "the water comes out slowly")
    )
    walk(customer, language, steps[:5])
    replies = customer.say("上门费多少钱" if language == "zh" else "how much is the call-out fee?")
    assert len(replies) == 2
    assert "50" in replies[0]["text"]
    assert texts(replies)[-1] == msg("ask_address", language)
    walk(customer, language, steps[5:6])
    replies = customer.say(
        "算了 不弄了" if language == "zh" else "forget it, I don't want to book anymore"
    )
    assert texts(replies) == [text("utter_stopped", language)]
