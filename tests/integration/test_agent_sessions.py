"""Agent sessions, notes and the audit log on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.agents import (
    SessionExpired,
    SessionUnknown,
    add_agent,
    audit_log,
    open_session,
    revoke_session,
    session_for_token,
)
from bot.clock import SERVICE_TZ, FixedClock
from bot.db import UowFactory
from bot.handoff import enqueue_handoff
from bot.handoff.notes import add_note, notes_of

PASSWORD = "a long passphrase"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 1, 9, 0, tzinfo=SERVICE_TZ))


def test_a_session_lives_until_it_expires_or_is_revoked(
    uow_factory: UowFactory, clock: FixedClock
) -> None:
    add_agent(uow_factory, "li.na", "Li Na", PASSWORD, role="agent", languages=["zh"], skills=[])
    opened = open_session(
        uow_factory, "li.na", PASSWORD, kind="bearer", now=clock.now(), lifetime=timedelta(hours=1)
    )
    clock.advance(timedelta(minutes=59))
    assert session_for_token(uow_factory, opened.token, now=clock.now()).agent.username == "li.na"
    clock.advance(timedelta(minutes=1))
    with pytest.raises(SessionExpired):
        session_for_token(uow_factory, opened.token, now=clock.now())

    again = open_session(
        uow_factory, "li.na", PASSWORD, kind="cookie", now=clock.now(), lifetime=timedelta(hours=1)
    )
    revoke_session(uow_factory, again.principal, now=clock.now())
    with pytest.raises(SessionUnknown):
        session_for_token(uow_factory, again.token, now=clock.now())
    assert [(e.actor, e.action) for e in audit_log(uow_factory)] == [
        ("li.na", "logout"),
        ("li.na", "login"),
        ("li.na", "login"),
    ]


def test_notes_are_kept_and_audited_with_the_handoff(
    uow_factory: UowFactory, clock: FixedClock
) -> None:
    with uow_factory() as uow:
        handoff_id = enqueue_handoff(
            uow.session,
            conversation_id=None,
            reason="customer_request",
            reference=None,
            priority=1,
            summary="help",
            now=clock.now(),
        )
        uow.commit()
    add_note(uow_factory, handoff_id, "li.na", "  first  ", now=clock.now())
    clock.advance(timedelta(seconds=5))
    add_note(uow_factory, handoff_id, "boss", "second", now=clock.now())
    assert [(n.author, n.text) for n in notes_of(uow_factory, handoff_id)] == [
        ("li.na", "first"),
        ("boss", "second"),
    ]
    entries = audit_log(uow_factory, limit=1)
    assert [(e.source, e.actor, e.action, e.handoff_id) for e in entries] == [
        ("handoff", "boss", "noted", handoff_id)
    ]
