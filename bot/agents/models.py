"""The typed SQLAlchemy model of an agent's account."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.types import utcnow

__all__ = ["AgentAccount"]


class AgentAccount(Base):
    """A person who answers customers in the agent console.

    Attributes:
        username: The login name: unique, lower-case, 3 to 32 of ``a-z 0-9 . _ -``.
        display_name: The name customers and colleagues see.
        role: ``agent`` or ``supervisor``.
        languages: The languages the person answers in (``zh``, ``en``; at least one).
        skills: The product categories the person can help with.
        password_hash: The argon2 hash of the password; never the password itself.
        active: Whether the account may log in.
        failed_logins: Failed logins since the last successful one.
        last_failed_at: When the latest failed login happened.
    """

    __tablename__ = "agents"
    __table_args__ = (
        CheckConstraint("role IN ('agent', 'supervisor')", name="ck_agents_role"),
        CheckConstraint("failed_logins >= 0", name="ck_agents_failed_logins"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(32), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(16))
    languages: Mapped[list[str]] = mapped_column(JSON)
    skills: Mapped[list[str]] = mapped_column(JSON)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(default=0)
    last_failed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
