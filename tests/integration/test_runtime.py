"""The composition root on a real database: schema created, and an outdated one refused."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.clock import FixedClock, SystemClock
from bot.db import Base, SchemaOutdatedError
from bot.runtime import build_runtime, load_models
from bot.settings import Settings

#: ``messages`` as an older version created it: no ``channel`` column.
_OLD_MESSAGES = """
CREATE TABLE messages (
    id INTEGER PRIMARY KEY, conversation_id VARCHAR(40), seq INTEGER, sender VARCHAR(16),
    text TEXT, payload VARCHAR(512), buttons JSON, language VARCHAR(2),
    delivery VARCHAR(16), created_at TIMESTAMP
)
"""


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'assistant.db'}"
        return
    url: str = request.getfixturevalue("postgres_url")
    yield url
    _drop_all(url)


def _drop_all(url: str) -> None:
    engine = create_engine(url)
    load_models()
    Base.metadata.drop_all(engine)
    engine.dispose()


def test_a_new_database_gets_every_table(database_url: str, tmp_path: Path) -> None:
    runtime = build_runtime(Settings(database_url=database_url, data_dir=tmp_path))
    try:
        with runtime.uow_factory() as uow:
            assert uow.session.execute(text("SELECT count(*) FROM messages")).scalar_one() == 0
        assert isinstance(runtime.clock, SystemClock)
    finally:
        runtime.close()
    # Starting again on the same database changes nothing and passes the check.
    build_runtime(Settings(database_url=database_url, data_dir=tmp_path)).close()


def test_an_outdated_database_is_refused_with_the_missing_columns(
    database_url: str, tmp_path: Path
) -> None:
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(_OLD_MESSAGES))
    engine.dispose()
    with pytest.raises(SchemaOutdatedError, match=r"messages\.channel"):
        build_runtime(Settings(database_url=database_url, data_dir=tmp_path))


def test_the_clock_can_be_given(tmp_path: Path) -> None:
    clock = FixedClock(SystemClock().now())
    runtime = build_runtime(Settings(data_dir=tmp_path), clock=clock)
    try:
        assert runtime.clock is clock
    finally:
        runtime.close()
