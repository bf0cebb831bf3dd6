"""The conversation API over HTTP, with a real SQLite database.

Nothing listens on the Rasa and action-server ports here, so every turn meets an
assistant that is down: exactly the case where no message may be lost. Conversations
with the real assistant are in ``tests/e2e``.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.gateway import create_app
from bot.settings import Settings


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path,
        rasa_port=_closed_port(),
        actions_port=_closed_port(),
        rasa_timeout_seconds=2,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def _start(client: TestClient, **body: str) -> tuple[str, dict[str, str]]:
    response = client.post("/api/v1/conversations", json=body or None)
    assert response.status_code == 201
    created = response.json()
    return created["conversation_id"], {"Authorization": f"Bearer {created['token']}"}


def test_start_conversation(client: TestClient) -> None:
    response = client.post("/api/v1/conversations")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"conversation_id", "token"}
    assert len(body["token"]) >= 22  # 128 bits in URL-safe base64

    assert client.post("/api/v1/conversations", json={"language": "en"}).status_code == 201


@pytest.mark.parametrize("body", [{"language": "fr"}, {"language": "en", "extra": 1}, [1]])
def test_start_conversation_rejects_bad_bodies(client: TestClient, body: object) -> None:
    response = client.post("/api/v1/conversations", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_missing_or_wrong_token_is_401_and_reveals_nothing(client: TestClient) -> None:
    conversation_id, _ = _start(client)
    url = f"/api/v1/conversations/{conversation_id}/messages"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic abc"}):
        for response in (
            client.post(url, json={"text": "hi"}, headers=headers),
            client.get(url, headers=headers),
        ):
            assert response.status_code == 401
            assert response.headers["WWW-Authenticate"] == "Bearer"
            assert conversation_id not in response.text
            assert response.json() == {
                "error": {
                    "code": "unauthorised",
                    "message": "a valid bearer token for this conversation is required",
                }
            }


def test_unknown_conversation_is_404(client: TestClient) -> None:
    _, headers = _start(client)
    response = client.post(
        "/api/v1/conversations/does-not-exist/messages", json={"text": "hi"}, headers=headers
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "conversation_not_found"


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({"text": ""}, "must not be empty"),
        ({"text": "   \n "}, "must not be empty"),
        ({"text": "好" * 2001}, "at most 2000 characters"),
        ({"text": "hi", "payload": "/greet"}, "exactly one"),
        ({}, "exactly one"),
        ({"text": 42}, "valid string"),
        ({"message": "hi"}, "Extra inputs"),
    ],
)
def test_invalid_messages_are_422_and_not_stored(
    client: TestClient, body: dict[str, object], fragment: str
) -> None:
    conversation_id, headers = _start(client)
    url = f"/api/v1/conversations/{conversation_id}/messages"
    response = client.post(url, json=body, headers=headers)
    assert response.status_code == 422
    assert fragment in response.json()["error"]["message"]
    assert client.get(url, headers=headers).json() == {"messages": []}


def test_malformed_json_is_422(client: TestClient) -> None:
    conversation_id, headers = _start(client)
    response = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        content=b'{"text": "unterminated',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invalid_request"


def test_oversize_request_is_413(client: TestClient) -> None:
    conversation_id, headers = _start(client)
    url = f"/api/v1/conversations/{conversation_id}/messages"
    response = client.post(url, json={"text": "x" * 100_000}, headers=headers)
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "request_too_large"

    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(100):
            yield b"y" * 1_000
        yield b'"}'

    chunked = client.post(
        url, content=chunks(), headers={**headers, "Content-Type": "application/json"}
    )
    assert chunked.status_code == 413
    assert client.get(url, headers=headers).json() == {"messages": []}


def test_payload_not_offered_is_422(client: TestClient) -> None:
    conversation_id, headers = _start(client)
    response = client.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"payload": '/request_human{"phone": "1"}'},
        headers=headers,
    )
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "payload_not_offered"


def test_assistant_down_is_503_and_the_message_is_kept(client: TestClient) -> None:
    conversation_id, headers = _start(client)
    url = f"/api/v1/conversations/{conversation_id}/messages"
    text = "冰箱不制冷了，" + "急" * 1990
    response = client.post(url, json={"text": text}, headers=headers)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "assistant_unavailable"
    assert "saved" in response.json()["error"]["message"]

    messages = client.get(url, headers=headers).json()["messages"]
    assert len(messages) == 1
    assert messages[0]["seq"] == 1
    assert messages[0]["sender"] == "customer"
    assert messages[0]["text"] == text
    assert messages[0]["at"].endswith(("Z", "+00:00"))


def test_history_query_is_validated(client: TestClient) -> None:
    conversation_id, headers = _start(client)
    url = f"/api/v1/conversations/{conversation_id}/messages"
    assert client.get(url, params={"after": -1}, headers=headers).status_code == 422
    assert client.get(url, params={"after": "x"}, headers=headers).status_code == 422
    assert client.get(url, params={"limit": 501}, headers=headers).status_code == 422


def test_health_is_503_when_rasa_and_actions_are_down(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {"gateway": True, "database": True, "rasa": False, "actions": False},
    }


def test_openapi_describes_the_versioned_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert {
        "/api/v1/conversations",
        "/api/v1/conversations/{conversation_id}/messages",
        "/health",
    } <= set(spec["paths"])
    post = spec["paths"]["/api/v1/conversations/{conversation_id}/messages"]["post"]
    assert {"200", "401", "404", "413", "422", "503"} <= set(post["responses"])
