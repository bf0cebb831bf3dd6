"""The gateway with the widget, on a real SQLite database and a scripted dialogue engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant

#: The one other site the tests' gateway lets embed the widget.
SHOP = "https://shop.example.com"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    settings = Settings(data_dir=tmp_path, database_url="", widget_origins=f"{SHOP}/")
    with TestClient(create_app(settings, assistant=ScriptedAssistant())) as client:
        yield client
