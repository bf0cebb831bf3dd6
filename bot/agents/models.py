"""The typed SQLAlchemy model of an agent's account."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Final

from sqlalchemy import JSON, CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.types import utcnow

__all__ = ["PRESENCES", "SESSION_KINDS", "AgentAccount", "AgentEvent", "AgentSession"]

#: Whether an agent takes conversations now: ``online``, ``away`` or ``offline``.
PRESENCES: Final = ("online", "away", "offline")
#: How a session's token travels: in the console's cookie, or as a bearer token.
SESSION_KINDS: Final = ("cookie", "bearer")


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
        presence: ``online``, ``away`` or ``offline``.
        capacity: How many conversations the person holds at most at once.
        last_seen_at: When the person's console or API was last seen.
    """

    __tablename__ = "agents"
    __table_args__ = (
        CheckConstraint("role IN ('agent', 'supervisor')", name="ck_agents_role"),
        CheckConstraint("failed_logins >= 0", name="ck_agents_failed_logins"),
        CheckConstraint("presence IN ('online', 'away', 'offline')", name="ck_agents_presence"),
        CheckConstraint("capacity >= 1", name="ck_agents_capacity"),
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
    presence: Mapped[str] = mapped_column(String(8), default="offline")
    capacity: Mapped[int] = mapped_column(default=3)
    last_seen_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AgentSession(Base):
    """A logged-in agent: the hash of the session's token, never the token itself.

    Attributes:
        token_hash: SHA-256 (hex) of the token the agent presents.
        csrf_token: What a cookie-authenticated change must repeat in ``X-CSRF-Token``.
        agent_username: Whose session it is.
        kind: ``cookie`` (the console) or ``bearer`` (the API).
        created_at: When the agent logged in.
        expires_at: When the session ends on its own.
        last_seen_at: When the session was last used.
        revoked_at: When the agent logged out, if they did.
    """

    __tablename__ = "agent_sessions"
    __table_args__ = (
        CheckConstraint("kind IN ('cookie', 'bearer')", name="ck_agent_sessions_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    agent_username: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AgentEvent(Base):
    """Something an agent did to their account: a login, a failed one, a logout, presence.

    Attributes:
        actor: The username (as typed, for a failed login).
        action: ``login``, ``login_failed``, ``logout`` or ``presence``.
        at: When.
        detail: What else there is to know (the session's kind, the new presence, …).
    """

    __tablename__ = "agent_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
