"""A message sent again with the same Idempotency-Key is stored once and answered once."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.gateway.talk import Started, start


def _send(client: TestClient, talk: Started, text: str, key: str) -> tuple[int, dict[str, Any]]:
    response = client.post(
        talk.url, json={"text": text}, headers={**talk.headers, "Idempotency-Key": key}
    )
    return response.status_code, response.json()


def _customer_texts(client: TestClient, talk: Started) -> list[str]:
    messages = client.get(talk.url, headers=talk.headers).json()["messages"]
    return [m["text"] for m in messages if m["sender"] == "customer"]


def test_a_message_sent_twice_is_stored_and_answered_once(
    client: TestClient, assistant: ScriptedAssistant
) -> None:
    talk = start(client, language="en")
    first = _send(client, talk, "hello", "k-1")
    again = _send(client, talk, "hello", "k-1")
    assert first == again
    assert first[0] == 200
    assert [r["text"] for r in first[1]["replies"]] == ["Hello", "Bye"]
    assert _customer_texts(client, talk) == ["hello"]
    assert len(assistant.received) == 1


def test_a_message_the_assistant_missed_is_answered_when_sent_again(
    client: TestClient, assistant: ScriptedAssistant
) -> None:
    talk = start(client, language="en")
    assistant.down = True
    status, body = _send(client, talk, "hello", "k-2")
    assert status == 503
    assert body["error"]["code"] == "assistant_unavailable"
    assistant.down = False
    status, body = _send(client, talk, "hello", "k-2")
    assert status == 200
    assert [r["text"] for r in body["replies"]] == ["Hello", "Bye"]
    messages = client.get(talk.url, headers=talk.headers).json()["messages"]
    assert [(m["seq"], m["sender"], m["text"]) for m in messages] == [
        (1, "customer", "hello"),
        (2, "bot", "Hello"),
        (3, "bot", "Bye"),
    ]
    assert len(assistant.received) == 1


def test_an_older_missed_message_is_not_answered_out_of_order(
    client: TestClient, assistant: ScriptedAssistant
) -> None:
    talk = start(client, language="en")
    assistant.down = True
    assert _send(client, talk, "first", "k-a")[0] == 503
    assistant.down = False
    assert _send(client, talk, "second", "k-b")[0] == 200
    status, body = _send(client, talk, "first", "k-a")
    assert status == 200
    assert body["replies"] == []
    assert _customer_texts(client, talk) == ["first", "second"]
    assert [text for _, text, _ in assistant.received] == ["second"]


def test_a_key_sent_with_another_message_is_refused(client: TestClient) -> None:
    talk = start(client, language="en")
    assert _send(client, talk, "hello", "k-3")[0] == 200
    status, body = _send(client, talk, "something else", "k-3")
    assert status == 422
    assert body["error"]["code"] == "idempotency_key_reused"
    assert _customer_texts(client, talk) == ["hello"]


def test_keys_belong_to_their_conversation(client: TestClient) -> None:
    one, other = start(client, language="en"), start(client, language="en")
    assert _send(client, one, "hello", "shared")[0] == 200
    assert _send(client, other, "bye", "shared")[0] == 200
    assert _customer_texts(client, other) == ["bye"]


@pytest.mark.parametrize("key", ["", "x" * 65, "has space", "a/b;c"])
def test_a_malformed_key_is_refused(client: TestClient, key: str) -> None:
    talk = start(client, language="en")
    response = client.post(
        talk.url, json={"text": "hello"}, headers={**talk.headers, "Idempotency-Key": key}
    )
    assert response.status_code == 422
    assert _customer_texts(client, talk) == []
