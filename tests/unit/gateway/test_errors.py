from __future__ import annotations

import json

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.conversations import (
    AssistantUnavailableError,
    ConversationError,
    ConversationNotFoundError,
    InvalidTokenError,
    PayloadNotOfferedError,
)
from bot.gateway.errors import error_response, unauthorised

_RAISED: dict[str, ConversationError] = {
    "not_found": ConversationNotFoundError("c1"),
    "bad_token": InvalidTokenError("c1"),
    "not_offered": PayloadNotOfferedError("/x"),
    "unavailable": AssistantUnavailableError("down"),
}


@pytest.fixture
def raising(app: FastAPI, client: TestClient) -> TestClient:
    """The gateway with one more route, which raises the conversation error it is named."""

    def fail(kind: str) -> None:
        raise _RAISED[kind]

    app.add_api_route("/test/raise/{kind}", fail)
    return client


@pytest.mark.parametrize(
    ("kind", "status", "code", "headers"),
    [
        ("not_found", 404, "conversation_not_found", {}),
        ("bad_token", 401, "unauthorised", {"www-authenticate": "Bearer"}),
        ("not_offered", 422, "payload_not_offered", {}),
        ("unavailable", 503, "assistant_unavailable", {"retry-after": "5"}),
    ],
)
def test_conversation_errors_become_json_answers(
    raising: TestClient, kind: str, status: int, code: str, headers: dict[str, str]
) -> None:
    response = raising.get(f"/test/raise/{kind}")
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert "c1" not in response.text
    assert headers.items() <= response.headers.items()


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/no/such/path", 404, "not_found"),
        ("DELETE", "/api/v1/conversations", 405, "method_not_allowed"),
    ],
)
def test_http_errors_keep_the_error_shape(
    client: TestClient, method: str, path: str, status: int, code: str
) -> None:
    response = client.request(method, path)
    assert response.status_code == status
    assert set(response.json()["error"]) == {"code", "message"}
    assert response.json()["error"]["code"] == code


def test_validation_errors_name_the_field(client: TestClient) -> None:
    response = client.post("/api/v1/conversations", json={"language": "fr"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "invalid_request"
    assert error["message"].startswith("language: ")


def test_error_response_and_unauthorised() -> None:
    response = error_response(418, "teapot", "short and stout", {"X-Tea": "yes"})
    assert response.status_code == 418
    assert json.loads(bytes(response.body)) == {
        "error": {"code": "teapot", "message": "short and stout"}
    }
    assert response.headers["X-Tea"] == "yes"
    denied = unauthorised()
    assert (denied.status_code, denied.headers["WWW-Authenticate"]) == (401, "Bearer")
