"""Domain exceptions of agent accounts; callers map them to messages or exit codes."""

# ruff: noqa: N818 - the names say what was refused; they are part of the API

from __future__ import annotations

import math

__all__ = [
    "AgentNotFound",
    "AgentsError",
    "AtCapacity",
    "DuplicateUsername",
    "InvalidDisplayName",
    "InvalidLanguage",
    "InvalidPresence",
    "InvalidRole",
    "InvalidSkill",
    "InvalidUsername",
    "LoginRefused",
    "LoginThrottled",
    "SessionExpired",
    "SessionUnknown",
    "WeakPassword",
]


class AgentsError(Exception):
    """Base class of every agent-account error."""


class InvalidUsername(AgentsError):
    """The username is not 3 to 32 of ``a-z 0-9 . _ -``."""


class DuplicateUsername(AgentsError):
    """An account with this username exists already."""


class InvalidDisplayName(AgentsError):
    """The display name is empty or too long."""


class WeakPassword(AgentsError):
    """The password is shorter than the minimum length."""


class InvalidRole(AgentsError):
    """The role is neither ``agent`` nor ``supervisor``."""


class InvalidLanguage(AgentsError):
    """A language is not supported, or none was given."""


class InvalidSkill(AgentsError):
    """A skill is not a product category of the catalogue."""


class AgentNotFound(AgentsError):
    """No account has this username."""


class LoginRefused(AgentsError):
    """The login is refused: unknown user, wrong password or inactive account alike."""

    def __init__(self) -> None:
        super().__init__("wrong username or password")


class LoginThrottled(AgentsError):
    """Too many failed logins in a row: no login is tried until the back-off has passed.

    Attributes:
        retry_after: Whole seconds to wait before the next try (at least 1).
    """

    def __init__(self, retry_after: float) -> None:
        self.retry_after = max(1, math.ceil(retry_after))
        super().__init__(f"too many failed logins; try again in {self.retry_after} s")


class SessionUnknown(AgentsError):
    """No live session has this token: unknown, revoked, or its account is disabled."""

    def __init__(self) -> None:
        super().__init__("no such session")


class SessionExpired(AgentsError):
    """The session has expired; the agent must log in again."""

    def __init__(self) -> None:
        super().__init__("the session has expired")


class InvalidPresence(AgentsError):
    """The presence is not ``online``, ``away`` or ``offline``, or the capacity is out of range."""


class AtCapacity(AgentsError):
    """The agent already holds as many conversations as their capacity allows.

    Attributes:
        capacity: The agent's capacity.
    """

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        super().__init__(f"you already hold {capacity} conversation(s), your capacity")
