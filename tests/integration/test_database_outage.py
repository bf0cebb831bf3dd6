"""The gateway on PostgreSQL while the database refuses connections: 503, nothing lost."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from bot.gateway import create_app
from bot.settings import Settings
from tests.unit.assistant.scripted import ScriptedAssistant
from tests.unit.gateway.talk import start

pytestmark = pytest.mark.postgres


@pytest.fixture
def admin(postgres_url: str) -> Iterator[tuple[str, Engine]]:
    """A database of this test's own (it is made unreachable), and the server's admin."""
    engine = create_engine(
        make_url(postgres_url).set(database="postgres"), isolation_level="AUTOCOMMIT"
    )
    name = f"outage_{uuid.uuid4().hex[:10]}"
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    yield name, engine
    with engine.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


def _database(admin: tuple[str, Engine], *, up: bool) -> None:
    name, engine = admin
    with engine.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS {str(up).lower()}'))
        if not up:
            connection.execute(
                text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
                {"n": name},
            )


def test_a_database_outage_is_503_and_what_was_acknowledged_stays(
    tmp_path: Path, postgres_url: str, admin: tuple[str, Engine]
) -> None:
    url = make_url(postgres_url).set(database=admin[0]).render_as_string(hide_password=False)
    settings = Settings(data_dir=tmp_path, database_url=url)
    with TestClient(create_app(settings, assistant=ScriptedAssistant())) as client:
        talk = start(client, language="en")
        assert (
            client.post(talk.url, json={"text": "before"}, headers=talk.headers).status_code == 200
        )

        _database(admin, up=False)
        refused = client.post(talk.url, json={"text": "during"}, headers=talk.headers)
        assert refused.status_code == 503
        assert refused.json()["error"]["code"] == "database_unavailable"
        assert refused.headers["Retry-After"] == "5"
        health = client.get("/health/live")
        assert health.status_code == 503

        _database(admin, up=True)
        assert client.get("/health/live").status_code == 200
        again = client.post(talk.url, json={"text": "during"}, headers=talk.headers)
        assert again.status_code == 200
        history = client.get(talk.url, headers=talk.headers).json()["messages"]
    customer = [m["text"] for m in history if m["sender"] == "customer"]
    assert customer == ["before", "during"]
    assert [m["seq"] for m in history] == list(range(1, len(history) + 1))
