"""Who is typing to a customer right now: an agent's keystrokes, shown as "… is typing".

Typing is a hint, not a record: it lives in the gateway's memory for a few seconds and
is never stored. The console tells the gateway at most every few seconds while the
agent types; the customer's stream sends a ``typing`` event for each new mark.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

__all__ = ["TYPING_FOR", "Typing", "TypingBoard"]

#: How long one mark shows the customer that someone is typing.
TYPING_FOR: Final = timedelta(seconds=6)


@dataclass(frozen=True)
class Typing:
    """Someone typing in a conversation: their name, and when they last typed."""

    who: str
    at: datetime


class TypingBoard:
    """The latest typing mark of each conversation, safe to use from any thread."""

    def __init__(self) -> None:
        self._marks: dict[str, Typing] = {}
        self._lock = threading.Lock()

    def mark(self, conversation_id: str, who: str, now: datetime) -> None:
        """Notes that ``who`` is typing in the conversation now."""
        with self._lock:
            self._marks[conversation_id] = Typing(who, now)
            for key in [k for k, v in self._marks.items() if now - v.at > TYPING_FOR]:
                del self._marks[key]

    def current(self, conversation_id: str, now: datetime) -> Typing | None:
        """Who is typing in the conversation, if they typed within :data:`TYPING_FOR`."""
        with self._lock:
            mark = self._marks.get(conversation_id)
        return mark if mark is not None and now - mark.at <= TYPING_FOR else None
