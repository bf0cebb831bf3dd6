"""The gateway's side of handing over, turn by turn: what reaches the assistant and what not."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from bot.agents import add_agent
from bot.clock import FixedClock
from bot.conversations import ConversationService, PayloadNotOfferedError, journal
from bot.conversations.model import Button
from bot.conversations.models import Message
from bot.db import UowFactory
from bot.handoff import (
    HandoffRequest,
    HandoffSummary,
    claim,
    handoff_events,
    request_handoff,
    resolve,
)
from bot.handoff.responders import handoff_responders
from bot.handoff.resume import after_resolve, ended_handoff_events, rating_payload
from bot.handoff.waiting import offer_callbacks
from bot.texts import render
from tests.unit.assistant.scripted import ScriptedAssistant

NOW = datetime(2026, 12, 3, 10, 0, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture
def assistant() -> ScriptedAssistant:
    return ScriptedAssistant()


@pytest.fixture
def service(uow_factory: UowFactory, assistant: ScriptedAssistant) -> ConversationService:
    clock = FixedClock(NOW)
    return ConversationService(
        uow_factory,
        assistant,
        responders=handoff_responders(uow_factory, assistant, clock, assistant),
    )


def _start(service: ConversationService, language: str = "zh") -> str:
    return service.start(language=language, channel="web").conversation_id  # type: ignore[arg-type]


def _li_na(uow_factory: UowFactory) -> None:
    """Agent 李娜 (li.na), who speaks Chinese."""
    add_agent(
        uow_factory, "li.na", "李娜", "a long enough password", role="agent",
        languages=["zh"], skills=[],
    )  # fmt: skip


def _queue(uow_factory: UowFactory, conversation_id: str, reason: str = "customer_request") -> int:
    return request_handoff(
        uow_factory,
        conversation_id,
        reason=reason,
        priority=2,
        language="zh",
        channel="web",
        summary=HandoffSummary(wants="洗衣机E4"),
        now=NOW,
    )


def _messages(uow_factory: UowFactory, conversation_id: str) -> list[tuple[str, str]]:
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.seq)
        ).all()
        return [(row.sender, row.text) for row in rows]


def test_a_hazard_reaches_the_assistant_as_the_hand_over_whatever_else_it_says(
    service: ConversationService, assistant: ScriptedAssistant
) -> None:
    cid = _start(service)
    service.post(cid, text="洗衣机冒烟了怎么办", channel="web")
    assert assistant.received[-1] == (
        cid,
        "/report_hazard",
        {
            "language": "zh",
            "channel": "web",
            "handoff_reason": "safety_hazard",
            "text": "洗衣机冒烟了怎么办",
            "hazard": "fire",
        },
    )


def test_human_and_renewed_anger_are_hand_overs_and_one_angry_word_is_not(
    service: ConversationService, assistant: ScriptedAssistant
) -> None:
    cid = _start(service, "en")
    service.post(cid, text="/human", channel="web")
    assert assistant.received[-1][1:] == (
        "/request_human",
        {
            "language": "en",
            "channel": "web",
            "handoff_reason": "customer_request",
            "text": "/human",
        },
    )
    service.post(cid, text="this is useless", channel="web")
    assert assistant.received[-1][1] == "this is useless"
    service.post(cid, text="my washer shows E4", channel="web")
    service.post(cid, text="are you scammers?", channel="web")
    assert assistant.received[-1][1] == "/request_human"
    assert assistant.received[-1][2]["handoff_reason"] == "customer_upset"


def test_while_waiting_nothing_reaches_the_assistant_until_never_mind(
    service: ConversationService, assistant: ScriptedAssistant, uow_factory: UowFactory
) -> None:
    cid = _start(service)
    service.post(cid, text="你好", channel="web")
    handoff_id = _queue(uow_factory, cid)
    sent = len(assistant.received)

    result = service.post(cid, text="我的洗衣机型号是WM-8012", channel="web")
    assert (result.replies, result.state) == ((), "waiting")
    assert len(assistant.received) == sent

    result = service.post(cid, text="算了", channel="web")
    assert result.state == "bot"
    assert [r.text for r in result.replies] == [render("handoff_back_to_bot", "zh")]
    assert len(assistant.received) == sent
    assert assistant.told == [(cid, ended_handoff_events("cancelled"))]
    with uow_factory() as uow:
        assert uow.session.get_one(HandoffRequest, handoff_id).status == "cancelled"
    # Back with the bot: the next message is answered by the assistant.
    service.post(cid, text="E4是什么意思", channel="web")
    assert assistant.received[-1][1] == "E4是什么意思"


def test_never_mind_after_a_person_took_it_stays_with_the_person(
    service: ConversationService, assistant: ScriptedAssistant, uow_factory: UowFactory
) -> None:
    _li_na(uow_factory)
    cid = _start(service)
    handoff_id = _queue(uow_factory, cid)
    claim(uow_factory, handoff_id, "li.na", now=NOW)
    result = service.post(cid, text="算了", channel="web")
    assert result.state == "agent"
    assert result.replies == ()  # the person has it: the message is theirs to read
    assert assistant.received == []


def test_the_never_mind_button_after_a_claim_names_the_agent(
    service: ConversationService, uow_factory: UowFactory
) -> None:
    _li_na(uow_factory)
    cid = _start(service)
    handoff_id = _queue(uow_factory, cid)
    # The button was offered with the queue message.
    with uow_factory() as uow:
        journal.add_message(
            uow.session, cid, sender="bot", text="queued", channel="web", language="zh",
            buttons=(Button("算了", "/back_to_bot"),),
        )  # fmt: skip
        uow.commit()
    claim(uow_factory, handoff_id, "li.na", now=NOW)
    result = service.post(cid, payload="/back_to_bot", channel="web")
    assert result.state == "agent"
    assert [r.text for r in result.replies] == [
        render("handoff_already_claimed", "zh", agent="李娜")
    ]


def test_after_resolve_the_rating_is_asked_stored_and_the_dialogue_told(
    service: ConversationService, assistant: ScriptedAssistant, uow_factory: UowFactory
) -> None:
    _li_na(uow_factory)
    cid = _start(service)
    handoff_id = _queue(uow_factory, cid)
    claim(uow_factory, handoff_id, "li.na", now=NOW)
    resolve(uow_factory, handoff_id, "li.na", now=NOW)
    after_resolve(uow_factory, handoff_id, tracker=assistant, now=NOW)

    assert _messages(uow_factory, cid)[-1] == ("bot", render("handoff_rate", "zh", agent="李娜"))
    assert assistant.told == [(cid, ended_handoff_events("resolved"))]
    result = service.post(cid, payload=rating_payload(handoff_id, 4), channel="web")
    assert [r.text for r in result.replies] == [render("handoff_rated", "zh")]
    with uow_factory() as uow:
        assert uow.session.get_one(HandoffRequest, handoff_id).rating == 4
    assert assistant.received == []
    # A forged rating payload was never offered: refused like any unknown button.
    with pytest.raises(PayloadNotOfferedError):
        service.post(cid, payload=rating_payload(handoff_id + 1, 5), channel="web")


def test_a_long_wait_is_offered_a_callback_once(
    service: ConversationService, uow_factory: UowFactory
) -> None:
    cid = _start(service)
    handoff_id = _queue(uow_factory, cid)
    assert offer_callbacks(uow_factory, after=timedelta(minutes=10), now=NOW) == []
    later = NOW + timedelta(minutes=11)
    assert offer_callbacks(uow_factory, after=timedelta(minutes=10), now=later) == [handoff_id]
    assert offer_callbacks(uow_factory, after=timedelta(minutes=10), now=later) == []
    assert _messages(uow_factory, cid)[-1] == ("bot", render("handoff_wait_long", "zh"))


def test_a_hazard_while_waiting_gets_first_steps_and_jumps_the_queue(
    service: ConversationService, assistant: ScriptedAssistant, uow_factory: UowFactory
) -> None:
    cid = _start(service)
    handoff_id = _queue(uow_factory, cid)
    result = service.post(cid, text="等的时候插座冒火花了！", channel="web")
    assert result.state == "waiting"
    assert [r.text for r in result.replies] == [
        render("safety_intro", "zh"),
        render("safety_sparks", "zh"),
    ]
    assert assistant.received == []
    with uow_factory() as uow:
        assert uow.session.get_one(HandoffRequest, handoff_id).priority == 0
    assert handoff_events(uow_factory, handoff_id)[-1] == ("bot", "escalated")
