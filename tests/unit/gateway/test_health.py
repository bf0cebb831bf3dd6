from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from tests.unit.assistant.scripted import ScriptedAssistant

ALL_UP = {
    "gateway": True,
    "database": True,
    "rasa": True,
    "tracker_store": True,
    "actions": True,
}


def test_healthy_when_every_component_answers(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": ALL_UP}


@pytest.mark.parametrize(("rasa", "actions"), [(False, False), (True, False), (False, True)])
def test_unavailable_when_the_engine_or_its_actions_are_down(
    client: TestClient,
    assistant: ScriptedAssistant,
    monkeypatch: pytest.MonkeyPatch,
    rasa: bool,
    actions: bool,
) -> None:
    monkeypatch.setattr(assistant, "rasa_ready", lambda: rasa)
    monkeypatch.setattr(assistant, "actions_ready", lambda: actions)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json() == {
        "status": "unavailable",
        "checks": {**ALL_UP, "rasa": rasa, "actions": actions},
    }


def test_unavailable_when_the_database_does_not_answer(
    app: FastAPI, client: TestClient, tmp_path_factory: pytest.TempPathFactory
) -> None:
    missing = tmp_path_factory.mktemp("gone") / "no-such-dir" / "assistant.db"
    running = app.state.engine
    app.state.engine = create_engine(f"sqlite:///{missing}")
    try:
        response = client.get("/health")
    finally:
        app.state.engine.dispose()
        app.state.engine = running
    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_UP, "database": False}


def test_unavailable_when_rasa_saves_to_memory_instead_of_its_tracker_store(
    client: TestClient, assistant: ScriptedAssistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assistant, "tracker_store_ready", lambda: False)
    response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["checks"] == {**ALL_UP, "tracker_store": False}
