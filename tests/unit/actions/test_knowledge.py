from __future__ import annotations

import asyncio
from typing import Any

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.knowledge import ActionAnswerQuestion
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
    assert events == [SlotSet("pending_question", None)]
