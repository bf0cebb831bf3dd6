"""Persistence: SQLAlchemy models, engine set-up and the unit of work."""

from bot.db.engine import (
    SchemaOutdatedError,
    admin_engine,
    check_schema,
    create_database_engine,
    create_schema,
    ensure_database,
)
from bot.db.migrate import current_revision, head_revision, upgrade_schema
from bot.db.models import Base
from bot.db.transactions import in_unit_of_work, write_transaction
from bot.db.uow import SessionFactory, UnitOfWork, UowFactory, make_session_factory

__all__ = [
    "Base",
    "SchemaOutdatedError",
    "SessionFactory",
    "UnitOfWork",
    "UowFactory",
    "admin_engine",
    "check_schema",
    "create_database_engine",
    "create_schema",
    "current_revision",
    "ensure_database",
    "head_revision",
    "in_unit_of_work",
    "make_session_factory",
    "upgrade_schema",
    "write_transaction",
]
