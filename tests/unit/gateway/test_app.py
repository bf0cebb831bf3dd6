from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.assistant import RasaAssistant
from bot.conversations import ConversationService
from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant


def test_startup_builds_the_service_on_the_runtime(app: FastAPI, client: TestClient) -> None:
    assert isinstance(app.state.conversations, ConversationService)
    assert app.state.engine is app.state.runtime.engine
    assert (app.state.runtime.settings.data_dir / "assistant.db").exists()


def test_shutdown_closes_the_assistant(app: FastAPI, assistant: ScriptedAssistant) -> None:
    with TestClient(app):
        assert not assistant.closed
    assert assistant.closed


def test_without_an_assistant_it_talks_to_the_rasa_server(settings: Settings) -> None:
    app = create_app(settings)
    with TestClient(app):
        assert isinstance(app.state.assistant, RasaAssistant)


def test_openapi_describes_the_versioned_api(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert spec["info"]["version"] == "1.0.0"
    assert {
        "/api/v1/conversations",
        "/api/v1/conversations/{conversation_id}/messages",
        "/api/v1/conversations/{conversation_id}/stream",
        "/api/v1/agent/stream",
        "/health",
    } <= set(spec["paths"])
    for stream in ("/api/v1/conversations/{conversation_id}/stream", "/api/v1/agent/stream"):
        answers = spec["paths"][stream]["get"]["responses"]
        assert "text/event-stream" in answers["200"]["content"]
        assert "401" in answers
    messages = spec["paths"]["/api/v1/conversations/{conversation_id}/messages"]
    assert set(messages) == {"get", "post"}
    assert {"200", "401", "404", "413", "422", "503"} <= set(messages["post"]["responses"])
    assert {"200", "401", "404", "422"} <= set(messages["get"]["responses"])
