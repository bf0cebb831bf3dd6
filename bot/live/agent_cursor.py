"""Where an agent's stream stands: one position in each change log it follows.

The agents' stream follows three append-only logs, each by its rows' increasing ids:
``handoff_events`` (the queue's changes), ``messages`` and ``callbacks``. Every event
the stream sends carries, as its SSE id, the position in all three *after* that event,
written ``e<event id>.m<message id>.c<callback id>`` (``e41.m1022.c3``). A browser that
reconnects sends the last one back as ``Last-Event-ID`` and receives exactly what it
missed, in every log. A stream opened without one starts at the current end of each log
and says so first with a ``ready`` event carrying that position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = ["AgentCursor", "InvalidCursorError"]

_PATTERN: Final = re.compile(r"e(\d{1,18})\.m(\d{1,18})\.c(\d{1,18})")


class InvalidCursorError(ValueError):
    """A ``Last-Event-ID`` that no agents' stream sent."""


@dataclass(frozen=True)
class AgentCursor:
    """The last handoff event, message and callback ticket an agent's stream has sent.

    Attributes:
        event: The id of the last ``handoff_events`` row considered.
        message: The id of the last ``messages`` row considered.
        callback: The id of the last ``callbacks`` row considered.
    """

    event: int = 0
    message: int = 0
    callback: int = 0

    def __str__(self) -> str:
        return f"e{self.event}.m{self.message}.c{self.callback}"

    @classmethod
    def parse(cls, text: str) -> AgentCursor:
        """Reads a cursor written by ``str(cursor)``.

        Raises:
            InvalidCursorError: ``text`` is not a cursor.
        """
        found = _PATTERN.fullmatch(text.strip())
        if found is None:
            raise InvalidCursorError(f"not an agents' stream position: {text[:40]!r}")
        event, message, callback = (int(group) for group in found.groups())
        return cls(event=event, message=message, callback=callback)
