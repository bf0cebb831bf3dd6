"""Domain exceptions of handing a conversation to a person."""

from __future__ import annotations

__all__ = [
    "AlreadyClaimed",
    "HandoffError",
    "HandoffNotFound",
    "HandoffNotOpen",
    "HeldElsewhere",
    "InvalidHandoff",
    "NotYourConversation",
]


class HandoffError(Exception):
    """Base class of every handoff error except :class:`InvalidHandoff`."""


class HandoffNotOpen(HandoffError):  # noqa: N818 - names fixed by the API
    """The handoff is not in a state that allows this (resolved, cancelled, …).

    Attributes:
        status: The handoff's status.
    """

    def __init__(self, handoff_id: int, status: str) -> None:
        super().__init__(f"handoff {handoff_id} is {status}")
        self.status = status


class InvalidHandoff(ValueError):  # noqa: N818 - names fixed by the API
    """The request cannot be made: unknown reason, bad priority, rating or time."""


class HeldElsewhere(HandoffError):  # noqa: N818 - names fixed by the API
    """The handoff is not the caller's to take or work on.

    Attributes:
        holder: Username of the person who holds it, ``None`` while it waits.
    """

    def __init__(self, handoff_id: int, holder: str | None) -> None:
        super().__init__(f"handoff {handoff_id} is held by {holder or 'nobody'}")
        self.holder = holder


class AlreadyClaimed(HeldElsewhere):
    """Another person claimed the handoff first; ``holder`` names them."""


class NotYourConversation(HeldElsewhere):
    """The handoff is held by someone else, or by nobody yet."""


class HandoffNotFound(HandoffError):  # noqa: N818 - names fixed by the API
    """No such handoff (or, for a conversation, none waiting)."""
