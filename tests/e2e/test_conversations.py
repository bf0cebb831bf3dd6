"""Scripted conversations with the real assistant, in Chinese and English.

Each turn asserts the exact reply the domain defines for the expected intent, in the
language of the customer's message; the wording of the customer messages differs from
the training data.
"""

from __future__ import annotations

import pytest
import yaml

from bot.language import detect_language
from bot.stack import PROJECT_ROOT
from bot.texts import MESSAGES
from tests.e2e.conftest import Customer, Stack
from tests.e2e.responses import response, text

# With nobody online, a request for a person gets the callback offer, at any hour.
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("nobody_online")]


def _conversations() -> list[object]:
    """The scripted conversations in ``tests/data/conversations/scripted.yml``."""
    path = PROJECT_ROOT / "tests" / "data" / "conversations" / "scripted.yml"
    return [
        pytest.param(c["language"], [(t["say"], t["reply"]) for t in c["turns"]], id=c["name"])
        for c in yaml.safe_load(path.read_text(encoding="utf-8"))
    ]


def _assert_reply(replies: list[dict[str, object]], name: str, language: str) -> None:
    """The first reply is domain response ``name``, or action message ``name``."""
    if name in MESSAGES:
        expected: dict[str, object] = {"text": MESSAGES[name](language)}  # type: ignore[arg-type]
    else:
        expected = response(name, language)
    assert replies[0]["text"] == expected["text"], (
        f"expected {name} ({language}), got {replies[0]['text']!r}"
    )
    if "buttons" in expected or name not in MESSAGES:
        assert replies[0]["buttons"] == expected.get("buttons", [])
    for reply in replies:
        assert isinstance(reply["text"], str)
        assert detect_language(reply["text"]) == language, reply["text"]


@pytest.mark.parametrize(
    ("language", "turns"),
    _conversations(),
)
def test_conversation(customer: Customer, language: str, turns: list[tuple[str, str]]) -> None:
    for said, expected in turns:
        assert detect_language(said) == language
        _assert_reply(customer.say(said), expected, language)


def test_language_switches_mid_conversation(customer: Customer) -> None:
    _assert_reply(customer.say("你好，在吗"), "utter_greet", "zh")
    _assert_reply(customer.say("sorry, do you speak English? what can you do"), "help", "en")
    _assert_reply(
        customer.say("还是说中文吧，我想投诉你们的维修师傅"), "ask_complaint_category", "zh"
    )
    _assert_reply(customer.say("thanks"), "utter_you_are_welcome", "en")


def test_mixed_chinese_english_is_answered_in_chinese(customer: Customer) -> None:
    replies = customer.say("我的washer坏了 帮我book个师傅上门")
    assert replies[0]["text"].startswith(MESSAGES["ask_booking_model"].zh.split("{")[0])


def test_language_requested_at_start_holds_for_messages_without_words(stack: Stack) -> None:
    customer = Customer(stack, language="en")
    replies = customer.say("13812345678")
    assert replies[0]["text"] == MESSAGES["inform_ack"].en


def test_neutral_ok_keeps_chinese(customer: Customer) -> None:
    _assert_reply(customer.say("你好"), "utter_greet", "zh")
    replies = customer.say("ok")
    assert detect_language(replies[0]["text"]) == "zh"


def test_buttons_offered_by_the_bot_can_be_pressed(customer: Customer) -> None:
    greeting = customer.say("hello")
    payloads = [b["payload"] for b in greeting[0]["buttons"]]
    assert "/request_human" in payloads

    pressed = customer.press("/request_human")
    assert pressed.status_code == 200
    assert pressed.json()["replies"][0]["text"] == MESSAGES["handoff_nobody"].en

    history = customer.history()
    assert [m["sender"] for m in history] == ["customer", "bot", "customer", "bot"]
    assert history[2]["text"] == "Talk to a person"


def test_payload_never_offered_is_refused(customer: Customer) -> None:
    customer.say("hello")
    refused = customer.press('/greet{"phone": "13800000000"}')
    assert refused.status_code == 422
    assert [m["sender"] for m in customer.history()] == ["customer", "bot"]


def test_typed_slash_never_reaches_rasa_as_an_intent(customer: Customer, stack: Stack) -> None:
    customer.say("/goodbye")
    texts = [e["text"] for e in stack.tracker_events(customer.conversation_id, "user")]
    assert texts == ["／goodbye"]
    assert customer.history()[0]["text"] == "/goodbye"


def test_history_holds_every_message_in_order(customer: Customer) -> None:
    customer.say("你好")
    customer.say("谢谢")
    history = customer.history()
    assert [m["seq"] for m in history] == list(range(1, len(history) + 1))
    assert [m["sender"] for m in history] == ["customer", "bot", "customer", "bot"]
    assert history[1]["text"] == text("utter_greet", "zh")
    assert customer.history(after=len(history)) == []
    assert customer.history(after=2)[0]["text"] == "谢谢"


def test_health_reports_every_component(stack: Stack) -> None:
    import httpx

    body = httpx.get(f"{stack.gateway_url}/health", timeout=10).json()
    assert body == {
        "status": "ok",
        "checks": {
            "gateway": True,
            "database": True,
            "rasa": True,
            "tracker_store": True,
            "actions": True,
        },
    }
