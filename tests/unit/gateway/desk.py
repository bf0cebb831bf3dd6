"""Agents and handoffs for the agent API's tests, on the running gateway's database."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from bot.agents import add_agent
from bot.clock import SERVICE_TZ, FixedClock
from bot.db import UowFactory
from bot.handoff import HandoffSummary, request_handoff
from tests.unit.gateway.talk import Started, start

__all__ = ["API", "PASSWORD", "Desk", "Handed"]

API = "/api/v1/agent"
PASSWORD = "a long passphrase"
#: username: (role, languages, skills)
AGENTS = {
    "li.na": ("agent", ["zh", "en"], ["washing_machine"]),
    "wang.wei": ("agent", ["zh"], []),
    "boss": ("supervisor", ["zh"], []),
}


@dataclass(frozen=True)
class Handed:
    """A conversation handed to people: where the customer talks, and the handoff."""

    started: Started
    handoff_id: int


class Desk:
    """The agent side of a running gateway: accounts, logins and handoffs.

    The gateway's clock is replaced by a fixed one that tests may move.
    """

    def __init__(self, app: FastAPI, client: TestClient) -> None:
        self.client = client
        self.uow_factory: UowFactory = app.state.runtime.uow_factory
        self.clock = FixedClock(datetime(2025, 3, 3, 10, 0, tzinfo=SERVICE_TZ))
        app.state.runtime.clock = self.clock
        for username, (role, languages, skills) in AGENTS.items():
            add_agent(
                self.uow_factory,
                username,
                username.title(),
                PASSWORD,
                role=role,
                languages=languages,
                skills=skills,
            )

    def login(self, username: str) -> dict[str, str]:
        """Logs in over the API and returns the bearer header."""
        response = self.client.post(
            f"{API}/session", json={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 201, response.text
        return {"Authorization": f"Bearer {response.json()['token']}"}

    def hand_over(
        self, language: str = "en", text: str = "my washer shows E21", **summary: Any
    ) -> Handed:
        """Starts a conversation, says ``text``, and hands it to people."""
        started = start(self.client, language=language)
        sent = self.client.post(started.url, json={"text": text}, headers=started.headers)
        assert sent.status_code == 200
        return Handed(started, self.request(started.conversation_id, language, **summary))

    def request(self, conversation_id: str, language: str = "en", **summary: Any) -> int:
        """Hands a conversation to people; ``summary`` holds the summary's fields."""
        return request_handoff(
            self.uow_factory,
            conversation_id,
            reason="customer_request",
            priority=1,
            language=language,
            channel="api",
            summary=HandoffSummary(wants=summary.pop("wants", "help"), **summary),
            now=self.clock.now(),
        )
