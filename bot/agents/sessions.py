"""Logged-in agents: sessions opened by a login, found by their token, revoked at logout.

A session's token is 32 random bytes (URL-safe base64) shown once to the agent; only its
SHA-256 is stored. Each session has its own CSRF token, which a change made with the
console's cookie must repeat. Every login, failed login and logout is in the audit log.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy import func, select, update

from bot.agents.accounts import authenticate
from bot.agents.audit import record_agent_event
from bot.agents.errors import LoginRefused, LoginThrottled, SessionExpired, SessionUnknown
from bot.agents.models import SESSION_KINDS, AgentAccount, AgentSession
from bot.agents.view import Agent
from bot.db import UowFactory

__all__ = [
    "SEEN_INTERVAL",
    "AgentPrincipal",
    "OpenedSession",
    "hash_token",
    "open_session",
    "revoke_session",
    "session_for_token",
]

#: A session's and its agent's ``last_seen_at`` are written at most this often.
SEEN_INTERVAL: Final = timedelta(seconds=30)


def hash_token(token: str) -> str:
    """The SHA-256 (hex) of a session token, as stored."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class AgentPrincipal:
    """Who is calling: the agent of a live session.

    Attributes:
        agent: The agent's account, as it is now.
        session_id: The session.
        csrf_token: What a cookie-authenticated change must send in ``X-CSRF-Token``.
        kind: ``cookie`` or ``bearer``.
        expires_at: When the session ends.
    """

    agent: Agent
    session_id: int
    csrf_token: str
    kind: str
    expires_at: datetime


@dataclass(frozen=True)
class OpenedSession:
    """A new session and the only copy of its token.

    Attributes:
        token: The session token (for the cookie, or ``Authorization: Bearer``).
        principal: The agent and the session.
    """

    token: str
    principal: AgentPrincipal


def open_session(
    uow_factory: UowFactory,
    username: str,
    password: str,
    *,
    kind: str,
    now: datetime,
    lifetime: timedelta,
) -> OpenedSession:
    """Logs an agent in: checks the password and opens a session.

    The login, or its failure, is recorded in the audit log (never the password).

    Args:
        uow_factory: Opens units of work on the assistant's database.
        username: The login name as typed.
        password: The password as typed.
        kind: ``cookie`` (the console) or ``bearer`` (the API).
        now: The current time, timezone-aware (from the runtime's clock).
        lifetime: How long the session lasts.

    Returns:
        The session, with its token.

    Raises:
        LoginRefused: Unknown username, wrong password or disabled account.
        LoginThrottled: Too many failures in a row; wait the seconds it carries.
        ValueError: ``kind`` is neither ``cookie`` nor ``bearer``.
    """
    if kind not in SESSION_KINDS:
        raise ValueError(f"unknown session kind {kind!r}")
    try:
        agent = authenticate(uow_factory, username, password, now=now)
    except (LoginRefused, LoginThrottled) as exc:
        with uow_factory() as uow:
            throttled = isinstance(exc, LoginThrottled)
            record_agent_event(
                uow.session, username.strip().lower(), "login_failed", now, throttled=throttled
            )
            uow.commit()
        raise
    token = secrets.token_urlsafe(32)
    record = AgentSession(
        token_hash=hash_token(token),
        csrf_token=secrets.token_urlsafe(32),
        agent_username=agent.username,
        kind=kind,
        created_at=now,
        expires_at=now + lifetime,
        last_seen_at=now,
    )
    with uow_factory() as uow:
        uow.session.add(record)
        uow.session.execute(
            update(AgentAccount)
            .where(AgentAccount.username == agent.username)
            .values(last_seen_at=now)
        )
        uow.session.flush()
        record_agent_event(
            uow.session, agent.username, "login", now, kind=kind, session_id=record.id
        )
        uow.commit()
        principal = AgentPrincipal(agent, record.id, record.csrf_token, kind, record.expires_at)
    return OpenedSession(token, principal)


def session_for_token(uow_factory: UowFactory, token: str, *, now: datetime) -> AgentPrincipal:
    """Finds the live session a token opens, and notes that its agent was seen.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        token: The token presented.
        now: The current time, timezone-aware.

    Returns:
        The agent and the session.

    Raises:
        SessionUnknown: No session has this token, it was revoked, or the account is
            disabled.
        SessionExpired: The session has expired.
    """
    with uow_factory() as uow:
        session = uow.session
        record = session.scalar(
            select(AgentSession).where(AgentSession.token_hash == hash_token(token))
        )
        if record is None or record.revoked_at is not None:
            raise SessionUnknown
        if record.expires_at <= now:
            raise SessionExpired
        account = session.scalar(
            select(AgentAccount).where(AgentAccount.username == record.agent_username)
        )
        if account is None or not account.active:
            raise SessionUnknown
        if record.last_seen_at + SEEN_INTERVAL <= now:
            record.last_seen_at = now
            account.last_seen_at = now
            uow.commit()
        return AgentPrincipal(
            Agent.of(account), record.id, record.csrf_token, record.kind, record.expires_at
        )


def revoke_session(uow_factory: UowFactory, principal: AgentPrincipal, *, now: datetime) -> None:
    """Logs out: the session's token opens nothing any more.

    An agent with no other live session goes ``offline``. The logout is audited.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        principal: The session to end.
        now: The current time, timezone-aware.
    """
    username = principal.agent.username
    with uow_factory() as uow:
        session = uow.session
        session.execute(
            update(AgentSession)
            .where(AgentSession.id == principal.session_id, AgentSession.revoked_at.is_(None))
            .values(revoked_at=now)
        )
        others = session.scalar(
            select(func.count())
            .select_from(AgentSession)
            .where(
                AgentSession.agent_username == username,
                AgentSession.revoked_at.is_(None),
                AgentSession.expires_at > now,
            )
        )
        if not others:
            session.execute(
                update(AgentAccount)
                .where(AgentAccount.username == username)
                .values(presence="offline")
            )
        record_agent_event(session, username, "logout", now, session_id=principal.session_id)
        uow.commit()
