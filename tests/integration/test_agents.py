"""Agent accounts on SQLite and PostgreSQL: adding, refusals, logins and their back-off."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.agents import Agent, AgentAccount, add_agent, authenticate, errors, list_agents, set_active
from bot.clock import SERVICE_TZ, FixedClock
from bot.db import UowFactory

PASSWORD = "a long passphrase"


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2025, 3, 1, 9, 0, tzinfo=SERVICE_TZ))


def _add(uow_factory: UowFactory, username: str = "li.na", **changes: object) -> Agent:
    fields: dict[str, object] = {
        "display_name": "Li Na",
        "password": PASSWORD,
        "role": "agent",
        "languages": ["zh", "en"],
        "skills": ["washing_machine", "refrigerator"],
    }
    fields.update(changes)
    return add_agent(uow_factory, username, **fields)  # type: ignore[arg-type]


def _stored(uow_factory: UowFactory, username: str) -> AgentAccount:
    with uow_factory() as uow:
        record = uow.session.scalar(select(AgentAccount).where(AgentAccount.username == username))
    assert record is not None
    return record


def _fail(uow_factory: UowFactory, clock: FixedClock, times: int) -> None:
    for _ in range(times):
        with pytest.raises(errors.LoginRefused):
            authenticate(uow_factory, "li.na", "wrong password!", now=clock.now())


def test_an_added_agent_is_listed_without_its_password(uow_factory: UowFactory) -> None:
    agent = _add(uow_factory, "Li.Na", role="supervisor", languages=["zh"], skills=[])
    assert agent == Agent(
        username="li.na",
        display_name="Li Na",
        role="supervisor",
        languages=("zh",),
        skills=(),
        active=True,
        failed_logins=0,
        last_failed_at=None,
    )
    assert list_agents(uow_factory) == [agent]
    stored = _stored(uow_factory, "li.na")
    assert stored.password_hash.startswith("$argon2id$")
    assert PASSWORD not in stored.password_hash
    assert stored.created_at.tzinfo is not None
    assert PASSWORD not in repr(agent)


def test_agents_are_listed_by_username(uow_factory: UowFactory) -> None:
    for name in ("wang_wei", "alice", "li.na"):
        _add(uow_factory, name)
    assert [agent.username for agent in list_agents(uow_factory)] == ["alice", "li.na", "wang_wei"]


def test_a_duplicate_username_is_refused_whatever_its_case(uow_factory: UowFactory) -> None:
    _add(uow_factory, "li.na")
    with pytest.raises(errors.DuplicateUsername, match=r"'li\.na' exists already"):
        _add(uow_factory, " LI.NA ", display_name="Another Li Na")
    assert len(list_agents(uow_factory)) == 1


@pytest.mark.parametrize(
    ("username", "changes", "error", "message"),
    [
        ("li", {}, errors.InvalidUsername, "3 to 32 characters"),
        ("x" * 33, {}, errors.InvalidUsername, "3 to 32 characters"),
        ("li na", {}, errors.InvalidUsername, "invalid username"),
        ("李娜", {}, errors.InvalidUsername, "invalid username"),
        ("li.na", {"display_name": "  "}, errors.InvalidDisplayName, "display name"),
        ("li.na", {"password": "short pass1"}, errors.WeakPassword, "at least 12 characters"),
        ("li.na", {"role": "admin"}, errors.InvalidRole, "unknown role 'admin'"),
        ("li.na", {"languages": []}, errors.InvalidLanguage, "at least one language"),
        ("li.na", {"languages": ["zh", "fr"]}, errors.InvalidLanguage, "unknown language(s) 'fr'"),
        ("li.na", {"skills": ["toaster"]}, errors.InvalidSkill, "unknown skill(s) 'toaster'"),
    ],
)
def test_bad_inputs_are_refused_and_nothing_is_stored(
    uow_factory: UowFactory,
    username: str,
    changes: dict[str, object],
    error: type[Exception],
    message: str,
) -> None:
    with pytest.raises(error) as raised:
        _add(uow_factory, username, **changes)
    assert message in str(raised.value)
    assert list_agents(uow_factory) == []


def test_the_right_password_logs_in(uow_factory: UowFactory, clock: FixedClock) -> None:
    added = _add(uow_factory)
    assert authenticate(uow_factory, "Li.Na", PASSWORD, now=clock.now()) == added


@pytest.mark.parametrize(
    ("username", "password", "disabled"),
    [
        ("li.na", "wrong password!", False),
        ("nobody", PASSWORD, False),
        ("x", PASSWORD, False),
        ("li.na", PASSWORD, True),
    ],
    ids=["wrong-password", "unknown-user", "invalid-username", "inactive"],
)
def test_every_refusal_looks_the_same(
    uow_factory: UowFactory, clock: FixedClock, username: str, password: str, disabled: bool
) -> None:
    _add(uow_factory)
    if disabled:
        set_active(uow_factory, "li.na", active=False)
    with pytest.raises(errors.LoginRefused) as raised:
        authenticate(uow_factory, username, password, now=clock.now())
    assert type(raised.value) is errors.LoginRefused
    assert str(raised.value) == "wrong username or password"


def test_a_failure_is_recorded_and_a_success_resets_the_count(
    uow_factory: UowFactory, clock: FixedClock
) -> None:
    _add(uow_factory)
    _fail(uow_factory, clock, 4)
    stored = _stored(uow_factory, "li.na")
    assert (stored.failed_logins, stored.last_failed_at) == (4, clock.now())
    agent = authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
    assert (agent.failed_logins, agent.last_failed_at) == (0, None)
    stored = _stored(uow_factory, "li.na")
    assert (stored.failed_logins, stored.last_failed_at) == (0, None)
    _fail(uow_factory, clock, 4)  # four more are free again
    authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())


def test_five_failures_lock_out_even_the_right_password_for_a_doubling_backoff(
    uow_factory: UowFactory, clock: FixedClock
) -> None:
    _add(uow_factory)
    _fail(uow_factory, clock, 5)
    with pytest.raises(errors.LoginThrottled) as raised:
        authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
    assert raised.value.retry_after == 30
    assert "30 s" in str(raised.value)
    clock.advance(timedelta(seconds=29))
    with pytest.raises(errors.LoginThrottled) as raised:
        authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
    assert raised.value.retry_after == 1
    assert _stored(uow_factory, "li.na").failed_logins == 5  # throttled tries do not count

    clock.advance(timedelta(seconds=1))
    _fail(uow_factory, clock, 1)  # the sixth failure: 60 s
    with pytest.raises(errors.LoginThrottled) as raised:
        authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
    assert raised.value.retry_after == 60

    clock.advance(timedelta(seconds=60))
    assert authenticate(uow_factory, "li.na", PASSWORD, now=clock.now()).failed_logins == 0
    _fail(uow_factory, clock, 4)
    assert authenticate(uow_factory, "li.na", PASSWORD, now=clock.now()).username == "li.na"


def test_the_backoff_is_capped_at_fifteen_minutes(
    uow_factory: UowFactory, clock: FixedClock
) -> None:
    _add(uow_factory)
    for _ in range(12):
        _fail(uow_factory, clock, 1)
        clock.advance(timedelta(minutes=15))
    _fail(uow_factory, clock, 1)
    with pytest.raises(errors.LoginThrottled) as raised:
        authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
    assert raised.value.retry_after == 900


def test_a_disabled_agent_is_refused_until_enabled_again(
    uow_factory: UowFactory, clock: FixedClock
) -> None:
    _add(uow_factory)
    assert set_active(uow_factory, "LI.NA", active=False).active is False
    assert list_agents(uow_factory)[0].active is False
    with pytest.raises(errors.LoginRefused):
        authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
    assert _stored(uow_factory, "li.na").failed_logins == 1
    set_active(uow_factory, "li.na", active=True)
    assert authenticate(uow_factory, "li.na", PASSWORD, now=clock.now()).active is True


def test_an_unknown_agent_cannot_be_disabled(uow_factory: UowFactory) -> None:
    with pytest.raises(errors.AgentNotFound, match="no agent named 'nobody'"):
        set_active(uow_factory, "nobody", active=False)


def test_an_old_hash_is_replaced_at_login(uow_factory: UowFactory, clock: FixedClock) -> None:
    from argon2 import PasswordHasher

    _add(uow_factory)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    with uow_factory() as uow:
        uow.session.get_one(AgentAccount, _stored(uow_factory, "li.na").id).password_hash = weak
        uow.commit()
    authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
    renewed = _stored(uow_factory, "li.na").password_hash
    assert renewed != weak
    assert renewed.startswith("$argon2id$v=19$m=65536")
    authenticate(uow_factory, "li.na", PASSWORD, now=clock.now())
