"""Handing over from the dialogue: queued with place and wait, or a callback if nobody is there."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest
from rasa_sdk.events import SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from sqlalchemy import select

from actions.callback import ActionCallbackRequested, ValidateCallbackForm
from actions.fallback import ActionDefaultFallback
from actions.hazards import ActionReportHazard
from actions.insults import ActionInsult
from actions.routing import ActionRequestHuman
from bot import services
from bot.agents import add_agent
from bot.agents.presence import set_presence
from bot.clock import SERVICE_TZ, FixedClock
from bot.conversations.models import Conversation
from bot.db import UowFactory
from bot.handoff import HandoffRequest, HandoffSummary
from bot.handoff.callbacks import open_callbacks
from bot.language import Language
from bot.texts import render
from tests.unit.actions.conftest import (
    IN_WARRANTY_SERIAL,
    NO_DOMAIN,
    REGISTERED_PHONE,
    book_visit,
    make_tracker,
    msg,
    soonest_starts,
)

#: 10:00 on a weekday, within the agents' shift (08:00-22:00).
DAYTIME = datetime(2026, 12, 3, 10, 0, tzinfo=SERVICE_TZ)
NIGHT = datetime(2026, 12, 3, 23, 30, tzinfo=SERVICE_TZ)
NEVER_MIND = {"zh": "算了，不用人工了", "en": "Never mind, back to the assistant"}
CALLBACK = {"zh": "请给我回电", "en": "Call me back"}


@pytest.fixture
def desk(service_db: UowFactory) -> UowFactory:
    """The service database with conversation ``c1`` and, at :data:`DAYTIME`, no agent yet."""
    services.runtime().clock = FixedClock(DAYTIME)
    with service_db() as uow:
        uow.session.add(Conversation(id="c1", token_hash="x" * 64, language="zh", channel="web"))
        uow.commit()
    return service_db


def _online(uow_factory: UowFactory, username: str = "li.na") -> None:
    add_agent(
        uow_factory,
        username,
        "Li Na",
        "a long enough password",
        role="agent",
        languages=["zh", "en"],
        skills=["washing_machine"],
    )
    set_presence(uow_factory, username, "online", now=services.now())


def _run(action: Action, tracker: Tracker) -> tuple[list[Any], list[dict[str, Any]]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, NO_DOMAIN))
    return events, dispatcher.messages


def _requests(uow_factory: UowFactory) -> list[HandoffRequest]:
    with uow_factory() as uow:
        rows = uow.session.scalars(select(HandoffRequest)).all()
        uow.session.expunge_all()
        return list(rows)


def _state(uow_factory: UowFactory) -> str:
    with uow_factory() as uow:
        return uow.session.get_one(Conversation, "c1").state


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_request_is_queued_with_everything_the_bot_knows(
    desk: UowFactory, language: Language
) -> None:
    _online(desk)
    visit = book_visit(desk, soonest_starts(1)[0], phone=REGISTERED_PHONE, conversation_id="c1")
    tracker = make_tracker(
        "转人工" if language == "zh" else "talk to a person",
        "request_human",
        language=language,
        product="washing_machine",
        model="WM-8012",
        error_code="E4",
        phone=REGISTERED_PHONE,
    )
    answered = services.knowledge().articles["charges-call-out-fee"].answer(language)
    tracker.events[:0] = [{"event": "bot", "text": answered}, {"event": "bot", "text": "Hi"}]
    events, messages = _run(ActionRequestHuman(), tracker)

    assert events == [SlotSet("handoff", "requested")]
    assert [m["text"] for m in messages] == [msg("handoff_queued", language, position=1, minutes=2)]
    assert messages[0]["buttons"] == [{"title": NEVER_MIND[language], "payload": "/back_to_bot"}]
    assert _state(desk) == "waiting"
    [request] = _requests(desk)
    assert (request.reason, request.priority, request.language, request.channel) == (
        "customer_request",
        2,
        language,
        "api",
    )
    assert request.details is not None
    summary = HandoffSummary.from_json(request.details)
    assert (summary.model, summary.error_code, summary.category) == (
        "WM-8012",
        "E4",
        "washing_machine",
    )
    assert summary.booking_references == (visit.reference,)
    assert summary.article_ids == ("charges-call-out-fee",)
    assert summary.units == tuple(sorted((IN_WARRANTY_SERIAL, "WM1904005678")))
    assert summary.phone == REGISTERED_PHONE


def test_the_wait_grows_with_the_queue_ahead(desk: UowFactory) -> None:
    _online(desk)
    with desk() as uow:
        for cid in ("c0", "c2"):
            uow.session.add(Conversation(id=cid, token_hash="y" * 64, language="zh"))
        uow.commit()
    for cid in ("c0", "c2", "c1"):
        _run(ActionRequestHuman(), make_tracker("/human", "request_human", sender_id=cid))
    # Third in the queue; one agent with three seats: still within the free seats.
    _, messages = _run(ActionRequestHuman(), make_tracker("转人工", "request_human"))
    assert messages[0]["text"] == msg("handoff_queued", "zh", position=3, minutes=2)


@pytest.mark.parametrize("language", ["zh", "en"])
def test_nobody_online_offers_a_callback_and_queues_nothing(
    desk: UowFactory, language: Language
) -> None:
    tracker = make_tracker("转人工", "request_human", language=language)
    events, messages = _run(ActionRequestHuman(), tracker)
    assert events == [SlotSet("handoff", "nobody")]
    assert [m["text"] for m in messages] == [msg("handoff_nobody", language)]
    assert messages[0]["buttons"] == [{"title": CALLBACK[language], "payload": "/request_callback"}]
    assert _requests(desk) == []
    assert _state(desk) == "bot"


def test_outside_the_shift_the_hours_are_given(desk: UowFactory) -> None:
    _online(desk)
    services.runtime().clock = FixedClock(NIGHT)
    events, messages = _run(
        ActionRequestHuman(), make_tracker("talk to a person", "request_human", language="en")
    )
    assert events == [SlotSet("handoff", "closed")]
    hours = "8:00–22:00 every day, holidays included"
    assert [m["text"] for m in messages] == [msg("handoff_closed", "en", hours=hours)]
    assert _requests(desk) == []


def test_a_hazard_gets_first_steps_then_an_urgent_person(desk: UowFactory) -> None:
    _online(desk)
    tracker = make_tracker("/report_hazard", "report_hazard")
    tracker.latest_message["metadata"] = {
        "hazard": "gas",
        "handoff_reason": "safety_hazard",
        "text": "厨房一股煤气味",
    }
    _, messages = _run(ActionReportHazard(), tracker)
    assert [m["text"] for m in messages] == [
        msg("safety_intro", "zh"),
        msg("safety_gas", "zh"),
        msg("handoff_queued", "zh", position=1, minutes=2),
    ]
    [request] = _requests(desk)
    assert (request.reason, request.priority) == ("safety_hazard", 0)
    assert request.details is not None
    assert request.details["hazard"] == "gas"
    assert request.details["wants"] == "厨房一股煤气味"


def test_a_hazard_read_by_the_model_alone_is_found_in_the_text(desk: UowFactory) -> None:
    _online(desk)
    _, messages = _run(
        ActionReportHazard(), make_tracker("sparks from the socket", "report_hazard", language="en")
    )
    assert messages[1]["text"] == msg("safety_sparks", "en")


def test_a_second_insult_hands_over(desk: UowFactory) -> None:
    _online(desk)
    first = make_tracker("垃圾客服", "insult")
    events, messages = _run(ActionInsult(), first)
    assert events == []
    assert [m["text"] for m in messages] == [msg("insult_apology", "zh")]

    second = make_tracker("你们就是骗子", "insult")
    second.events.insert(
        0, {"event": "user", "text": "垃圾客服", "parse_data": {"intent": {"name": "insult"}}}
    )
    events, _ = _run(ActionInsult(), second)
    assert events == [SlotSet("handoff", "requested")]
    assert _requests(desk)[0].reason == "customer_upset"
    assert _requests(desk)[0].priority == 1


def test_the_second_unhandled_turn_in_a_row_hands_over(desk: UowFactory) -> None:
    _online(desk)
    events, messages = _run(ActionDefaultFallback(), make_tracker("asdf qwer", "nlu_fallback"))
    assert events == [UserUtteranceReverted(), SlotSet("unhandled_turn", 1.0)]
    assert _requests(desk) == []

    again = make_tracker("zzzz", "nlu_fallback", unhandled_turn=1.0)
    again.events.insert(0, {"event": "user", "text": "asdf qwer"})
    events, messages = _run(ActionDefaultFallback(), again)
    assert events == [SlotSet("handoff", "requested")]
    assert messages[0]["text"] == msg("handoff_cannot_help", "zh")
    assert _requests(desk)[0].reason == "bot_cannot_help"

    # A handled turn between two unhandled ones: no hand-over.
    later = make_tracker("qqqq", "nlu_fallback", unhandled_turn=1.0)
    later.events[:0] = [{"event": "user", "text": "a"}, {"event": "user", "text": "b"}]
    events, _ = _run(ActionDefaultFallback(), later)
    assert events == [UserUtteranceReverted(), SlotSet("unhandled_turn", 3.0)]


def test_a_callback_ticket_keeps_the_phone_time_and_summary(desk: UowFactory) -> None:
    validate = ValidateCallbackForm()
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("明天上午10点以后", "inform", requested_slot="callback_time")
    # The whole answer, not just the time the model found in it.
    assert validate.validate_callback_time("10点", dispatcher, tracker, NO_DOMAIN) == {
        "callback_time": "明天上午10点以后"
    }
    unusable = make_tracker("？？", "inform", requested_slot="callback_time")
    assert validate.validate_callback_time("？？", dispatcher, unusable, NO_DOMAIN) == {
        "callback_time": None
    }
    assert dispatcher.messages[0]["text"] == msg("callback_time_invalid", "zh")

    done = make_tracker(
        "明天上午", "inform", phone=REGISTERED_PHONE, callback_time="明天上午", model="WM-8012"
    )
    events, messages = _run(ActionCallbackRequested(), done)
    [ticket] = open_callbacks(desk)
    assert events == [SlotSet("callback_time", None)]
    assert messages[0]["text"] == msg(
        "callback_done", "zh", reference=ticket.reference, phone=REGISTERED_PHONE, time="明天上午"
    )
    assert messages[0]["text"].index(ticket.reference) < 20
    assert (ticket.phone, ticket.preferred_time, ticket.conversation_id) == (
        REGISTERED_PHONE,
        "明天上午",
        "c1",
    )
    assert ticket.details is not None
    assert ticket.details.model == "WM-8012"
    assert ticket.created_at - DAYTIME < timedelta(seconds=1)


def test_a_hazard_naming_a_code_gets_that_codes_own_first_steps(desk: UowFactory) -> None:
    _online(desk)
    tracker = make_tracker("/report_hazard", "report_hazard")
    words = "电热水器显示E4，是不是漏电了，还能洗澡吗"
    tracker.latest_message["metadata"] = {"hazard": "shock", "text": words}
    _, messages = _run(ActionReportHazard(), tracker)
    article = services.knowledge().articles["wh-e4-leakage-current"]
    assert [m["text"] for m in messages] == [
        article.answer("zh"),
        msg("handoff_queued", "zh", position=1, minutes=2),
    ]
    assert _requests(desk)[0].priority == 0


@pytest.mark.parametrize(
    ("text", "language", "article_id"),
    [
        ("新买的冰箱两边摸着烫手，是不是有毛病？", "zh", "rf-symptom-hot-sides"),
        (
            "fridge completely dead. no light no sound. other things in the socket work",
            "en",
            "rf-symptom-wont-start",
        ),
    ],
)
def test_a_hazard_the_classifier_alone_read_gets_the_faults_first_steps(
    text: str, language: Language, article_id: str
) -> None:
    events, messages = _run(
        ActionReportHazard(), make_tracker(text, "report_hazard", language=language)
    )
    article = services.knowledge().articles[article_id]
    assert [m["text"] for m in messages] == [article.answer(language)]
    assert not any(e.get("event") == "slot" and e.get("name") == "handoff" for e in events)


@pytest.mark.parametrize(
    ("text", "article_id"),
    [
        ("door of washer stuck shut after wash, pls help", "wm-symptom-door-stuck"),
        ("it's 44 degrees and the aircon just shut down showing P4", "ac-p4-compressor-overheat"),
    ],
)
def test_a_fault_the_classifier_read_as_an_insult_gets_its_first_steps(
    text: str, article_id: str
) -> None:
    tracker = make_tracker(text, "insult", language="en")
    _, messages = _run(ActionInsult(), tracker)
    article = services.knowledge().articles[article_id]
    assert [m["text"] for m in messages] == [article.answer.en]


def test_an_angry_fault_is_still_an_insult() -> None:
    tracker = make_tracker(
        "your useless washer door is stuck again, idiots", "insult", language="en"
    )
    _, messages = _run(ActionInsult(), tracker)
    assert messages[0]["text"] == render("insult_apology", "en")


def test_a_question_the_classifier_alone_read_as_a_hazard_is_answered() -> None:
    tracker = make_tracker("is the WH-3012G gas or electric", "report_hazard", language="en")
    events, messages = _run(ActionReportHazard(), tracker)
    answers = {a.answer.en for a in services.knowledge().articles.values()}
    assert messages[0]["text"] in answers
    assert not any(e.get("name") == "handoff" for e in events if isinstance(e, dict))
