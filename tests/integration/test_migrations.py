"""Schema migrations on real SQLite and PostgreSQL: they make exactly the models' schema."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, insert, inspect, select, text

from bot.conversations.models import Conversation
from bot.db import (
    Base,
    create_database_engine,
    current_revision,
    head_revision,
    migrate,
    upgrade_schema,
)
from bot.db.migrate import _config
from bot.runtime import load_models
from tests.integration.helpers import DATABASES, database_url


@pytest.fixture(params=DATABASES)
def empty(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database with no tables at all."""
    engine = create_database_engine(database_url(request, tmp_path))
    load_models()
    try:
        yield engine
    finally:
        if request.param == "postgresql":
            Base.metadata.drop_all(engine)
            with engine.begin() as connection:
                connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()


def _differences(engine: Engine) -> list[object]:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))


def test_the_migrations_make_exactly_the_models_schema(empty: Engine) -> None:
    assert upgrade_schema(empty) == head_revision()

    assert _differences(empty) == []
    assert current_revision(empty) == head_revision()


def test_upgrading_a_current_database_changes_nothing(empty: Engine) -> None:
    upgrade_schema(empty)
    tables = set(inspect(empty).get_table_names())

    upgrade_schema(empty)

    assert set(inspect(empty).get_table_names()) == tables
    assert current_revision(empty) == head_revision()


def test_a_database_made_before_migrations_is_adopted_with_its_data(empty: Engine) -> None:
    # The schema as it stood when migrations came (revision 0001), with no record of it.
    with empty.begin() as connection:
        command.upgrade(_config(connection), "0001")
        connection.execute(text("DROP TABLE alembic_version"))
    with empty.begin() as connection:
        connection.execute(
            insert(Conversation).values(
                id="web-1",
                token_hash="0" * 64,
                channel="web",
                language="en",
                created_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
                updated_at=datetime(2026, 1, 1, tzinfo=timezone.utc),
            )
        )
    assert current_revision(empty) is None

    upgrade_schema(empty)

    assert current_revision(empty) == head_revision()
    with empty.connect() as connection:
        assert connection.execute(select(Conversation.id)).scalars().all() == ["web-1"]
    assert _differences(empty) == []


def test_downgrading_to_the_start_removes_every_table(empty: Engine) -> None:
    upgrade_schema(empty)

    with empty.begin() as connection:
        command.downgrade(_config(connection), "base")

    assert set(inspect(empty).get_table_names()) <= {"alembic_version"}
    assert current_revision(empty) is None


@pytest.mark.postgres
def test_instances_starting_at_once_migrate_once(postgres_url: str) -> None:
    engines = [create_database_engine(postgres_url) for _ in range(4)]
    load_models()
    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            revisions = list(pool.map(upgrade_schema, engines))
        assert revisions == [head_revision()] * 4
        assert _differences(engines[0]) == []
    finally:
        Base.metadata.drop_all(engines[0])
        with engines[0].begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        for engine in engines:
            engine.dispose()


def test_a_new_migration_is_written_from_the_models(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(migrate, "MIGRATIONS", copy)
    engine = create_database_engine(f"sqlite:///{tmp_path / 'assistant.db'}")
    load_models()
    try:
        previous = upgrade_schema(engine)
        written = migrate.write_migration(engine, "Nothing changed")
    finally:
        engine.dispose()

    assert written.parent == copy / "versions"
    following = f"{int(previous or 0) + 1:04d}"
    assert written.name == f"{following}_nothing_changed.py"
    assert head_revision() == following
    source = written.read_text(encoding="utf-8")
    assert '"""Nothing changed.' in source
    assert f"down_revision: str | None = {previous!r}" in source
    # The models match the newest revision, so there is nothing to do either way.
    assert source.count("    pass") == 2
