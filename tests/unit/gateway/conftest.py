"""The gateway on a real SQLite database, with an in-process dialogue engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.db import UowFactory
from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.gateway.talk import Started, start


@pytest.fixture
def assistant() -> ScriptedAssistant:
    return ScriptedAssistant()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, database_url="")


@pytest.fixture
def app(settings: Settings, assistant: ScriptedAssistant) -> FastAPI:
    return create_app(settings, assistant=assistant)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as client:
        yield client


@pytest.fixture
def uow_factory(app: FastAPI, client: TestClient) -> UowFactory:
    """Units of work on the running gateway's database."""
    factory: UowFactory = app.state.runtime.uow_factory
    return factory


@pytest.fixture
def started(client: TestClient) -> Started:
    return start(client)
