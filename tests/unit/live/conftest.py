"""Live streams on a real SQLite database, with conversations and handoffs in it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from bot.conversations import ConversationService
from bot.db import UowFactory
from bot.runtime import build_runtime
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant

T = TypeVar("T")


@pytest.fixture
def uow_factory(tmp_path: Path) -> Iterator[UowFactory]:
    runtime = build_runtime(Settings(data_dir=tmp_path, database_url=""))
    yield runtime.uow_factory
    runtime.close()


@pytest.fixture
def service(uow_factory: UowFactory) -> ConversationService:
    return ConversationService(uow_factory, ScriptedAssistant())


def collect(events: AsyncIterator[T], timeout: float = 10) -> list[T]:
    """Runs a stream to its end (it must stop by itself) and returns what it yielded."""

    async def run() -> list[T]:
        return [event async for event in events]

    return asyncio.run(asyncio.wait_for(run(), timeout))
