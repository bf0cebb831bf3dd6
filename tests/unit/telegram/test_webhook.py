"""Webhook mode: Telegram posts updates to the gateway, with the secret, handled once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.gateway import create_app
from bot.texts import render
from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.telegram.conftest import telegram_settings
from tests.unit.telegram.fake_api import FakeBotApi
from tests.unit.telegram.updates import text_message

SECRET = "s3cret-Token_1"
CHAT = 9001


@pytest.fixture
def gateway(tmp_path: Path, api: FakeBotApi) -> Iterator[TestClient]:
    settings = telegram_settings(
        tmp_path,
        api,
        telegram_mode="webhook",
        telegram_webhook_secret=SECRET,
        telegram_webhook_url="https://support.example.com/telegram/webhook",
    )
    with TestClient(create_app(settings, assistant=ScriptedAssistant())) as client:
        yield client


def _post(client: TestClient, update: dict[str, object], secret: str | None) -> int:
    headers = {} if secret is None else {"X-Telegram-Bot-Api-Secret-Token": secret}
    status: int = client.post("/telegram/webhook", json=update, headers=headers).status_code
    return status


def test_the_webhook_is_registered_with_its_secret(gateway: TestClient, api: FakeBotApi) -> None:
    (registered,) = api.of("setWebhook")
    assert registered["url"] == "https://support.example.com/telegram/webhook"
    assert registered["secret_token"] == SECRET
    assert registered["allowed_updates"] == ["message", "callback_query"]


def test_a_forged_call_is_refused(gateway: TestClient, api: FakeBotApi) -> None:
    update = text_message(CHAT, "hello there")
    assert _post(gateway, update, None) == 403
    assert _post(gateway, update, "wrong") == 403
    assert _post(gateway, update, SECRET + "x") == 403
    response = gateway.post("/telegram/webhook", json=update, headers={})
    assert response.json()["error"]["code"] == "forbidden"
    assert not api.of("sendMessage")


def test_an_update_is_answered_and_a_repeat_is_not(gateway: TestClient, api: FakeBotApi) -> None:
    update = text_message(CHAT, "hello there")
    assert _post(gateway, update, SECRET) == 200
    assert api.texts(CHAT) == ["Hello", "Bye"]
    assert _post(gateway, update, SECRET) == 200
    assert _post(gateway, text_message(CHAT, "/help"), SECRET) == 200
    assert api.texts(CHAT) == ["Hello", "Bye", render("telegram_help", "en")]


def test_a_body_that_is_no_update_is_refused(gateway: TestClient) -> None:
    response = gateway.post(
        "/telegram/webhook",
        content=b"not json",
        headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
    )
    assert response.status_code == 400
    assert _post(gateway, {"message": {}}, SECRET) == 400


def test_without_a_token_there_is_no_webhook(tmp_path: Path) -> None:
    from bot.settings import Settings

    app = create_app(Settings(data_dir=tmp_path), assistant=ScriptedAssistant())
    with TestClient(app) as client:
        assert client.post("/telegram/webhook", json={"update_id": 1}).status_code == 404
