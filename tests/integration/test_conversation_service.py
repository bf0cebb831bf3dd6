from __future__ import annotations

import threading
from collections.abc import Callable, Mapping

import pytest
from sqlalchemy import select

from bot.conversations import (
    AssistantUnavailableError,
    Button,
    ConversationNotFoundError,
    ConversationService,
    InvalidTokenError,
    PayloadNotOfferedError,
    Reply,
)
from bot.conversations.models import Conversation, Message
from bot.db import UnitOfWork


class ScriptedAssistant:
    """Answers like the Rasa server would, in the language it is told; can be 'down'."""

    def __init__(self) -> None:
        self.down = False
        self.received: list[tuple[str, str, dict[str, str]]] = []

    def respond(
        self, conversation_id: str, message: str, metadata: Mapping[str, str]
    ) -> list[Reply]:
        if self.down:
            raise AssistantUnavailableError("down")
        self.received.append((conversation_id, message, dict(metadata)))
        if metadata.get("language") == "en":
            return [Reply("Hello", (Button("Book a repair", "/book_repair"),)), Reply("Bye")]
        return [Reply("您好", (Button("预约维修", "/book_repair"),))]


@pytest.fixture
def assistant() -> ScriptedAssistant:
    return ScriptedAssistant()


@pytest.fixture
def service(
    uow_factory: Callable[[], UnitOfWork], assistant: ScriptedAssistant
) -> ConversationService:
    return ConversationService(uow_factory, assistant)


def _messages(uow_factory: Callable[[], UnitOfWork], conversation_id: str) -> list[Message]:
    with uow_factory() as uow:
        return list(
            uow.session.scalars(
                select(Message)
                .where(Message.conversation_id == conversation_id)
                .order_by(Message.seq)
            )
        )


def test_a_turn_stores_the_customer_message_and_every_reply_in_order(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    started = service.start()
    result = service.post(started.conversation_id, started.token, text="hello there")

    assert [r.text for r in result.replies] == ["Hello", "Bye"]
    assert result.state == "bot"
    assert assistant.received == [(started.conversation_id, "hello there", {"language": "en"})]
    stored = _messages(uow_factory, started.conversation_id)
    assert [(m.seq, m.sender, m.text) for m in stored] == [
        (1, "customer", "hello there"),
        (2, "bot", "Hello"),
        (3, "bot", "Bye"),
    ]
    assert stored[0].delivery == "delivered"
    assert stored[1].buttons == [{"title": "Book a repair", "payload": "/book_repair"}]


def test_language_follows_the_latest_message(
    service: ConversationService, assistant: ScriptedAssistant
) -> None:
    started = service.start()
    service.post(started.conversation_id, started.token, text="你好")
    service.post(started.conversation_id, started.token, text="can you speak English")
    service.post(started.conversation_id, started.token, text="13812345678")
    service.post(started.conversation_id, started.token, text="还是说中文吧")
    assert [m[2]["language"] for m in assistant.received] == ["zh", "en", "en", "zh"]


def test_language_chosen_at_start_applies_until_the_customer_writes_otherwise(
    service: ConversationService, assistant: ScriptedAssistant
) -> None:
    started = service.start(language="en")
    service.post(started.conversation_id, started.token, text="RV-K7Q2M9")
    assert assistant.received[-1][2] == {"language": "en"}


def test_typed_slash_is_forwarded_as_text_not_as_an_intent(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    started = service.start()
    service.post(started.conversation_id, started.token, text="/restart")
    assert assistant.received[-1][1] == "／restart"
    assert _messages(uow_factory, started.conversation_id)[0].text == "/restart"


def test_offered_button_is_accepted_and_stored_with_its_title(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    started = service.start()
    service.post(started.conversation_id, started.token, text="你好")
    service.post(started.conversation_id, started.token, payload="/book_repair")

    assert assistant.received[-1][1:] == ("/book_repair", {"language": "zh"})
    pressed = _messages(uow_factory, started.conversation_id)[2]
    assert (pressed.sender, pressed.text, pressed.payload) == (
        "customer",
        "预约维修",
        "/book_repair",
    )


def test_payload_never_offered_is_refused_and_not_forwarded(
    service: ConversationService, assistant: ScriptedAssistant
) -> None:
    started = service.start()
    with pytest.raises(PayloadNotOfferedError):
        service.post(started.conversation_id, started.token, payload='/greet{"x": 1}')
    assert assistant.received == []


def test_message_is_kept_when_the_assistant_is_down(
    service: ConversationService,
    assistant: ScriptedAssistant,
    uow_factory: Callable[[], UnitOfWork],
) -> None:
    started = service.start()
    assistant.down = True
    with pytest.raises(AssistantUnavailableError):
        service.post(started.conversation_id, started.token, text="洗衣机漏水了")

    [kept] = _messages(uow_factory, started.conversation_id)
    assert (kept.seq, kept.text, kept.delivery) == (1, "洗衣机漏水了", "failed")

    assistant.down = False
    service.post(started.conversation_id, started.token, text="洗衣机漏水了")
    assert [m.seq for m in _messages(uow_factory, started.conversation_id)] == [1, 2, 3]


def test_unknown_conversation_and_wrong_token(service: ConversationService) -> None:
    started = service.start()
    with pytest.raises(ConversationNotFoundError):
        service.post("no-such-conversation", started.token, text="hi")
    with pytest.raises(InvalidTokenError):
        service.post(started.conversation_id, "wrong-token", text="hi")
    with pytest.raises(InvalidTokenError):
        service.history(started.conversation_id, "wrong-token")


def test_history_after_a_sequence_number(service: ConversationService) -> None:
    started = service.start()
    service.post(started.conversation_id, started.token, text="hello")
    service.post(started.conversation_id, started.token, text="thanks")

    everything = service.history(started.conversation_id, started.token)
    assert [v.seq for v in everything] == [1, 2, 3, 4, 5, 6]
    assert all(v.at.tzinfo is not None for v in everything)
    later = service.history(started.conversation_id, started.token, after=4)
    assert [(v.seq, v.sender, v.text) for v in later] == [(5, "bot", "Hello"), (6, "bot", "Bye")]
    assert service.history(started.conversation_id, started.token, after=6) == []


def test_concurrent_messages_get_distinct_sequence_numbers(
    service: ConversationService, uow_factory: Callable[[], UnitOfWork]
) -> None:
    started = service.start()
    errors: list[BaseException] = []

    def send(i: int) -> None:
        try:
            service.post(started.conversation_id, started.token, text=f"message {i}")
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    stored = _messages(uow_factory, started.conversation_id)
    assert [m.seq for m in stored] == list(range(1, 25))
    # Each customer message is directly followed by its own replies.
    for i in range(0, 24, 3):
        assert [m.sender for m in stored[i : i + 3]] == ["customer", "bot", "bot"]
    with uow_factory() as uow:
        assert uow.session.get_one(Conversation, started.conversation_id).last_seq == 24
