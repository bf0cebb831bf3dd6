"""The gateway with its real Rasa client, on a real SQLite database.

Nothing listens on the Rasa and action-server ports here, so every turn meets an
assistant that is down: exactly the case where no message may be lost. The API's
answers with an assistant that is up are in ``tests/unit/gateway``; conversations with
the real assistant are in ``tests/e2e``.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.gateway.talk import start


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path,
        database_url="",
        rasa_port=_closed_port(),
        actions_port=_closed_port(),
        rasa_timeout_seconds=2,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_assistant_down_is_503_and_the_message_is_kept(client: TestClient) -> None:
    started = start(client)
    text = "冰箱不制冷了，" + "急" * 1990
    response = client.post(started.url, json={"text": text}, headers=started.headers)
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["error"]["code"] == "assistant_unavailable"
    assert "saved" in response.json()["error"]["message"]

    messages = client.get(started.url, headers=started.headers).json()["messages"]
    assert len(messages) == 1
    assert messages[0]["seq"] == 1
    assert messages[0]["sender"] == "customer"
    assert messages[0]["text"] == text
    assert messages[0]["at"].endswith(("Z", "+00:00"))


def test_health_is_503_when_rasa_and_actions_are_down(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {
            "gateway": True,
            "database": True,
            "rasa": False,
            "tracker_store": False,
            "actions": False,
        },
    }
