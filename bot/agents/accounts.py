"""Agent accounts: adding, logging in (with back-off after failures), listing, disabling.

Every function opens its own units of work from the factory it is given and raises the
exceptions of :mod:`bot.agents.errors`. The time of a login comes from the caller's
clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime
from typing import Final, get_args

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from bot.agents.errors import (
    AgentNotFound,
    DuplicateUsername,
    InvalidDisplayName,
    InvalidLanguage,
    InvalidRole,
    InvalidSkill,
    InvalidUsername,
    LoginRefused,
    LoginThrottled,
    WeakPassword,
)
from bot.agents.models import AgentAccount
from bot.agents.passwords import hash_password, needs_rehash, verify_nothing, verify_password
from bot.agents.throttle import wait_seconds
from bot.agents.view import Agent
from bot.db import UowFactory
from bot.language import Language
from bot.repairs.network import CATEGORIES

__all__ = [
    "LANGUAGES",
    "MAX_DISPLAY_NAME_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "ROLES",
    "SKILLS",
    "add_agent",
    "authenticate",
    "get_agent",
    "list_agents",
    "normalise_username",
    "set_active",
]

ROLES: Final = ("agent", "supervisor")
LANGUAGES: Final[tuple[str, ...]] = get_args(Language)
SKILLS: Final = CATEGORIES
"""The product categories of the catalogue, one skill each."""
MIN_PASSWORD_LENGTH: Final = 12
MAX_DISPLAY_NAME_LENGTH: Final = 100
_USERNAME: Final = re.compile(r"[a-z0-9._-]{3,32}")


def normalise_username(username: str) -> str:
    """Returns the username as stored (trimmed, lower-case), or raises if it is invalid.

    Raises:
        InvalidUsername: It is not 3 to 32 of ``a-z 0-9 . _ -``.
    """
    name = username.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise InvalidUsername(
            f"invalid username {username!r}: 3 to 32 characters of a-z, 0-9, '.', '_', '-'"
        )
    return name


def _choices(
    values: Iterable[str], known: tuple[str, ...], what: str, error: type[Exception]
) -> list[str]:
    chosen = list(dict.fromkeys(value.strip() for value in values))
    unknown = [value for value in chosen if value not in known]
    if unknown:
        raise error(f"unknown {what} {', '.join(map(repr, unknown))} (known: {', '.join(known)})")
    return chosen


def add_agent(
    uow_factory: UowFactory,
    username: str,
    display_name: str,
    password: str,
    *,
    role: str,
    languages: Iterable[str],
    skills: Iterable[str],
) -> Agent:
    """Adds an active agent account.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        username: The login name; stored lower-case.
        display_name: The name shown to customers and colleagues.
        password: The password in clear; only its hash is stored.
        role: ``agent`` or ``supervisor``.
        languages: ``zh`` and/or ``en``; at least one.
        skills: Product categories of the catalogue (may be empty).

    Returns:
        The new account.

    Raises:
        InvalidUsername: The username is not 3 to 32 of ``a-z 0-9 . _ -``.
        InvalidDisplayName: The display name is empty or over 100 characters.
        WeakPassword: The password is shorter than 12 characters.
        InvalidRole: The role is neither ``agent`` nor ``supervisor``.
        InvalidLanguage: A language is unknown, or none is given.
        InvalidSkill: A skill is not a product category.
        DuplicateUsername: An account with this username exists.
    """
    name = normalise_username(username)
    shown = display_name.strip()
    if not shown or len(shown) > MAX_DISPLAY_NAME_LENGTH:
        raise InvalidDisplayName(
            f"a display name of 1 to {MAX_DISPLAY_NAME_LENGTH} characters is required"
        )
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if role not in ROLES:
        raise InvalidRole(f"unknown role {role!r} (known: {', '.join(ROLES)})")
    spoken = _choices(languages, LANGUAGES, "language(s)", InvalidLanguage)
    if not spoken:
        raise InvalidLanguage(f"at least one language is required ({', '.join(LANGUAGES)})")
    categories = _choices(skills, SKILLS, "skill(s)", InvalidSkill)
    duplicate = DuplicateUsername(f"an agent named {name!r} exists already")
    with uow_factory() as uow:
        if uow.session.scalar(select(AgentAccount.id).where(AgentAccount.username == name)):
            raise duplicate
        record = AgentAccount(
            username=name, display_name=shown, role=role, languages=spoken, skills=categories
        )
        record.password_hash = hash_password(password)
        uow.session.add(record)
        try:
            uow.commit()
        except IntegrityError as exc:  # added at the same moment by someone else
            raise duplicate from exc
        return Agent.of(record)


def _find(uow_factory: UowFactory, username: str) -> AgentAccount | None:
    with uow_factory() as uow:
        return uow.session.scalar(select(AgentAccount).where(AgentAccount.username == username))


def authenticate(uow_factory: UowFactory, username: str, password: str, *, now: datetime) -> Agent:
    """Checks an agent's login.

    An unknown username, a wrong password and an inactive account are refused alike,
    and each refusal of a known account is recorded. After 5 failures in a row no
    password is checked until the back-off has passed (:mod:`bot.agents.throttle`); a
    successful login clears the count, and a hash made with older parameters is
    replaced.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        username: The login name as typed (case does not matter).
        password: The password as typed.
        now: The current time, timezone-aware (from the caller's clock).

    Returns:
        The account that logged in.

    Raises:
        LoginThrottled: Too many failures in a row; wait the seconds it carries.
        LoginRefused: Unknown username, wrong password or inactive account.
    """
    name = username.strip().lower()
    record = _find(uow_factory, name) if _USERNAME.fullmatch(name) else None
    if record is None:
        verify_nothing(password)
        raise LoginRefused
    wait = wait_seconds(record.failed_logins, record.last_failed_at, now)
    if wait > 0:
        raise LoginThrottled(wait)
    matches = verify_password(record.password_hash, password)
    accounts = update(AgentAccount).where(AgentAccount.id == record.id)
    with uow_factory() as uow:
        if not (matches and record.active):
            uow.session.execute(
                accounts.values(failed_logins=AgentAccount.failed_logins + 1, last_failed_at=now)
            )
            uow.commit()
            raise LoginRefused
        uow.session.execute(accounts.values(failed_logins=0, last_failed_at=None))
        if needs_rehash(record.password_hash):
            uow.session.execute(
                accounts.where(AgentAccount.password_hash == record.password_hash).values(
                    password_hash=hash_password(password)
                )
            )
        uow.commit()
    return replace(Agent.of(record), failed_logins=0, last_failed_at=None)


def list_agents(uow_factory: UowFactory) -> list[Agent]:
    """Every account, by username."""
    with uow_factory() as uow:
        records = uow.session.scalars(select(AgentAccount).order_by(AgentAccount.username))
        return [Agent.of(record) for record in records]


def get_agent(uow_factory: UowFactory, username: str) -> Agent:
    """One account by username (case does not matter).

    Raises:
        AgentNotFound: No account has this username.
    """
    record = _find(uow_factory, username.strip().lower())
    if record is None:
        raise AgentNotFound(f"no agent named {username!r}")
    return Agent.of(record)


def set_active(uow_factory: UowFactory, username: str, *, active: bool) -> Agent:
    """Enables or disables an account; a disabled account cannot log in.

    Args:
        uow_factory: Opens units of work on the assistant's database.
        username: The login name (case does not matter).
        active: Whether the account may log in.

    Returns:
        The account as it is now.

    Raises:
        AgentNotFound: No account has this username.
    """
    name = username.strip().lower()
    with uow_factory() as uow:
        record = uow.session.scalar(select(AgentAccount).where(AgentAccount.username == name))
        if record is None:
            raise AgentNotFound(f"no agent named {username!r}")
        record.active = active
        uow.commit()
        return Agent.of(record)
