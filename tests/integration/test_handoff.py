"""Handing a conversation to people: states, one claim of twenty, replies, resolution."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select

from bot.conversations import (
    ConversationClosedError,
    ConversationNotFoundError,
    ConversationService,
)
from bot.conversations.models import Conversation, Message
from bot.db import UowFactory
from bot.handoff import (
    AlreadyClaimed,
    HandoffEvent,
    HandoffNotFound,
    HandoffNotOpen,
    HandoffRequest,
    HandoffSummary,
    HandoffView,
    InvalidHandoff,
    NotYourConversation,
    agent_reply,
    claim,
    enqueue_handoff,
    handoff_events,
    queued_handoffs,
    record_rating,
    release_to_bot,
    request_handoff,
    resolve,
    transfer,
)
from bot.texts import render
from tests.integration.helpers import count_rows
from tests.unit.assistant.scripted import ScriptedAssistant

AGENTS = 20
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
SUMMARY = HandoffSummary(
    wants="washing machine still leaks after the visit",
    article_ids=("wm-leak-door",),
    category="washing_machine",
    booking_references=("RV-K7Q2M9",),
    model="WM-8012",
    complaint_references=("CP-7KQ3MZ2A",),
    serial_number="WM2304001234",
    error_code="E21",
    warranty_status="in_warranty",
)


@pytest.fixture
def service(uow_factory: UowFactory) -> ConversationService:
    return ConversationService(uow_factory, ScriptedAssistant())


@pytest.fixture
def conversation_id(service: ConversationService) -> str:
    conversation_id = service.start(language="en", channel="web").conversation_id
    service.post(conversation_id, text="I want a person", channel="web")
    return conversation_id


def _request(uow_factory: UowFactory, conversation_id: str, **changes: Any) -> int:
    """A customer's request, in English on the web; ``changes`` replace arguments."""
    defaults: dict[str, Any] = dict(
        reason="customer_request", priority=5, language="en", channel="web"
    )
    return request_handoff(
        uow_factory, conversation_id, **(defaults | {"summary": SUMMARY, "now": NOW} | changes)
    )


def _state(uow_factory: UowFactory, conversation_id: str) -> str:
    with uow_factory() as uow:
        return uow.session.get_one(Conversation, conversation_id).state


def _row(uow_factory: UowFactory, handoff_id: int) -> HandoffRequest:
    with uow_factory() as uow:
        return uow.session.get_one(HandoffRequest, handoff_id)


def test_a_request_moves_the_conversation_to_waiting_with_its_summary(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    handoff_id = _request(uow_factory, conversation_id)

    assert _state(uow_factory, conversation_id) == "waiting"
    [view] = queued_handoffs(uow_factory)
    assert (view.id, view.status, view.language, view.channel, view.agent) == (
        handoff_id,
        "waiting",
        "en",
        "web",
        None,
    )
    assert view.details == SUMMARY
    assert view.summary == SUMMARY.wants
    assert handoff_events(uow_factory, handoff_id) == [("bot", "requested")]


def test_a_conversation_with_people_is_not_queued_twice(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    first = _request(uow_factory, conversation_id)
    assert _request(uow_factory, conversation_id, priority=0) == first
    claim(uow_factory, first, "li.na", now=NOW)
    assert _request(uow_factory, conversation_id) == first
    assert count_rows(uow_factory, HandoffRequest) == 1
    assert count_rows(uow_factory, HandoffEvent, HandoffEvent.action == "requested") == 1


def test_a_request_is_refused_for_a_closed_or_unknown_conversation(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    with pytest.raises(ConversationNotFoundError):
        _request(uow_factory, "no-such-conversation")
    with pytest.raises(InvalidHandoff, match="reason"):
        _request(uow_factory, conversation_id, reason="bored")
    assert _state(uow_factory, conversation_id) == "bot"
    handoff_id = _request(uow_factory, conversation_id)
    claim(uow_factory, handoff_id, "li.na", now=NOW)
    resolve(uow_factory, handoff_id, "li.na", now=NOW, close=True)
    with pytest.raises(ConversationClosedError):
        _request(uow_factory, conversation_id)
    assert count_rows(uow_factory, HandoffRequest) == 1


def _claim_together(
    uow_factory: UowFactory, handoff_id: int, agents: list[str]
) -> list[HandoffView | BaseException]:
    """Every agent claims at the same instant, one thread each; returns each outcome."""
    barrier = threading.Barrier(len(agents))

    def attempt(agent: str) -> HandoffView | BaseException:
        barrier.wait()
        try:
            return claim(uow_factory, handoff_id, agent, now=NOW)
        except BaseException as exc:
            return exc

    with ThreadPoolExecutor(max_workers=len(agents)) as pool:
        return list(pool.map(attempt, agents))


def test_only_one_of_twenty_agents_claiming_at_once_gets_the_conversation(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    handoff_id = _request(uow_factory, conversation_id)

    outcomes = _claim_together(uow_factory, handoff_id, [f"agent{n:02d}" for n in range(AGENTS)])

    won = [o for o in outcomes if isinstance(o, HandoffView)]
    refused = [o for o in outcomes if isinstance(o, AlreadyClaimed)]
    assert (len(won), len(refused)) == (1, AGENTS - 1)
    winner = won[0].agent
    assert winner is not None
    assert won[0].status == "agent"
    assert {exc.holder for exc in refused} == {winner}
    row = _row(uow_factory, handoff_id)
    assert (row.status, row.agent, row.claimed_at) == ("agent", winner, NOW)
    assert _state(uow_factory, conversation_id) == "agent"
    assert handoff_events(uow_factory, handoff_id) == [("bot", "requested"), (winner, "claimed")]


def test_claiming_an_unknown_or_finished_request_is_refused(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    with pytest.raises(HandoffNotFound):
        claim(uow_factory, 404, "li.na", now=NOW)
    handoff_id = _request(uow_factory, conversation_id)
    release_to_bot(uow_factory, conversation_id, now=NOW)
    with pytest.raises(HandoffNotOpen, match="cancelled"):
        claim(uow_factory, handoff_id, "li.na", now=NOW)


def test_the_agent_replies_under_their_name_and_nobody_else_may(
    service: ConversationService, uow_factory: UowFactory, conversation_id: str
) -> None:
    handoff_id = _request(uow_factory, conversation_id)
    with pytest.raises(NotYourConversation) as waiting:
        agent_reply(uow_factory, handoff_id, "li.na", "Li Na", "Hello", now=NOW)
    assert waiting.value.holder is None
    later = NOW + timedelta(minutes=3)
    service.post(conversation_id, text="anyone there?", channel="web")
    claim(uow_factory, handoff_id, "li.na", now=NOW)

    seq = agent_reply(uow_factory, handoff_id, "li.na", "Li Na", " I am here. ", now=later)
    with pytest.raises(NotYourConversation) as other:
        agent_reply(uow_factory, handoff_id, "wang.wei", "Wang Wei", "Me too", now=later)
    with pytest.raises(InvalidHandoff):
        agent_reply(uow_factory, handoff_id, "li.na", "Li Na", "   ", now=later)

    assert other.value.holder == "li.na"
    with uow_factory() as uow:
        rows = uow.session.scalars(
            select(Message).where(Message.conversation_id == conversation_id).order_by(Message.seq)
        ).all()
    # The customer is told who joined (a bot message), then hears from the agent.
    assert [(m.seq, m.sender, m.author, m.delivery) for m in rows[3:]] == [
        (4, "customer", None, "delivered"),
        (5, "bot", None, None),
        (6, "agent", "Li Na", None),
    ]
    assert rows[4].text == render("handoff_joined", "en", agent="li.na")
    assert (seq, rows[-1].text, rows[-1].channel, rows[-1].created_at) == (
        6,
        "I am here.",
        "web",
        later,
    )
    assert [v.sender for v in service.history(conversation_id, after=4)] == ["bot", "agent"]


def test_transfer_to_an_agent_or_back_to_the_queue(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    handoff_id = _request(uow_factory, conversation_id)
    claim(uow_factory, handoff_id, "li.na", now=NOW)

    assert transfer(uow_factory, handoff_id, "li.na", to_agent="wang.wei", now=NOW).agent == (
        "wang.wei"
    )
    assert _state(uow_factory, conversation_id) == "agent"
    with pytest.raises(NotYourConversation):
        transfer(uow_factory, handoff_id, "li.na", to_agent=None, now=NOW)
    with pytest.raises(InvalidHandoff):
        transfer(uow_factory, handoff_id, "wang.wei", to_agent="wang.wei", now=NOW)

    back = transfer(uow_factory, handoff_id, "wang.wei", to_agent=None, now=NOW)
    assert (back.status, back.agent) == ("waiting", None)
    assert _state(uow_factory, conversation_id) == "waiting"
    assert [h.id for h in queued_handoffs(uow_factory)] == [handoff_id]
    assert claim(uow_factory, handoff_id, "zhao.lei", now=NOW).agent == "zhao.lei"
    assert [action for _, action in handoff_events(uow_factory, handoff_id)] == [
        "requested",
        "claimed",
        "transferred",
        "returned",
        "claimed",
    ]


@pytest.mark.parametrize(("close", "state"), [(False, "bot"), (True, "closed")])
def test_resolving_gives_the_conversation_back_and_the_customer_rates_it(
    uow_factory: UowFactory, conversation_id: str, close: bool, state: str
) -> None:
    handoff_id = _request(uow_factory, conversation_id)
    claim(uow_factory, handoff_id, "li.na", now=NOW)
    with pytest.raises(HandoffNotOpen):
        record_rating(uow_factory, handoff_id, 5, now=NOW)
    with pytest.raises(NotYourConversation):
        resolve(uow_factory, handoff_id, "wang.wei", now=NOW)

    done = NOW + timedelta(minutes=20)
    resolve(uow_factory, handoff_id, "li.na", now=done, close=close)
    for wrong in (0, 6, True):
        with pytest.raises(InvalidHandoff):
            record_rating(uow_factory, handoff_id, wrong, now=done)
    record_rating(uow_factory, handoff_id, 4, now=done)

    assert _state(uow_factory, conversation_id) == state
    row = _row(uow_factory, handoff_id)
    assert (row.status, row.agent, row.resolved_at, row.rating) == ("resolved", "li.na", done, 4)
    with pytest.raises(HandoffNotOpen, match="resolved"):
        resolve(uow_factory, handoff_id, "li.na", now=done)
    assert handoff_events(uow_factory, handoff_id)[-2:] == [
        ("li.na", "resolved"),
        ("customer", "rated"),
    ]


def test_the_customer_goes_back_to_the_bot_only_while_waiting(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    with pytest.raises(HandoffNotFound):
        release_to_bot(uow_factory, conversation_id, now=NOW)
    first = _request(uow_factory, conversation_id)
    assert release_to_bot(uow_factory, conversation_id, now=NOW) == [first]
    assert _state(uow_factory, conversation_id) == "bot"
    assert _row(uow_factory, first).status == "cancelled"
    assert handoff_events(uow_factory, first)[-1] == ("customer", "cancelled")

    second = _request(uow_factory, conversation_id)
    assert second != first
    claim(uow_factory, second, "li.na", now=NOW)
    with pytest.raises(AlreadyClaimed) as claimed:
        release_to_bot(uow_factory, conversation_id, now=NOW)
    assert claimed.value.holder == "li.na"
    assert _state(uow_factory, conversation_id) == "agent"


def test_a_whole_handoff_seen_by_the_customer(
    service: ConversationService, uow_factory: UowFactory, conversation_id: str
) -> None:
    handoff_id = _request(uow_factory, conversation_id)
    assert service.post(conversation_id, text="hello?", channel="web").replies == ()
    claim(uow_factory, handoff_id, "li.na", now=NOW)
    assert service.post(conversation_id, text="still there?", channel="web").state == "agent"
    agent_reply(uow_factory, handoff_id, "li.na", "Li Na", "Yes, how can I help?", now=NOW)
    resolve(uow_factory, handoff_id, "li.na", now=NOW, close=True)

    reopened = service.post(conversation_id, text="one more thing", channel="web")

    assert reopened.state == "bot"
    assert [r.text for r in reopened.replies] == ["Hello", "Bye"]
    senders = [v.sender for v in service.history(conversation_id)]
    handed_over = ["customer", "bot", "bot", "customer", "bot", "customer", "agent"]
    assert senders == [*handed_over, "customer", "bot", "bot"]


def test_a_critical_complaint_queued_by_the_bot_is_claimed_from_the_bot(
    uow_factory: UowFactory, conversation_id: str
) -> None:
    with uow_factory() as uow:
        handoff_id = enqueue_handoff(
            uow.session,
            conversation_id=conversation_id,
            reason="critical_complaint",
            reference="CP-7KQ3MZ2A",
            priority=0,
            summary="smoke from the motor",
            now=NOW,
        )
        uow.commit()
    assert _state(uow_factory, conversation_id) == "bot"

    assert claim(uow_factory, handoff_id, "duty.supervisor", now=NOW).details is None
    assert _state(uow_factory, conversation_id) == "agent"


def test_the_summary_reads_back_as_written() -> None:
    stored = SUMMARY.to_json()
    assert stored["article_ids"] == ["wm-leak-door"]
    assert HandoffSummary.from_json({**stored, "later_field": 1}) == SUMMARY
    assert HandoffSummary.from_json({"wants": "a person"}) == HandoffSummary(wants="a person")
    with pytest.raises(ValueError, match="wants"):
        HandoffSummary.from_json({})
