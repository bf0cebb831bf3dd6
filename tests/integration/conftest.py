"""Real databases for integration tests: SQLite always, PostgreSQL on this machine.

PostgreSQL comes from ``TEST_POSTGRES_URL`` (default: the local server, user
``postgres``); each test session creates a database of its own and drops it after. When
no server answers, PostgreSQL tests are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.db import (
    UnitOfWork,
    UowFactory,
    create_database_engine,
    create_schema,
    make_session_factory,
)
from bot.runtime import load_models
from tests.integration.helpers import DATABASES, database_url

DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    admin_url = os.environ.get("TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"assistant_test_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        admin.dispose()
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI and did not answer: {exc}")
        pytest.skip(f"no PostgreSQL server at {admin_url}")
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=DATABASES)
def engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    engine = create_database_engine(database_url(request, tmp_path))
    load_models()
    create_schema(engine)
    try:
        yield engine
    finally:
        if request.param == "postgresql":
            from bot.db import Base

            Base.metadata.drop_all(engine)
        engine.dispose()


@pytest.fixture
def uow_factory(engine: Engine) -> UowFactory:
    return partial(UnitOfWork, make_session_factory(engine))
