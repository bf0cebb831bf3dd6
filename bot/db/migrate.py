"""Schema migrations: the database is brought to the models' schema by Alembic.

Each change to the models comes with a migration in ``bot/db/migrations/versions``; the
first one creates the schema as it was when migrations were introduced. Start-up runs
:func:`upgrade_schema`, so ``make run`` and every process of a cluster find the schema
current. A database created before migrations existed (its tables present, no revision
recorded) is recorded at the first revision and upgraded from there; one older still,
lacking columns, is refused at start-up by :func:`bot.db.check_schema`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from bot.db.models import Base

__all__ = [
    "BASELINE_REVISION",
    "MIGRATIONS",
    "current_revision",
    "head_revision",
    "upgrade_schema",
    "write_migration",
]

#: Where the migration scripts live.
MIGRATIONS: Final = Path(__file__).parent / "migrations"
#: The first revision: the schema as it was before migrations were introduced.
BASELINE_REVISION: Final = "0001"
#: The PostgreSQL advisory lock that serialises instances starting at once.
_LOCK_KEY: Final = 0x6D696E676A6961  # "mingjia"


def _config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The revision the models correspond to (the newest migration)."""
    head = ScriptDirectory.from_config(_config()).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations in {MIGRATIONS}")
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at, or ``None`` if none is recorded."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade_schema(engine: Engine) -> str:
    """Brings the database up to the newest revision, in one transaction.

    On PostgreSQL, instances starting at once take turns (an advisory lock held until
    the transaction ends), and a failed migration leaves the schema as it was. On SQLite
    the assistant runs on one host, and ``python -m bot run`` migrates before it starts
    the processes.

    Args:
        engine: The assistant's database.

    Returns:
        The revision the database is now at.
    """
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        unrecorded = MigrationContext.configure(connection).get_current_revision() is None
        if unrecorded and _has_our_tables(connection):
            # Made before migrations: taken as the baseline (check_schema names any
            # column an even older version lacks).
            command.stamp(_config(connection), BASELINE_REVISION)
        command.upgrade(_config(connection), "head")
    return head_revision()


def write_migration(engine: Engine, message: str) -> Path:
    """Writes a migration from the models' differences to an up-to-date database.

    Args:
        engine: A database at the newest revision (upgrade it first).
        message: What the migration changes, as its first line.

    Returns:
        The new migration's file, to review before committing.
    """
    # Revisions are numbered in order: 0001, 0002...
    number = f"{int(head_revision()) + 1:04d}"
    with engine.begin() as connection:
        script = command.revision(_config(connection), message, autogenerate=True, rev_id=number)
    if script is None or isinstance(script, list):
        raise RuntimeError("alembic wrote no single migration")
    return Path(script.path)


def _has_our_tables(connection: Connection) -> bool:
    existing = set(inspect(connection).get_table_names())
    return any(table in existing for table in Base.metadata.tables)
