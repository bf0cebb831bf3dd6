"""Which waiting handoffs an agent sees and suits, and whether they may take one more (pure).

An ``agent`` sees the waiting handoffs in their languages, and those whose language is
unknown; a ``supervisor`` sees them all. A handoff *matches* an agent who speaks its
language and, when its appliance category is known, has that product skill.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from bot.handoff.queue import HandoffView

__all__ = ["SUPERVISOR", "category_of", "has_room", "matches", "routed", "sees"]

#: The role that sees every waiting handoff.
SUPERVISOR: Final = "supervisor"


def sees(role: str, languages: Sequence[str], language: str | None) -> bool:
    """Whether an agent sees a waiting handoff in ``language`` (``None``: unknown)."""
    return role == SUPERVISOR or language is None or language in languages


def matches(
    languages: Sequence[str], skills: Sequence[str], language: str | None, category: str | None
) -> bool:
    """Whether an agent suits a handoff: speaks its language, and knows its product.

    An unknown language or category asks nothing of the agent.
    """
    return (language is None or language in languages) and (category is None or category in skills)


def has_room(held: int, capacity: int) -> bool:
    """Whether an agent holding ``held`` conversations may claim one more."""
    return held < capacity


def category_of(view: HandoffView) -> str | None:
    """The appliance category of a handoff's summary, if known."""
    return None if view.details is None else view.details.category


def routed(views: Iterable[HandoffView], role: str, languages: Sequence[str]) -> list[HandoffView]:
    """The handoffs an agent sees, most urgent first, then oldest first."""
    seen = [view for view in views if sees(role, languages, view.language)]
    return sorted(seen, key=lambda view: (view.priority, view.created_at, view.id))
