from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from bot.conversations import MAX_TEXT_LENGTH
from bot.gateway.schemas import MessageIn, MessageOut, StartConversationIn, TurnOut
from tests.unit.gateway.talk import Started

#: Invalid message bodies, and a fragment of the validation message each gets.
INVALID_MESSAGES = [
    ({"text": ""}, "must not be empty"),
    ({"text": " \n\t"}, "must not be empty"),
    ({"text": "好" * (MAX_TEXT_LENGTH + 1)}, f"at most {MAX_TEXT_LENGTH} characters"),
    ({"payload": ""}, "at least 1 character"),
    ({"payload": "/" + "x" * 512}, "at most 512 characters"),
    ({"text": "hi", "payload": "/greet"}, "exactly one"),
    ({}, "exactly one"),
    ({"text": 42}, "valid string"),
    ({"message": "hi"}, "Extra inputs"),
]


@pytest.mark.parametrize(("body", "fragment"), INVALID_MESSAGES)
def test_bad_messages_are_refused(body: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError, match=fragment):
        MessageIn.model_validate(body)


@pytest.mark.parametrize(
    "body",
    [{"text": "hi"}, {"text": "好" * MAX_TEXT_LENGTH}, {"payload": "/book_repair"}],
)
def test_good_messages_are_accepted(body: dict[str, Any]) -> None:
    assert MessageIn.model_validate(body).model_dump(exclude_none=True) == body


@pytest.mark.parametrize(
    ("body", "language"), [({}, None), ({"language": "zh"}, "zh"), ({"language": "en"}, "en")]
)
def test_start_body(body: dict[str, Any], language: str | None) -> None:
    assert StartConversationIn.model_validate(body).language == language


@pytest.mark.parametrize("body", [{"language": "fr"}, {"language": "en", "extra": 1}])
def test_bad_start_bodies_are_refused(body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        StartConversationIn.model_validate(body)


def test_answers_serialise_as_documented() -> None:
    assert TurnOut(replies=[], state="agent").model_dump() == {"replies": [], "state": "agent"}
    at = datetime(2024, 5, 1, 8, 30, tzinfo=timezone.utc)
    assert MessageOut(seq=1, sender="bot", text="hi", at=at).model_dump(mode="json") == {
        "seq": 1,
        "sender": "bot",
        "text": "hi",
        "buttons": [],
        "at": "2024-05-01T08:30:00Z",
        "author": None,
        "attachments": [],
    }
    with pytest.raises(ValidationError):
        MessageOut.model_validate({"seq": 1, "sender": "robot", "text": "hi", "at": at})


@pytest.mark.parametrize(("body", "fragment"), INVALID_MESSAGES)
def test_the_api_answers_invalid_messages_with_422_and_stores_nothing(
    client: TestClient, started: Started, body: dict[str, Any], fragment: str
) -> None:
    response = client.post(started.url, json=body, headers=started.headers)
    assert response.status_code == 422
    assert fragment in response.json()["error"]["message"]
    assert client.get(started.url, headers=started.headers).json() == {"messages": []}
