from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from bot.conversations.models import Conversation, Message
from bot.db import UowFactory
from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.gateway.talk import Started, start

UNAUTHORISED = {
    "error": {
        "code": "unauthorised",
        "message": "a valid bearer token for this conversation is required",
    }
}


def test_a_conversation_starts_on_the_api_channel(
    client: TestClient, uow_factory: UowFactory
) -> None:
    response = client.post("/api/v1/conversations", json={"language": "en"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"conversation_id", "token"}
    assert len(body["token"]) >= 22  # 128 bits in URL-safe base64
    with uow_factory() as uow:
        stored = uow.session.get_one(Conversation, body["conversation_id"])
        assert (stored.language, stored.channel, stored.state) == ("en", "api", "bot")
        assert body["token"] not in stored.token_hash


def test_a_conversation_may_start_without_a_body(client: TestClient) -> None:
    assert client.post("/api/v1/conversations").status_code == 201


@pytest.mark.parametrize("body", [{"language": "fr"}, {"language": "en", "extra": 1}, [1]])
def test_a_bad_start_body_is_422(client: TestClient, body: object) -> None:
    response = client.post("/api/v1/conversations", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_a_turn_returns_the_replies_and_keeps_every_message(
    client: TestClient, started: Started, uow_factory: UowFactory
) -> None:
    response = client.post(started.url, json={"text": "hello there"}, headers=started.headers)

    assert response.status_code == 200
    assert response.json() == {
        "replies": [
            {"text": "Hello", "buttons": [{"title": "Book a repair", "payload": "/book_repair"}]},
            {"text": "Bye", "buttons": []},
        ],
        "state": "bot",
    }
    with uow_factory() as uow:
        channels = uow.session.scalars(
            select(Message.channel).where(Message.conversation_id == started.conversation_id)
        ).all()
    assert channels == ["api", "api", "api"]


def test_a_pressed_button_is_stored_with_its_title(
    client: TestClient, started: Started, assistant: ScriptedAssistant
) -> None:
    client.post(started.url, json={"text": "你好"}, headers=started.headers)
    response = client.post(started.url, json={"payload": "/book_repair"}, headers=started.headers)

    assert response.status_code == 200
    assert assistant.received[-1][1:] == ("/book_repair", {"language": "zh", "channel": "api"})
    history = client.get(started.url, params={"after": 2}, headers=started.headers).json()
    assert [(m["seq"], m["sender"], m["text"]) for m in history["messages"]] == [
        (3, "customer", "预约维修"),
        (4, "bot", "您好"),
    ]


def test_history_pages_with_after_and_limit(client: TestClient, started: Started) -> None:
    for text in ("hello", "thanks"):
        client.post(started.url, json={"text": text}, headers=started.headers)

    page = client.get(started.url, params={"after": 1, "limit": 2}, headers=started.headers)

    assert page.status_code == 200
    messages = page.json()["messages"]
    assert [(m["seq"], m["sender"], m["text"]) for m in messages] == [
        (2, "bot", "Hello"),
        (3, "bot", "Bye"),
    ]
    assert messages[0]["buttons"] == [{"title": "Book a repair", "payload": "/book_repair"}]
    assert messages[0]["at"].endswith(("Z", "+00:00"))


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}, {"Authorization": ""}],
)
def test_without_the_conversations_token_it_is_401(
    client: TestClient, started: Started, headers: dict[str, str]
) -> None:
    for response in (
        client.post(started.url, json={"text": "hi"}, headers=headers),
        client.get(started.url, headers=headers),
    ):
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == "Bearer"
        assert response.json() == UNAUTHORISED
        assert started.conversation_id not in response.text


def test_another_conversations_token_is_401(client: TestClient, started: Started) -> None:
    other = start(client)
    response = client.post(started.url, json={"text": "hi"}, headers=other.headers)
    assert response.status_code == 401


def test_unknown_conversation_is_404(client: TestClient, started: Started) -> None:
    url = "/api/v1/conversations/does-not-exist/messages"
    for response in (
        client.post(url, json={"text": "hi"}, headers=started.headers),
        client.get(url, headers=started.headers),
    ):
        assert response.status_code == 404
        assert response.json() == {
            "error": {"code": "conversation_not_found", "message": "no such conversation"}
        }


def test_a_malformed_message_is_422_whatever_the_token(
    client: TestClient, started: Started
) -> None:
    wrong = {"Authorization": "Bearer wrong"}
    assert client.post(started.url, json={"text": ""}, headers=wrong).status_code == 422
    assert client.get(started.url, params={"after": -1}, headers=wrong).status_code == 422


def test_malformed_json_is_422(client: TestClient, started: Started) -> None:
    response = client.post(
        started.url,
        content=b'{"text": "unterminated',
        headers={**started.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("query", [{"after": -1}, {"after": "x"}, {"limit": 0}, {"limit": 501}])
def test_a_bad_history_query_is_422(
    client: TestClient, started: Started, query: dict[str, object]
) -> None:
    response = client.get(started.url, params=query, headers=started.headers)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_a_payload_never_offered_is_422_and_not_forwarded(
    client: TestClient, started: Started, assistant: ScriptedAssistant
) -> None:
    response = client.post(
        started.url, json={"payload": '/request_human{"phone": "1"}'}, headers=started.headers
    )
    assert response.status_code == 422
    assert response.json()["error"] == {
        "code": "payload_not_offered",
        "message": "that button was not offered in this conversation",
    }
    assert assistant.received == []
    assert client.get(started.url, headers=started.headers).json() == {"messages": []}


def test_a_too_long_conversation_id_is_422(client: TestClient, started: Started) -> None:
    url = f"/api/v1/conversations/{'x' * 65}/messages"
    assert client.get(url, headers=started.headers).status_code == 422


@pytest.mark.parametrize("state", ["waiting", "agent"])
def test_while_a_person_has_the_conversation_the_bot_says_nothing(
    client: TestClient,
    started: Started,
    assistant: ScriptedAssistant,
    uow_factory: UowFactory,
    state: str,
) -> None:
    with uow_factory() as uow:
        uow.session.execute(
            update(Conversation)
            .where(Conversation.id == started.conversation_id)
            .values(state=state)
        )
        uow.commit()

    response = client.post(started.url, json={"text": "有人吗"}, headers=started.headers)

    assert response.status_code == 200
    assert response.json() == {"replies": [], "state": state}
    assert assistant.received == []
    messages = client.get(started.url, headers=started.headers).json()["messages"]
    assert [(m["seq"], m["sender"], m["text"]) for m in messages] == [(1, "customer", "有人吗")]


def test_assistant_down_is_503_and_the_message_is_kept(
    client: TestClient, started: Started, assistant: ScriptedAssistant
) -> None:
    assistant.down = True
    response = client.post(started.url, json={"text": "冰箱不制冷了"}, headers=started.headers)

    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "assistant_unavailable"
    messages = client.get(started.url, headers=started.headers).json()["messages"]
    assert [(m["seq"], m["text"]) for m in messages] == [(1, "冰箱不制冷了")]


def test_the_widgets_conversations_are_on_the_web_channel(
    client: TestClient, uow_factory: UowFactory
) -> None:
    created = client.post("/api/v1/conversations", json={"channel": "web"}).json()
    headers = {"Authorization": f"Bearer {created['token']}"}
    url = f"/api/v1/conversations/{created['conversation_id']}/messages"
    assert client.post(url, json={"text": "hello"}, headers=headers).status_code == 200
    with uow_factory() as uow:
        conversation = uow.session.get_one(Conversation, created["conversation_id"])
        channels = {m.channel for m in uow.session.scalars(select(Message))}
        assert (conversation.channel, channels) == ("web", {"web"})
    refused = client.post("/api/v1/conversations", json={"channel": "telegram"})
    assert refused.status_code == 422


def test_invisible_characters_are_dropped_and_a_nul_is_never_stored(client: TestClient) -> None:
    talk = start(client, language="en")
    response = client.post(talk.url, json={"text": "E\u200b4\x00 again"}, headers=talk.headers)
    assert response.status_code == 200
    stored = client.get(talk.url, headers=talk.headers).json()["messages"][0]
    assert stored["text"] == "E4 again"
    blank = client.post(talk.url, json={"text": "\u200b\x00 "}, headers=talk.headers)
    assert blank.status_code == 422
