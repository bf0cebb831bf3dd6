"""What the rest of the application sees of an agent's account: never the hash."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime

from bot.agents.models import AgentAccount

__all__ = ["Agent"]


@dataclass(frozen=True)
class Agent:
    """An agent's account, as shown to the console and the command line.

    Attributes:
        username: The login name.
        display_name: The name shown to customers and colleagues.
        role: ``agent`` or ``supervisor``.
        languages: The languages the person answers in.
        skills: The product categories the person can help with.
        active: Whether the account may log in.
        failed_logins: Failed logins since the last successful one.
        last_failed_at: When the latest failed login happened, if any.
        presence: ``online``, ``away`` or ``offline``.
        capacity: How many conversations the person holds at most at once.
        last_seen_at: When the person's console or API was last seen, if ever.
    """

    username: str
    display_name: str
    role: str
    languages: tuple[str, ...]
    skills: tuple[str, ...]
    active: bool = True
    failed_logins: int = 0
    last_failed_at: datetime | None = None
    presence: str = "offline"
    capacity: int = 3
    last_seen_at: datetime | None = None

    @classmethod
    def of(cls, record: AgentAccount) -> Agent:
        """The view of a stored account (everything but the password hash)."""
        values = {field.name: getattr(record, field.name) for field in fields(cls)}
        return cls(
            **{**values, "languages": tuple(values["languages"]), "skills": tuple(values["skills"])}
        )
