"""Wakes the live streams when something may have changed.

:meth:`ChangeFeed.notify` is called after a write commits, from any thread (the
threadpool that runs the gateway's synchronous routes, or any other); every coroutine
waiting in :meth:`ChangeFeed.wait` wakes up and re-reads the database. The feed carries
no data: it only says "look again".

Each waiter has an :class:`asyncio.Event` of its own, set on its own event loop through
``loop.call_soon_threadsafe``, so the feed works with several loops and threads. A
version number closes the gap between reading the database and starting to wait: a
stream reads :attr:`ChangeFeed.version` before its query and passes it to
:meth:`~ChangeFeed.wait`, which returns at once when a notification came in between.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable

__all__ = ["ChangeFeed"]


class ChangeFeed:
    """A thread-safe "something changed" signal for coroutines on any event loop."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version = 0
        self._waiters: set[tuple[asyncio.AbstractEventLoop, asyncio.Event]] = set()
        self._subscribers: list[Callable[[], None]] = []

    @property
    def version(self) -> int:
        """How many notifications there have been; read it before querying."""
        with self._lock:
            return self._version

    @property
    def waiting(self) -> int:
        """How many coroutines are waiting right now."""
        with self._lock:
            return len(self._waiters)

    def subscribe(self, callback: Callable[[], None]) -> None:
        """Calls ``callback`` on every :meth:`notify` (not on :meth:`wake`).

        The callback runs in the notifying thread, maybe on an event loop: it must not
        block (:class:`~bot.live.broadcast.PostgresBroadcast` only sets an event).
        """
        with self._lock:
            self._subscribers.append(callback)

    def notify(self) -> None:
        """Something changed here: wakes every waiting coroutine and tells subscribers.

        Safe to call from any thread.
        """
        self.wake()
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            callback()

    def wake(self) -> None:
        """Wakes every waiting coroutine (for a change made elsewhere); any thread."""
        with self._lock:
            self._version += 1
            waiters = list(self._waiters)
        for loop, event in waiters:
            try:
                loop.call_soon_threadsafe(event.set)
            except RuntimeError:  # that loop is closed: its waiter is gone
                continue

    async def wait(self, timeout: float, *, since: int | None = None) -> bool:
        """Waits until the next notification, or at most ``timeout`` seconds.

        Args:
            timeout: The longest wait, in seconds.
            since: A :attr:`version` read earlier; if there has been a notification
                since, returns at once.

        Returns:
            Whether a notification came (``False``: the timeout passed).
        """
        event = asyncio.Event()
        entry = (asyncio.get_running_loop(), event)
        with self._lock:
            if since is not None and since != self._version:
                return True
            self._waiters.add(entry)
        try:
            await asyncio.wait_for(event.wait(), timeout)
        except asyncio.TimeoutError:
            return False
        finally:
            with self._lock:
                self._waiters.discard(entry)
        return True
