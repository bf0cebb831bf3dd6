"""Talking to the gateway under test."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient

__all__ = ["Started", "start"]


@dataclass(frozen=True)
class Started:
    """A conversation started over HTTP: its messages URL and authorisation header."""

    conversation_id: str
    url: str
    headers: dict[str, str]


def start(client: TestClient, **body: str) -> Started:
    """Starts a conversation and returns where and how to talk in it."""
    response = client.post("/api/v1/conversations", json=body or None)
    assert response.status_code == 201
    created = response.json()
    return Started(
        conversation_id=created["conversation_id"],
        url=f"/api/v1/conversations/{created['conversation_id']}/messages",
        headers={"Authorization": f"Bearer {created['token']}"},
    )
