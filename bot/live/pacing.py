"""How a live stream paces itself: the poll interval, keep-alives and when to stop."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Final

__all__ = ["KEEP_ALIVE_SECONDS", "POLL_SECONDS", "Pacing"]

#: The longest a stream waits before reading the database again.
POLL_SECONDS: Final = 0.5
#: The longest a stream stays silent: then it sends a keep-alive comment.
KEEP_ALIVE_SECONDS: Final = 15.0


async def _never() -> bool:
    return False


@dataclass
class Pacing:
    """The loop parameters of one stream.

    Attributes:
        is_disconnected: Says whether the client has gone (``request.is_disconnected``).
        poll_seconds: The longest wait between two reads of the database.
        keep_alive_seconds: The longest silence before a keep-alive comment.
        max_events: Stop after this many events (for tests; not reachable over HTTP).
        monotonic: The clock that measures silences.
    """

    is_disconnected: Callable[[], Awaitable[bool]] = _never
    poll_seconds: float = POLL_SECONDS
    keep_alive_seconds: float = KEEP_ALIVE_SECONDS
    max_events: int | None = None
    monotonic: Callable[[], float] = time.monotonic
    _sent: int = field(default=0, init=False)
    _last_write: float | None = field(default=None, init=False)

    def sent(self, events: int) -> None:
        """Counts events just sent; any write resets the silence."""
        self._sent += events
        self._last_write = self.monotonic()

    def finished(self) -> bool:
        """Whether the stream has sent ``max_events`` events."""
        return self.max_events is not None and self._sent >= self.max_events

    def keep_alive_due(self) -> bool:
        """Whether it is time for a keep-alive comment (and counts it as a write)."""
        now = self.monotonic()
        if self._last_write is None:
            self._last_write = now
        if now - self._last_write < self.keep_alive_seconds:
            return False
        self._last_write = now
        return True
