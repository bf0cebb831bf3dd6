from __future__ import annotations

import asyncio
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.inform import ActionHandleInform
from actions.knowledge import ActionAnswerQuestion, answer_events, give_answer
from bot import services
from bot.texts import MESSAGES
from tests.unit.actions.conftest import make_tracker


def _run(tracker: Tracker, domain: DomainDict) -> tuple[list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerQuestion().run(dispatcher, tracker, domain))
    return events, dispatcher.messages


def test_a_clear_question_gets_the_article_and_its_next_step(domain: DomainDict) -> None:
    events, messages = _run(make_tracker("滚筒洗衣机显示E4 水排不出去 怎么办"), domain)
    article = services.knowledge().articles["wm-e4-drain"]
    assert [m["text"] for m in messages] == [article.answer.zh]
    assert messages[0]["buttons"] == [
        {"title": "预约师傅上门", "payload": "/book_repair"},
        {"title": "转人工客服", "payload": "/request_human"},
    ]
    assert events == [
        SlotSet("product", "washing_machine"),
        SlotSet("article_id", None),
        SlotSet("pending_question", None),
    ]


def test_a_chosen_article_is_answered_in_english(domain: DomainDict) -> None:
    tracker = make_tracker(
        '/inform{"article_id":"charges-call-out-fee"}',
        intent="inform",
        language="en",
        article_id="charges-call-out-fee",
    )
    events, messages = _run(tracker, domain)
    assert messages[0]["text"] == services.knowledge().articles["charges-call-out-fee"].answer.en
    assert events == [SlotSet("article_id", None), SlotSet("pending_question", None)]


def test_nothing_close_asks_once_for_detail_then_offers_a_person(domain: DomainDict) -> None:
    events, messages = _run(make_tracker("zxqv blorf"), domain)
    assert [m["text"] for m in messages] == [MESSAGES["kb_need_detail"].zh]
    assert events == [SlotSet("pending_question", "zxqv blorf")]

    events, messages = _run(make_tracker("wibble", pending_question="zxqv blorf"), domain)
    assert [m["text"] for m in messages] == [MESSAGES["kb_no_match"].zh]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/request_human", "/book_repair"]
    # The turn is remembered as unhandled: another one right after hands over.
    assert events == [SlotSet("pending_question", None), SlotSet("unhandled_turn", 1.0)]


MENU = ["/book_repair", "/check_warranty", "/complain", "/request_human"]


def _inform(tracker: Tracker, domain: DomainDict) -> tuple[list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionHandleInform().run(dispatcher, tracker, domain))
    return events, dispatcher.messages


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_bare_detail_is_acknowledged_with_the_menu(domain: DomainDict, language: str) -> None:
    events, messages = _inform(make_tracker("WM-8012", "inform", language=language), domain)
    assert events == []
    assert [m["text"] for m in messages] == [MESSAGES["inform_ack"](language)]  # type: ignore[arg-type]
    assert [b["payload"] for b in messages[0]["buttons"]] == MENU
    titles = {"zh": "预约维修", "en": "Book a repair"}
    assert messages[0]["buttons"][0]["title"] == titles[language]


@pytest.mark.parametrize(
    ("text", "language", "article_id"),
    [("冰箱不凉了", "zh", "rf-symptom-not-cooling"), ("washer leaks", "en", "wm-symptom-leaking")],
)
def test_a_fault_named_however_briefly_is_answered(
    domain: DomainDict, text: str, language: str, article_id: str
) -> None:
    _, messages = _inform(make_tracker(text, "inform", language=language), domain)
    article = services.knowledge().articles[article_id]
    assert [m["text"] for m in messages] == [article.answer(language)]  # type: ignore[arg-type]
    assert messages[0]["buttons"][0]["payload"] == "/book_repair"


def test_a_stale_choice_is_forgotten(domain: DomainDict) -> None:
    tracker = make_tracker("/inform", "inform", article_id="no-such-article")
    events, messages = _inform(tracker, domain)
    assert events == [SlotSet("article_id", None)]
    assert [m["text"] for m in messages] == [MESSAGES["inform_ack"].zh]


def test_a_detail_completes_the_pending_question(domain: DomainDict) -> None:
    tracker = make_tracker("显示E4", "inform", pending_question="滚筒洗衣机水排不出去")
    events, messages = _inform(tracker, domain)
    article = services.knowledge().articles["wm-e4-drain"]
    assert [m["text"] for m in messages] == [article.answer.zh]
    assert events[-2:] == [SlotSet("article_id", None), SlotSet("pending_question", None)]


def test_the_buttons_follow_the_offer_and_the_article(domain: DomainDict) -> None:
    article = services.knowledge().articles["wm-e4-drain"]
    dispatcher = CollectingDispatcher()
    give_answer(dispatcher, article, "en", offer="check_warranty")
    assert dispatcher.messages[0]["buttons"] == [
        {"title": "Check my warranty", "payload": "/check_warranty"},
        {"title": "Book a technician visit", "payload": "/book_repair"},
        {"title": "Talk to a person", "payload": "/request_human"},
    ]


def test_an_accusation_that_asks_something_gets_an_apology_then_the_answer(
    domain: DomainDict,
) -> None:
    text = "are you scammers? you charged me a call-out fee and fixed nothing"
    dispatcher = CollectingDispatcher()
    answer_events(dispatcher, make_tracker(text, "ask_fees", language="en"), text)
    assert dispatcher.messages[0]["text"] == MESSAGES["kb_sorry"].en
    answers = {a.answer.en for a in services.knowledge().articles.values()}
    assert dispatcher.messages[1]["text"] in answers
