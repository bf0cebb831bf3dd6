"""Agent sessions on SQLite: opening one at login, finding it by token, expiry, logout."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.agents import (
    AgentAccount,
    AgentEvent,
    AgentSession,
    LoginRefused,
    LoginThrottled,
    SessionExpired,
    SessionUnknown,
    add_agent,
    hash_token,
    open_session,
    revoke_session,
    session_for_token,
    set_active,
)
from bot.clock import SERVICE_TZ, FixedClock
from bot.db import UowFactory

PASSWORD = "a long passphrase"
HOURS = timedelta(hours=12)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 1, 9, 0, tzinfo=SERVICE_TZ))


@pytest.fixture
def agents(uow_factory: UowFactory) -> UowFactory:
    add_agent(uow_factory, "li.na", "Li Na", PASSWORD, role="agent", languages=["zh"], skills=[])
    return uow_factory


def _open(uow_factory: UowFactory, clock: FixedClock, kind: str = "bearer") -> str:
    return open_session(
        uow_factory, "li.na", PASSWORD, kind=kind, now=clock.now(), lifetime=HOURS
    ).token


def _events(uow_factory: UowFactory) -> list[tuple[str, str]]:
    with uow_factory() as uow:
        rows = uow.session.scalars(select(AgentEvent).order_by(AgentEvent.id))
        return [(row.actor, row.action) for row in rows]


def test_a_session_stores_only_the_hash_of_a_long_random_token(
    agents: UowFactory, clock: FixedClock
) -> None:
    opened = open_session(agents, "Li.Na", PASSWORD, kind="cookie", now=clock.now(), lifetime=HOURS)
    assert len(opened.token) >= 43  # 32 bytes in URL-safe base64
    assert opened.principal.kind == "cookie"
    assert opened.principal.expires_at == clock.now() + HOURS
    with agents() as uow:
        stored = uow.session.scalars(select(AgentSession)).one()
    assert stored.token_hash == hash_token(opened.token) != opened.token
    assert stored.csrf_token == opened.principal.csrf_token
    assert len(stored.csrf_token) >= 43
    assert _events(agents) == [("li.na", "login")]


def test_two_logins_get_different_tokens(agents: UowFactory, clock: FixedClock) -> None:
    assert _open(agents, clock) != _open(agents, clock)


def test_a_token_finds_its_agent_until_it_expires(agents: UowFactory, clock: FixedClock) -> None:
    token = _open(agents, clock)
    clock.advance(HOURS - timedelta(seconds=1))
    principal = session_for_token(agents, token, now=clock.now())
    assert (principal.agent.username, principal.kind) == ("li.na", "bearer")
    clock.advance(timedelta(seconds=1))
    with pytest.raises(SessionExpired):
        session_for_token(agents, token, now=clock.now())


def test_use_is_noted_as_last_seen(agents: UowFactory, clock: FixedClock) -> None:
    token = _open(agents, clock)
    clock.advance(timedelta(minutes=5))
    session_for_token(agents, token, now=clock.now())
    with agents() as uow:
        account = uow.session.scalars(select(AgentAccount)).one()
        stored = uow.session.scalars(select(AgentSession)).one()
    assert account.last_seen_at == stored.last_seen_at == clock.now()


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 43])
def test_an_unknown_token_opens_nothing(agents: UowFactory, clock: FixedClock, token: str) -> None:
    _open(agents, clock)
    with pytest.raises(SessionUnknown):
        session_for_token(agents, token, now=clock.now())


def test_a_revoked_session_opens_nothing_and_the_agent_goes_offline(
    agents: UowFactory, clock: FixedClock
) -> None:
    token = _open(agents, clock)
    principal = session_for_token(agents, token, now=clock.now())
    revoke_session(agents, principal, now=clock.now())
    with pytest.raises(SessionUnknown):
        session_for_token(agents, token, now=clock.now())
    with agents() as uow:
        assert uow.session.scalars(select(AgentAccount.presence)).one() == "offline"
    assert _events(agents) == [("li.na", "login"), ("li.na", "logout")]


def test_a_disabled_account_loses_its_sessions(agents: UowFactory, clock: FixedClock) -> None:
    token = _open(agents, clock)
    set_active(agents, "li.na", active=False)
    with pytest.raises(SessionUnknown):
        session_for_token(agents, token, now=clock.now())


def test_failed_logins_are_audited_and_the_sixth_in_a_row_is_throttled(
    agents: UowFactory, clock: FixedClock
) -> None:
    for _ in range(5):
        with pytest.raises(LoginRefused):
            open_session(agents, "li.na", "wrong!", kind="bearer", now=clock.now(), lifetime=HOURS)
    with pytest.raises(LoginThrottled):
        _open(agents, clock)
    assert _events(agents) == [("li.na", "login_failed")] * 6
    with agents() as uow:
        assert uow.session.scalars(select(AgentSession)).all() == []


def test_an_unknown_kind_is_refused(agents: UowFactory, clock: FixedClock) -> None:
    with pytest.raises(ValueError, match="kind"):
        _open(agents, clock, kind="carrier-pigeon")
