"""The Telegram bot by long polling against a local fake Bot API, on a real SQLite database."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.attachments import PhotoFiles
from bot.db import UowFactory
from bot.runtime import Runtime, build_runtime
from bot.settings import Settings
from bot.telegram.application import TelegramChannel, serve_polling
from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.telegram.fake_api import FakeBotApi, fake_bot_api


@dataclass
class Polling:
    """A running poller: the fake Bot API, the database, the dialogue engine."""

    api: FakeBotApi
    runtime: Runtime
    assistant: ScriptedAssistant
    channel: TelegramChannel

    @property
    def uow_factory(self) -> UowFactory:
        return self.runtime.uow_factory


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    with fake_bot_api() as fake:
        yield fake


def telegram_settings(tmp_path: Path, api: FakeBotApi, **overrides: object) -> Settings:
    """Settings for a bot on the fake Bot API, with the database in ``tmp_path``."""
    values: dict[str, object] = {
        "data_dir": tmp_path,
        "database_url": "",
        "telegram_token": "123:TEST",
        "telegram_base_url": api.url,
        **overrides,
    }
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture
def polling(tmp_path: Path, api: FakeBotApi) -> Iterator[Polling]:
    settings = telegram_settings(tmp_path, api)
    runtime = build_runtime(settings)
    assistant = ScriptedAssistant()
    photos = PhotoFiles(settings.effective_attachments_dir, settings.max_attachment_bytes)
    channel = TelegramChannel(settings, runtime, assistant, photos, polling=True, poll_seconds=0.2)
    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(serve_polling(channel, stop, poll_timeout=1))
        except BaseException as exc:  # reported by the fixture
            failure.append(exc)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    api.wait_for(lambda: api.of("getUpdates"))
    try:
        yield Polling(api, runtime, assistant, channel)
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(timeout=15)
        loop.close()
        runtime.close()
    assert not failure, failure
