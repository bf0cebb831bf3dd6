"""The live streams over real HTTP: the gateway under uvicorn, read with httpx.

Starlette's test client cannot read an endless streaming answer, so these tests run
the application in a uvicorn server on a free port, as in production.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from sqlalchemy import select

from bot.agents import add_agent
from bot.agents.models import AgentAccount
from bot.db import UowFactory
from bot.handoff import HandoffSummary, request_handoff

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(app: FastAPI) -> Iterator[str]:
    """The gateway served by uvicorn in a thread; yields its base URL."""
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    served = uvicorn.Server(config)
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not served.started:
        assert time.monotonic() < deadline, "the gateway did not start"
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(10)
    assert not thread.is_alive()


@pytest.fixture
def http(server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server, timeout=httpx.Timeout(5.0)) as client:
        yield client


def _uow(app: FastAPI) -> UowFactory:
    factory: UowFactory = app.state.runtime.uow_factory
    return factory


class Reader:
    """Reads events from an open stream, one at a time."""

    def __init__(self, response: httpx.Response) -> None:
        assert response.status_code == 200, response.read()
        assert response.headers["content-type"].startswith("text/event-stream")
        self._lines = response.iter_lines()

    def next(self) -> tuple[str, str | None, Any]:
        """The next event (comments skipped): type, id, data read as JSON."""
        fields: dict[str, str] = {}
        for line in self._lines:
            if not line:
                if fields:
                    return (
                        fields.get("event", "message"),
                        fields.get("id"),
                        json.loads(fields["data"]),
                    )
                continue
            name, _, value = line.partition(": ")
            if name:
                fields[name] = value
        raise AssertionError("the stream ended")


def _conversation(http: httpx.Client) -> tuple[str, str]:
    created = http.post("/api/v1/conversations", json={"language": "en"}).json()
    return created["conversation_id"], created["token"]


def _say(http: httpx.Client, conversation_id: str, token: str, text: str) -> None:
    response = http.post(
        f"/api/v1/conversations/{conversation_id}/messages",
        json={"text": text},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text


def test_the_customer_receives_messages_live_and_resumes_after_the_last_one(
    http: httpx.Client,
) -> None:
    conversation_id, token = _conversation(http)
    url = f"/api/v1/conversations/{conversation_id}/stream"
    auth = {"Authorization": f"Bearer {token}"}

    with http.stream("GET", url, headers=auth) as response:
        reader = Reader(response)
        assert reader.next() == ("state", None, {"state": "bot"})
        started = time.monotonic()
        _say(http, conversation_id, token, "hi")
        received = [reader.next() for _ in range(3)]
        assert time.monotonic() - started < 3
    assert [(kind, event_id) for kind, event_id, _ in received] == [
        ("message", "1"),
        ("message", "2"),
        ("message", "3"),
    ]
    assert received[0][2]["text"] == "hi"
    assert received[1][2]["text"] == "Hello"
    listed = http.get(f"/api/v1/conversations/{conversation_id}/messages", headers=auth).json()
    assert [data for _, _, data in received] == listed["messages"]

    _say(http, conversation_id, token, "bye")  # seq 4, 5, 6 while disconnected
    with http.stream("GET", url, headers={**auth, "Last-Event-ID": "3"}) as response:
        reader = Reader(response)
        assert reader.next()[0] == "state"
        resumed = [reader.next() for _ in range(3)]
    assert [event_id for _, event_id, _ in resumed] == ["4", "5", "6"]
    assert resumed[0][2]["text"] == "bye"

    # EventSource cannot send headers: the token and the position may be in the query.
    with http.stream("GET", url, params={"token": token, "after": 5}) as response:
        reader = Reader(response)
        assert reader.next()[0] == "state"
        assert reader.next()[1] == "6"


@pytest.mark.parametrize(
    ("headers", "params"),
    [
        ({}, {}),
        ({"Authorization": "Bearer wrong"}, {}),
        ({}, {"token": "wrong"}),
    ],
)
def test_a_missing_or_wrong_token_is_refused(
    http: httpx.Client, headers: dict[str, str], params: dict[str, str]
) -> None:
    conversation_id, _ = _conversation(http)
    url = f"/api/v1/conversations/{conversation_id}/stream"
    response = http.get(url, headers=headers, params=params)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorised"


def test_a_bad_last_event_id_is_refused(http: httpx.Client) -> None:
    conversation_id, token = _conversation(http)
    response = http.get(
        f"/api/v1/conversations/{conversation_id}/stream",
        headers={"Authorization": f"Bearer {token}", "Last-Event-ID": "e1.m2.c3"},
    )
    assert response.status_code == 422


def test_an_agent_sees_the_handoff_arrive_claims_it_and_the_customer_gets_the_reply(
    app: FastAPI, http: httpx.Client
) -> None:
    uow_factory = _uow(app)
    add_agent(uow_factory, "alice", "Alice", PASSWORD, role="agent", languages=["en"], skills=[])
    session = http.post("/api/v1/agent/session", json={"username": "alice", "password": PASSWORD})
    assert session.status_code == 201, session.text
    agent_auth = {"Authorization": f"Bearer {session.json()['token']}"}
    conversation_id, token = _conversation(http)
    _say(http, conversation_id, token, "hi")

    with http.stream("GET", "/api/v1/agent/stream", headers=agent_auth) as agent_response:
        agent = Reader(agent_response)
        kind, position, data = agent.next()
        assert (kind, data) == ("ready", {"agent": "alice"})
        # Written by another process (the action server): found by the poll.
        handoff_id = request_handoff(
            uow_factory,
            conversation_id,
            reason="customer_request",
            priority=5,
            language="en",
            channel="api",
            summary=HandoffSummary(wants="a person"),
            now=NOW,
        )
        kind, _, data = agent.next()
        assert (kind, data["id"], data["action"], data["status"]) == (
            "queue",
            handoff_id,
            "requested",
            "waiting",
        )
        with http.stream(
            "GET",
            f"/api/v1/conversations/{conversation_id}/stream",
            headers={"Authorization": f"Bearer {token}", "Last-Event-ID": "3"},
        ) as customer_response:
            customer = Reader(customer_response)
            assert customer.next() == ("state", None, {"state": "waiting"})
            claimed = http.post(f"/api/v1/agent/handoffs/{handoff_id}/claim", headers=agent_auth)
            assert claimed.status_code == 200, claimed.text
            assert customer.next() == ("state", None, {"state": "agent"})
            kind, seq, joined = customer.next()
            assert (kind, seq, joined["sender"]) == ("message", "4", "bot")
            assert "Alice" in joined["text"]
            sent = http.post(
                f"/api/v1/agent/handoffs/{handoff_id}/messages",
                json={"text": "Alice here, how can I help?"},
                headers=agent_auth,
            )
            assert sent.status_code == 201, sent.text
            kind, seq, message = customer.next()
            assert (kind, seq, message["sender"], message["author"]) == (
                "message",
                "5",
                "agent",
                "Alice",
            )
            assert message["text"] == "Alice here, how can I help?"
        seen = [agent.next() for _ in range(4)]
        assert [data["action"] for kind, _, data in seen if kind == "queue"] == [
            "claimed",
            "replied",
        ]
        messages = [
            (data["handoff_id"], data["seq"]) for kind, _, data in seen if kind == "message"
        ]
        assert messages == [(handoff_id, 4), (handoff_id, 5)]

    with uow_factory() as uow:
        seen = uow.session.scalar(
            select(AgentAccount.last_seen_at).where(AgentAccount.username == "alice")
        )
    assert seen is not None
    assert position is not None

    # Reconnecting from the ready event's position replays what came after it.
    with http.stream(
        "GET", "/api/v1/agent/stream", headers={**agent_auth, "Last-Event-ID": position}
    ) as agent_response:
        agent = Reader(agent_response)
        assert agent.next()[:2] == ("ready", position)
        replay = [agent.next() for _ in range(4)]
    assert [(k, d.get("action", d.get("seq"))) for k, _, d in replay] == [
        ("queue", "requested"),
        ("queue", "claimed"),
        ("queue", "replied"),
        ("message", 4),
    ]


@pytest.mark.parametrize("auth", ["", "Bearer nonsense", "customer"])
def test_the_agents_stream_refuses_anyone_but_an_agent(http: httpx.Client, auth: str) -> None:
    if auth == "customer":
        _, token = _conversation(http)
        auth = f"Bearer {token}"
    headers = {"Authorization": auth} if auth else {}
    response = http.get("/api/v1/agent/stream", headers=headers)
    assert response.status_code == 401
