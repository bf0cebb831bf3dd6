"""Engine creation for SQLite (the embedded default) and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url

from bot.db.models import Base

__all__ = [
    "SchemaOutdatedError",
    "admin_engine",
    "check_schema",
    "create_database_engine",
    "create_schema",
    "ensure_database",
]


def create_database_engine(
    url: str, *, echo: bool = False, pool_size: int = 5, max_overflow: int = 10
) -> Engine:
    """Creates an engine, preparing SQLite for concurrent use by several threads.

    SQLite gets write-ahead logging, enforced foreign keys and a busy timeout, and its
    directory is created if missing.

    Args:
        url: SQLAlchemy database URL.
        echo: Log every SQL statement.
        pool_size: Connections kept open (PostgreSQL).
        max_overflow: Connections opened beyond those at busy times (PostgreSQL).

    Returns:
        The engine.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(
            url, echo=echo, pool_pre_ping=True, pool_size=pool_size, max_overflow=max_overflow
        )

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


def admin_engine(url: str, database: str | None = "postgres") -> Engine:
    """An engine in autocommit mode, for what runs outside transactions.

    For creating and dropping databases and roles, granting, or ``ALTER DATABASE``: on
    the server's maintenance database by default, or (``database=None``) on the URL's own.
    """
    parsed = make_url(url)
    target = parsed if database is None else parsed.set(database=database)
    return create_engine(target, isolation_level="AUTOCOMMIT")


def ensure_database(url: str) -> bool:
    """Creates the PostgreSQL database the URL names, if it does not exist yet.

    SQLite creates its file itself; for it, nothing is done.

    Returns:
        Whether a database was created.

    Raises:
        sqlalchemy.exc.OperationalError: The server did not answer, or refused.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "postgresql" or not parsed.database:
        return False
    admin = admin_engine(url)
    try:
        with admin.connect() as connection:
            found = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": parsed.database}
            ).scalar()
            if found:
                return False
            name = parsed.database.replace('"', '""')
            connection.execute(text(f'CREATE DATABASE "{name}"'))
            return True
    finally:
        admin.dispose()


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
