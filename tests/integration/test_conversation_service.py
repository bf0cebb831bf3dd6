from __future__ import annotations

import threading

import pytest
from sqlalchemy import select, update

from bot.conversations import (
    AssistantUnavailableError,
    ConversationError,
    ConversationNotFoundError,
    ConversationService,
    InvalidTokenError,
    PayloadNotOfferedError,
    StartedConversation,
)
from bot.conversations.models import Conversation, Message
from bot.db import UowFactory
from tests.unit.assistant.scripted import ScriptedAssistant


@pytest.fixture
def assistant() -> ScriptedAssistant:
    return ScriptedAssistant()


@pytest.fixture
def service(uow_factory: UowFactory, assistant: ScriptedAssistant) -> ConversationService:
    return ConversationService(uow_factory, assistant)


@pytest.fixture
def started(service: ConversationService) -> StartedConversation:
    return service.start()


@pytest.fixture
def conversation_id(started: StartedConversation) -> str:
    return started.conversation_id


def _messages(uow_factory: UowFactory, conversation_id: str) -> list[Message]:
    with uow_factory() as uow:
        return list(
            uow.session.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.seq)
            )
        )


def _set_state(uow_factory: UowFactory, conversation_id: str, state: str) -> None:
    with uow_factory() as uow:
        uow.session.execute(
            update(Conversation).where(Conversation.id == conversation_id).values(state=state)
        )
        uow.commit()


def test_a_turn_stores_the_customer_message_and_every_reply_in_order(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    conversation_id: str,
) -> None:
    result = service.post(conversation_id, text="hello there")

    assert [r.text for r in result.replies] == ["Hello", "Bye"]
    assert result.state == "bot"
    assert assistant.received == [
        (conversation_id, "hello there", {"language": "en", "channel": "api"})
    ]
    stored = _messages(uow_factory, conversation_id)
    assert [(m.seq, m.sender, m.text, m.channel) for m in stored] == [
        (1, "customer", "hello there", "api"),
        (2, "bot", "Hello", "api"),
        (3, "bot", "Bye", "api"),
    ]
    assert stored[0].delivery == "delivered"
    assert stored[1].buttons == [{"title": "Book a repair", "payload": "/book_repair"}]


def test_every_message_records_the_channel_it_came_through(
    service: ConversationService, uow_factory: UowFactory
) -> None:
    conversation_id = service.start(channel="web").conversation_id
    service.post(conversation_id, text="hello", channel="web")
    with uow_factory() as uow:
        assert uow.session.get_one(Conversation, conversation_id).channel == "web"
    assert {m.channel for m in _messages(uow_factory, conversation_id)} == {"web"}


def test_language_follows_the_latest_message(
    service: ConversationService, assistant: ScriptedAssistant, conversation_id: str
) -> None:
    for text in ("你好", "can you speak English", "13812345678", "还是说中文吧"):
        service.post(conversation_id, text=text)
    assert [m[2]["language"] for m in assistant.received] == ["zh", "en", "en", "zh"]


def test_language_chosen_at_start_applies_until_the_customer_writes_otherwise(
    service: ConversationService, assistant: ScriptedAssistant
) -> None:
    conversation_id = service.start(language="en").conversation_id
    service.post(conversation_id, text="RV-K7Q2M9")
    assert assistant.received[-1][2] == {"language": "en", "channel": "api"}


def test_typed_slash_is_forwarded_as_text_not_as_an_intent(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    conversation_id: str,
) -> None:
    service.post(conversation_id, text="/restart")
    assert assistant.received[-1][1] == "／restart"
    assert _messages(uow_factory, conversation_id)[0].text == "/restart"


def test_offered_button_is_accepted_and_stored_with_its_title(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    conversation_id: str,
) -> None:
    service.post(conversation_id, text="你好")
    service.post(conversation_id, payload="/book_repair")

    assert assistant.received[-1][1:] == ("/book_repair", {"language": "zh", "channel": "api"})
    pressed = _messages(uow_factory, conversation_id)[2]
    assert (pressed.sender, pressed.text, pressed.payload) == (
        "customer",
        "预约维修",
        "/book_repair",
    )


def test_payload_never_offered_is_refused_and_not_forwarded(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    conversation_id: str,
) -> None:
    with pytest.raises(PayloadNotOfferedError):
        service.post(conversation_id, payload='/greet{"x": 1}')
    assert assistant.received == []
    assert _messages(uow_factory, conversation_id) == []


def test_message_is_kept_when_the_assistant_is_down(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    conversation_id: str,
) -> None:
    assistant.down = True
    with pytest.raises(AssistantUnavailableError):
        service.post(conversation_id, text="洗衣机漏水了")

    [kept] = _messages(uow_factory, conversation_id)
    assert (kept.seq, kept.text, kept.delivery) == (1, "洗衣机漏水了", "failed")

    assistant.down = False
    service.post(conversation_id, text="洗衣机漏水了")
    assert [m.seq for m in _messages(uow_factory, conversation_id)] == [1, 2, 3]


@pytest.mark.parametrize("state", ["waiting", "agent"])
def test_while_people_have_the_conversation_messages_wait_for_them(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    conversation_id: str,
    state: str,
) -> None:
    service.post(conversation_id, text="我要转人工")
    _set_state(uow_factory, conversation_id, state)

    result = service.post(conversation_id, text="人呢？")

    assert (result.replies, result.state) == ((), state)
    assert len(assistant.received) == 1
    waiting = _messages(uow_factory, conversation_id)[-1]
    assert (waiting.seq, waiting.sender, waiting.text, waiting.delivery) == (
        3,
        "customer",
        "人呢？",
        "pending",
    )
    assert [v.seq for v in service.history(conversation_id)] == [1, 2, 3]


def test_a_state_nobody_answers_stores_nothing(
    service: ConversationService, uow_factory: UowFactory, conversation_id: str
) -> None:
    _set_state(uow_factory, conversation_id, "archived")
    with pytest.raises(ConversationError, match="archived"):
        service.post(conversation_id, text="hello")
    assert _messages(uow_factory, conversation_id) == []


def test_a_customer_message_reopens_a_closed_conversation_with_the_bot(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    conversation_id: str,
) -> None:
    _set_state(uow_factory, conversation_id, "closed")

    result = service.post(conversation_id, text="one more question")

    assert result.state == "bot"
    assert [r.text for r in result.replies] == ["Hello", "Bye"]
    assert assistant.received[-1][1] == "one more question"
    with uow_factory() as uow:
        assert uow.session.get_one(Conversation, conversation_id).state == "bot"
    assert [m.sender for m in _messages(uow_factory, conversation_id)] == [
        "customer",
        "bot",
        "bot",
    ]


def test_authorise_checks_the_conversation_and_its_token(
    service: ConversationService, started: StartedConversation
) -> None:
    service.authorise(started.conversation_id, started.token)
    with pytest.raises(ConversationNotFoundError):
        service.authorise("no-such-conversation", started.token)
    with pytest.raises(InvalidTokenError):
        service.authorise(started.conversation_id, "wrong-token")


def test_unknown_conversation(service: ConversationService) -> None:
    with pytest.raises(ConversationNotFoundError):
        service.post("no-such-conversation", text="hi")
    with pytest.raises(ConversationNotFoundError):
        service.history("no-such-conversation")


def test_exactly_one_of_text_and_payload(
    service: ConversationService, conversation_id: str
) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        service.post(conversation_id)
    with pytest.raises(ValueError, match="exactly one"):
        service.post(conversation_id, text="hi", payload="/greet")


def test_history_after_a_sequence_number(
    service: ConversationService, conversation_id: str
) -> None:
    service.post(conversation_id, text="hello")
    service.post(conversation_id, text="thanks")

    everything = service.history(conversation_id)
    assert [v.seq for v in everything] == [1, 2, 3, 4, 5, 6]
    assert all(v.at.tzinfo is not None for v in everything)
    later = service.history(conversation_id, after=4)
    assert [(v.seq, v.sender, v.text) for v in later] == [(5, "bot", "Hello"), (6, "bot", "Bye")]
    assert service.history(conversation_id, after=6) == []
    assert [v.seq for v in service.history(conversation_id, after=1, limit=2)] == [2, 3]


def test_concurrent_messages_get_distinct_sequence_numbers(
    service: ConversationService, uow_factory: UowFactory, conversation_id: str
) -> None:
    errors: list[BaseException] = []

    def send(i: int) -> None:
        try:
            service.post(conversation_id, text=f"message {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    stored = _messages(uow_factory, conversation_id)
    assert [m.seq for m in stored] == list(range(1, 25))
    # Each customer message is directly followed by its own replies.
    for i in range(0, 24, 3):
        assert [m.sender for m in stored[i : i + 3]] == ["customer", "bot", "bot"]
    with uow_factory() as uow:
        assert uow.session.get_one(Conversation, conversation_id).last_seq == 24
