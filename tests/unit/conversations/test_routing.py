from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.conversations import (
    AssistantResponder,
    AssistantUnavailableError,
    CustomerTurn,
    PersonResponder,
    TurnResult,
)
from bot.conversations.journal import add_message
from bot.conversations.models import Conversation, Message
from bot.conversations.routing import AGENT, BOT, WAITING, default_responders
from bot.conversations.states import CLOSED
from bot.db import UowFactory
from tests.unit.assistant.scripted import ScriptedAssistant


def _turn(uow_factory: UowFactory, state: str = BOT) -> CustomerTurn:
    """Stores a conversation with one pending customer message."""
    with uow_factory() as uow:
        uow.session.add(Conversation(id="c1", token_hash="x", state=state))
        message = add_message(
            uow.session,
            "c1",
            sender="customer",
            text="hello",
            channel="web",
            language="en",
            delivery="pending",
        )
        uow.commit()
    return CustomerTurn("c1", message.id, "hello", "en", "web", state)


def _stored(uow_factory: UowFactory) -> list[tuple[int, str, str, str | None]]:
    with uow_factory() as uow:
        rows = uow.session.scalars(select(Message).order_by(Message.seq))
        return [(m.seq, m.sender, m.channel, m.delivery) for m in rows]


def test_assistant_replies_are_stored_on_the_turns_channel(uow_factory: UowFactory) -> None:
    result = AssistantResponder(uow_factory, ScriptedAssistant()).answer(_turn(uow_factory))

    assert [r.text for r in result.replies] == ["Hello", "Bye"]
    assert result.state == BOT
    assert _stored(uow_factory) == [
        (1, "customer", "web", "delivered"),
        (2, "bot", "web", None),
        (3, "bot", "web", None),
    ]
    with uow_factory() as uow:
        greeting = uow.session.scalars(select(Message).where(Message.seq == 2)).one()
        assert greeting.buttons == [{"title": "Book a repair", "payload": "/book_repair"}]


def test_assistant_down_marks_the_message_failed(uow_factory: UowFactory) -> None:
    assistant = ScriptedAssistant()
    assistant.down = True
    with pytest.raises(AssistantUnavailableError):
        AssistantResponder(uow_factory, assistant).answer(_turn(uow_factory))
    assert _stored(uow_factory) == [(1, "customer", "web", "failed")]


@pytest.mark.parametrize("state", [WAITING, AGENT])
def test_a_person_answers_later_and_the_bot_stays_silent(
    uow_factory: UowFactory, state: str
) -> None:
    turn = _turn(uow_factory, state)
    assert PersonResponder().answer(turn) == TurnResult(replies=(), state=state)
    assert _stored(uow_factory) == [(1, "customer", "web", "pending")]


@pytest.mark.parametrize(
    ("state", "responder"),
    [(BOT, AssistantResponder), (WAITING, PersonResponder), (AGENT, PersonResponder)],
)
def test_default_responders(uow_factory: UowFactory, state: str, responder: type[object]) -> None:
    assert isinstance(default_responders(uow_factory, ScriptedAssistant())[state], responder)


def test_nobody_answers_a_closed_conversation_the_service_reopens_it_first(
    uow_factory: UowFactory,
) -> None:
    assert CLOSED not in default_responders(uow_factory, ScriptedAssistant())
