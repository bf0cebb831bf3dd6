"""Persistence: SQLAlchemy models, engine set-up and the unit of work."""

from bot.db.engine import create_database_engine, create_schema
from bot.db.models import Base, Conversation, Message, SoldUnit
from bot.db.uow import SessionFactory, UnitOfWork, make_session_factory

__all__ = [
    "Base",
    "Conversation",
    "Message",
    "SessionFactory",
    "SoldUnit",
    "UnitOfWork",
    "create_database_engine",
    "create_schema",
    "make_session_factory",
]
