"""Engine creation for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from bot.db.models import Base

__all__ = ["SchemaOutdatedError", "check_schema", "create_database_engine", "create_schema"]


def create_database_engine(url: str, *, echo: bool = False) -> Engine:
    """Creates an engine, preparing SQLite for concurrent use by several threads.

    SQLite gets write-ahead logging, enforced foreign keys and a busy timeout, and its
    directory is created if missing.

    Args:
        url: SQLAlchemy database URL.
        echo: Log every SQL statement.

    Returns:
        The engine.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, echo=echo, pool_pre_ping=True)

    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, echo=echo, connect_args={"timeout": 30})

    @event.listens_for(engine, "connect")
    def _configure_sqlite(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def create_schema(engine: Engine) -> None:
    """Creates every registered table that does not exist yet.

    Tables are registered by importing the domains' model modules, which the
    composition root does (:func:`bot.runtime.load_models`).
    """
    Base.metadata.create_all(engine)


class SchemaOutdatedError(Exception):
    """The database was created by an older version: a column the models need is missing."""


def check_schema(engine: Engine) -> None:
    """Checks that every registered table has every column its model declares.

    ``create_schema`` adds missing tables but never alters an existing one, so a database
    made by an older version would fail on the first query that needs a new column. This
    says so at start-up instead, naming each missing column.

    Raises:
        SchemaOutdatedError: Columns are missing.
    """
    inspector = inspect(engine)
    missing: list[str] = []
    for table in Base.metadata.sorted_tables:
        if inspector.has_table(table.name):
            existing = {column["name"] for column in inspector.get_columns(table.name)}
            missing += [f"{table.name}.{c.name}" for c in table.columns if c.name not in existing]
    if missing:
        raise SchemaOutdatedError(
            f"the database at {engine.url.render_as_string()} lacks {', '.join(missing)}: "
            "it was created by an older version; move it aside (or drop it) to start afresh"
        )
