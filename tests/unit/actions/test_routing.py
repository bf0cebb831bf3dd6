from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, cast

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action
from rasa_sdk.types import DomainDict

from actions.booking import ActionStartBooking
from actions.routing import ActionHelp, ActionRequestHuman, ActionSmallTalk, answer_if_question
from actions.warranty import ActionStartWarrantyCheck
from bot import services
from bot.clock import SERVICE_TZ, FixedClock
from bot.language import Language
from bot.texts import MESSAGES
from bot.understanding.routing import ANSWER_BELOW_CONFIDENCE
from tests.unit.actions.conftest import make_tracker

NO_DOMAIN = cast(DomainDict, {})


def _route(text: str, intent: str, confidence: float, **slots: Any) -> tuple[Any, list[Any]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, confidence=confidence, **slots)
    return answer_if_question(dispatcher, tracker), dispatcher.messages


def _act(
    action: Action, text: str, intent: str, confidence: float, **slots: Any
) -> tuple[list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, confidence=confidence, **slots)
    events = asyncio.run(action.run(dispatcher, tracker, NO_DOMAIN))
    return events, dispatcher.messages


def test_an_unsure_booking_that_asks_about_an_error_code_gets_the_answer() -> None:
    events, messages = _route("净水器亮E3了，是要换滤芯了吗", "book_repair", 0.6)
    article = services.knowledge().articles["wp-e3-filter-due"]
    assert events == [
        SlotSet("product", "water_purifier"),
        SlotSet("symptom", "净水器亮E3了，是要换滤芯了吗"),
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
        # The classifier is sure, and the question is about the visit itself.
        ("你们师傅明天下午能来吗", "repair_status", ANSWER_BELOW_CONFIDENCE),
        # An explicit request for a visit, however it is phrased.
        ("E4 again, can you send someone?", "book_repair", 0.5),
        # A fault named in a complaint is the complaint's.
        ("又显示E4了，你们到底怎么修的？", "complain", 0.95),
        # A question about a booked visit.
        ("RV-7K3M9QXP still shows E4, what's going on", "repair_status", 0.95),
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


@pytest.mark.parametrize(
    ("text", "intent", "article_id"),
    [
        ("修完可以微信付款嘛？能不能给开个收据", "book_repair", "charges-payment-receipt"),
        ("do you cover home visits in Chengdu?", "book_repair", "service-area"),
        ("人工客服晚上几点下班呀", "request_human", "service-hours"),
        # A question on another subject, taken for a complaint or about a visit.
        (
            "the tech charged me way more than your price list says, how do i get it back?",
            "complain",
            "charges-payment-receipt",
        ),
        # A question about the customer's rights, taken for a complaint.
        ("同一个毛病修了三次了还是E4，这种情况怎么办？", "complain", "warranty-two-failed-repairs"),
        (
            "it broke within a week of buying it, can I return it?",
            "complain",
            "warranty-return-window",
        ),
    ],
)
def test_a_sure_request_that_asks_about_the_service_gets_the_answer(
    text: str, intent: str, article_id: str
) -> None:
    language: Language = "en" if text.isascii() else "zh"
    events, messages = _route(text, intent, 0.99, language=language)
    article = services.knowledge().articles[article_id]
    assert [m["text"] for m in messages] == [article.answer(language)]
    assert events[-1] == FollowupAction("action_listen")


def test_a_question_about_the_agents_is_answered_instead_of_handing_over() -> None:
    events, messages = _act(ActionRequestHuman(), "人工客服晚上几点下班呀", "request_human", 1.0)
    assert [m["text"] for m in messages] == [
        services.knowledge().articles["service-hours"].answer.zh
    ]
    assert events == [SlotSet("article_id", None), SlotSet("pending_question", None)]


@pytest.mark.parametrize("text", ["别跟机器人说了 给我转人工", "can I talk to a real person?"])
def test_a_request_for_a_person_hands_over(text: str) -> None:
    # Within the agents' shift, with nobody online: a callback is offered (the queue
    # itself is tested in test_handoff.py).
    services.runtime().clock = FixedClock(datetime(2026, 12, 3, 10, 0, tzinfo=SERVICE_TZ))
    events, messages = _act(ActionRequestHuman(), text, "request_human", 1.0)
    assert events == [SlotSet("handoff", "nobody")]
    assert [m["text"] for m in messages] == [MESSAGES["handoff_nobody"].zh]


def test_the_booking_starts_when_it_is_not_a_question() -> None:
    text = "我家WM-8012显示E4不排水，约个师傅"
    events, messages = _act(ActionStartBooking(), text, "book_repair", 0.6)
    assert messages == []
    assert FollowupAction("action_listen") not in events
    assert SlotSet("model", "WM-8012") in events


def test_an_unsure_warranty_check_that_asks_about_policy_gets_the_answer() -> None:
    text = "the warranty ran out ages ago, will you still repair it?"
    events, messages = _act(ActionStartWarrantyCheck(), text, "check_warranty", 0.5, language="en")
    assert events[-1] == FollowupAction("action_listen")
    assert len(messages) == 1
    assert {"title": "Check my warranty", "payload": "/check_warranty"} in messages[0]["buttons"]


@pytest.mark.parametrize(
    ("text", "language", "article_id"),
    [
        ("冰箱买了两年半了，压缩机还保不保咯", "zh", "warranty-period-refrigerator"),
        ("保修过了恁还管修不？", "zh", "warranty-lifetime-service"),
        ("热水器过了保修，修一下人工怎么收费", "zh", "charges-labour-water-heater"),
    ],
)
def test_a_sure_warranty_check_that_asks_about_ones_rights_gets_the_answer(
    text: str, language: Language, article_id: str
) -> None:
    action = ActionStartWarrantyCheck()
    events, messages = _act(action, text, "check_warranty", 0.99, language=language)
    assert events[-1] == FollowupAction("action_listen")
    assert messages[0]["text"] == services.knowledge().articles[article_id].answer(language)
    assert "/check_warranty" in [b["payload"] for b in messages[0]["buttons"]]


@pytest.mark.parametrize(
    ("text", "language"),
    [("我的冰箱还在保修期吗", "zh"), ("is my washer still under warranty?", "en")],
)
def test_a_sure_warranty_check_about_ones_own_unit_starts_the_check(
    text: str, language: Language
) -> None:
    action = ActionStartWarrantyCheck()
    events, messages = _act(action, text, "check_warranty", 0.99, language=language)
    assert FollowupAction("action_listen") not in events
    assert messages == []


@pytest.mark.parametrize(
    ("text", "intent", "confidence", "response"),
    [
        ("好的", "affirm", 0.99, "utter_affirm_ack"),
        ("不用了", "deny", 0.99, "utter_deny_ack"),
        ("谢谢，空调已经修好了", "thank", 0.99, "utter_you_are_welcome"),
        ("你好", "greet", 0.6, "utter_greet"),
        ("拜拜", "goodbye", 0.99, "utter_goodbye"),
        ("你是机器人吗", "chitchat", 0.99, "utter_chitchat"),
    ],
)
def test_small_talk_gets_its_reply(
    text: str, intent: str, confidence: float, response: str
) -> None:
    events, messages = _act(ActionSmallTalk(), text, intent, confidence, language="zh")
    assert events == []
    assert [m["response"] for m in messages] == [response]


def test_a_question_taken_for_small_talk_gets_the_answer() -> None:
    events, messages = _act(ActionSmallTalk(), "空调移个机收好多钱", "affirm", 0.61, language="zh")
    article = services.knowledge().articles["charges-ac-relocation"]
    assert [m["text"] for m in messages] == [article.answer.zh]
    assert FollowupAction("action_listen") not in events


@pytest.mark.parametrize(
    ("text", "intent", "language", "article"),
    [
        (
            "aircon shows E2 error. the unit outside sits in direct sun all day",
            "book_repair",
            "en",
            "ac-e2-outdoor-sensor",
        ),
        (
            "Drum isn't turning at all and the display says F1",
            "repair_status",
            "en",
            "wm-f1-motor",
        ),
        ("空调开着开着显示P4，外机烫手，咋回事", "book_repair", "zh", "ac-p4-compressor-overheat"),
    ],
)
def test_a_fault_question_is_answered_however_sure_the_classifier_is(
    text: str, intent: str, language: str, article: str
) -> None:
    events, messages = _route(text, intent, 0.99, language=language)
    expected = services.knowledge().articles[article]
    assert [m["text"] for m in messages] == [expected.answer(language)]  # type: ignore[arg-type]
    assert events[-1] == FollowupAction("action_listen")
    assert SlotSet("symptom", text) in events
    book = "预约师傅上门" if language == "zh" else "Book a technician visit"
    assert messages[0]["buttons"][0] == {"title": book, "payload": "/book_repair"}


def test_help_answers_a_fault_question() -> None:
    text = "rf5501 screen flashing E6 what does that mean"
    events, messages = _act(ActionHelp(), text, "help", 0.9, language="en")
    article = services.knowledge().articles["rf-e6-communication"]
    assert [m["text"] for m in messages] == [article.answer.en]
    assert FollowupAction("action_listen") not in events


@pytest.mark.parametrize(("language", "confidence"), [("zh", 0.95), ("en", 0.95), ("en", 0.6)])
def test_help_lists_the_services(language: str, confidence: float) -> None:
    text = "你能帮我做什么" if language == "zh" else "sorry, do you speak English? what can you do"
    events, messages = _act(ActionHelp(), text, "help", confidence, language=language)
    assert events == []
    assert [m["text"] for m in messages] == [MESSAGES["help"](language)]  # type: ignore[arg-type]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert payloads == ["/book_repair", "/check_warranty", "/complain", "/request_human"]


@pytest.mark.parametrize(
    ("text", "intent", "language", "article_id", "offer"),
    [
        # A fault described, whatever the classifier made of it: its first steps.
        ("洗衣机漏水了，地板全湿了", "complain", "zh", "wm-symptom-leaking", "/complain"),
        (
            "water under the sink from the purifier, cabinet all wet",
            "complain",
            "en",
            "wp-symptom-leaking",
            "/complain",
        ),
        (
            "the outdoor unit of my aircon started rattling very loudly",
            "complaint_status",
            "en",
            "ac-symptom-noise",
            "/book_repair",
        ),
        (
            "冰箱一点儿都不凉了 里头东西都捂了",
            "repair_status",
            "zh",
            "rf-symptom-not-cooling",
            "/book_repair",
        ),
    ],
)
def test_a_described_fault_gets_its_first_steps(
    text: str, intent: str, language: Language, article_id: str, offer: str
) -> None:
    events, messages = _route(text, intent, 0.99, language=language)
    article = services.knowledge().articles[article_id]
    assert [m["text"] for m in messages] == [article.answer(language)]
    assert messages[0]["buttons"][0]["payload"] == offer
    assert events[-1] == FollowupAction("action_listen")


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        # The service asked for in so many words starts, fault or not.
        ("冰箱不制冷了，帮我约个师傅上门", "book_repair"),
        ("洗衣机漏水，我要投诉你们", "complain"),
        ("CP-7KQ3MZ2A 空调还是漏水，处理到哪了", "complaint_status"),
    ],
)
def test_a_described_fault_with_its_request_starts_the_service(text: str, intent: str) -> None:
    assert _route(text, intent, 0.99) == (None, [])


def test_help_on_a_subject_of_the_knowledge_base_gets_an_answer_not_the_menu() -> None:
    _, messages = _route(
        "can you help me with a question about the warranty?", "help", 0.99, language="en"
    )
    answers = {a.answer("en") for a in services.knowledge().articles.values()}
    assert messages[0]["text"] in answers


def test_help_without_a_subject_is_the_menu() -> None:
    assert _route("what can you do?", "help", 0.99, language="en") == (None, [])
