from __future__ import annotations

import asyncio
from typing import Any, cast

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.booking import ActionStartBooking
from actions.routing import ANSWER_BELOW_CONFIDENCE, answer_if_question, is_question
from actions.warranty import ActionStartWarrantyCheck
from bot import services
from tests.unit.actions.conftest import make_tracker

NO_DOMAIN = cast(DomainDict, {})


def _route(text: str, intent: str, confidence: float, **slots: Any) -> tuple[Any, list[Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, confidence=confidence, **slots)
    return answer_if_question(dispatcher, tracker), dispatcher.messages


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("净水器亮E3了，是要换滤芯了吗", True),
        ("上门费多少钱", True),
        ("why do you need my serial number?", True),
        ("can you send someone tomorrow", True),
        ("帮我约个师傅上门", False),
        ("send a technician to fix my washer", False),
    ],
)
def test_is_question(text: str, asks: bool) -> None:
    assert is_question(text) is asks


def test_an_unsure_booking_that_asks_about_an_error_code_gets_the_answer() -> None:
    events, messages = _route("净水器亮E3了，是要换滤芯了吗", "book_repair", 0.6)
    article = services.knowledge().articles["wp-e3-filter-due"]
    assert events == [
        SlotSet("product", "water_purifier"),
        SlotSet("article_id", None),
        SlotSet("pending_question", None),
        FollowupAction("action_listen"),
    ]
    assert [m["text"] for m in messages] == [article.answer.zh]
    assert messages[0]["buttons"][0] == {"title": "预约师傅上门", "payload": "/book_repair"}
    assert messages[0]["buttons"][-1] == {"title": "转人工客服", "payload": "/request_human"}


@pytest.mark.parametrize(
    ("text", "intent", "confidence"),
    [
        # The classifier is sure: the customer asked for the service.
        ("净水器亮E3了，是要换滤芯了吗", "book_repair", ANSWER_BELOW_CONFIDENCE),
        # Not a question.
        ("净水器亮E3了 约个师傅", "book_repair", 0.5),
        # The best answer is the service's own explanation: start the service.
        ("how do I book a technician visit?", "book_repair", 0.5),
        # Not a service intent.
        ("净水器亮E3了，是要换滤芯了吗", "report_fault", 0.5),
        # A pressed button.
        ("/book_repair", "book_repair", 0.5),
    ],
)
def test_the_service_starts_otherwise(text: str, intent: str, confidence: float) -> None:
    assert _route(text, intent, confidence) == (None, [])


def test_the_booking_starts_when_it_is_not_a_question() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("我家WM-8012显示E4不排水，约个师傅", "book_repair", confidence=0.6)
    events = asyncio.run(ActionStartBooking().run(dispatcher, tracker, NO_DOMAIN))
    assert dispatcher.messages == []
    assert FollowupAction("action_listen") not in events
    assert SlotSet("model", "WM-8012") in events


def test_an_unsure_warranty_check_that_asks_about_policy_gets_the_answer() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(
        "the warranty ran out ages ago, will you still repair it?",
        "check_warranty",
        confidence=0.5,
        language="en",
    )
    events = asyncio.run(ActionStartWarrantyCheck().run(dispatcher, tracker, NO_DOMAIN))
    assert events[-1] == FollowupAction("action_listen")
    assert len(dispatcher.messages) == 1
    assert {"title": "Check my warranty", "payload": "/check_warranty"} in dispatcher.messages[0][
        "buttons"
    ]
