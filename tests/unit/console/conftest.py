"""The console on a real gateway: SQLite in a temporary folder, a scripted assistant."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.agents import add_agent
from bot.db import UowFactory
from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant

PASSWORD = "correct horse battery"


@pytest.fixture
def app(tmp_path: Path) -> FastAPI:
    return create_app(Settings(data_dir=tmp_path, database_url=""), assistant=ScriptedAssistant())


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, follow_redirects=False) as client:
        yield client


@pytest.fixture
def uow_factory(app: FastAPI, client: TestClient) -> UowFactory:
    factory: UowFactory = app.state.runtime.uow_factory
    return factory


@pytest.fixture
def agents(uow_factory: UowFactory) -> None:
    """Two accounts: ``mei`` (agent, zh and en) and ``boss`` (supervisor)."""
    add_agent(
        uow_factory, "mei", "Mei Lin", PASSWORD, role="agent", languages=["zh", "en"], skills=[]
    )
    add_agent(
        uow_factory, "boss", "Pat Boss", PASSWORD, role="supervisor", languages=["en"], skills=[]
    )


def form_token(html: str) -> str:
    """The login form's hidden CSRF token."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "the form has no CSRF field"
    return found.group(1)


def log_in(client: TestClient, username: str = "mei", password: str = PASSWORD) -> str:
    """Logs in through the form; returns the page's session CSRF token."""
    token = form_token(client.get("/console/login").text)
    response = client.post(
        "/console/login", data={"csrf_token": token, "username": username, "password": password}
    )
    assert response.status_code == 303, response.text
    queue = client.get("/console")
    assert queue.status_code == 200
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', queue.text)
    assert found
    return found.group(1)
