"""Every operation of the gateway's OpenAPI description, fuzzed with schemathesis.

The gateway runs in this process on a real SQLite database, then on PostgreSQL (which
refuses what SQLite keeps, a NUL byte for one), with a scripted dialogue engine.
Requests carry real credentials where an operation takes them (a conversation's token
on its own paths, an agent's bearer token on the agent API), so the fuzz reaches past
authentication; live streams, which stay open once authorised, are fuzzed without.
No input may make the gateway answer with a 5xx.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.agents import add_agent
from bot.benchmarks.reliability import register_photo_serializer
from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.gateway.talk import Started, start

EXAMPLES_PER_OPERATION = 25
PASSWORD = "fuzzing password 1"


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def database(request: pytest.FixtureRequest) -> Iterator[str]:
    """SQLite, or a PostgreSQL database of the fuzz's own (it keeps what it writes)."""
    if request.param == "sqlite":
        yield ""
        return
    server = make_url(request.getfixturevalue("postgres_url"))
    admin = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = f"fuzz_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield server.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="module")
def gateway(
    tmp_path_factory: pytest.TempPathFactory, database: str
) -> Iterator[tuple[FastAPI, TestClient]]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("fuzz"),
        database_url=database,
        # The fuzz sends far more than a customer; its own limits are tested elsewhere.
        rate_per_address_minute=1_000_000,
        rate_burst_address=1_000_000,
        rate_per_conversation_minute=1_000_000,
        rate_burst_conversation=1_000_000,
    )
    app = create_app(settings, assistant=ScriptedAssistant())
    register_photo_serializer()
    with TestClient(app) as client:
        add_agent(
            app.state.runtime.uow_factory,
            "fuzz",
            "Fuzz",
            PASSWORD,
            role="supervisor",
            languages=["zh", "en"],
            skills=[],
        )
        yield app, client


def _ok(schema: Any) -> list[Any]:
    """The schema's operations (the gateway's own description has no invalid one)."""
    return [result.ok() for result in schema.get_all_operations()]


def _operations() -> list[str]:
    app = create_app(Settings(data_dir=Path("/nonexistent"), database_url="sqlite://"))
    schema = schemathesis.openapi.from_dict(app.openapi())
    return [operation.label for operation in _ok(schema)]


@pytest.mark.parametrize("label", _operations())
def test_no_input_makes_the_gateway_fail(gateway: tuple[FastAPI, TestClient], label: str) -> None:
    app, client = gateway
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    [operation] = [op for op in _ok(schema) if op.label == label]
    conversation: Started = start(client, language="en")
    agent = client.post("/api/v1/agent/session", json={"username": "fuzz", "password": PASSWORD})
    agent_token = agent.json()["token"]

    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def fuzz(case: Any) -> None:
        headers: dict[str, str] = {}
        if operation.path.endswith("/stream"):
            pass  # with real credentials a stream stays open; its parameters are fuzzed
        elif case.path_parameters and "conversation_id" in case.path_parameters:
            case.path_parameters["conversation_id"] = conversation.conversation_id
            headers.update(conversation.headers)
        elif operation.path.startswith("/api/v1/agent"):
            headers["Authorization"] = f"Bearer {agent_token}"
        case.call_and_validate(headers=headers, checks=[not_a_server_error])

    fuzz()
