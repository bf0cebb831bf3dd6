"""Taking a conversation's messages one at a time.

Sequence numbers follow the order of turns only if one turn of a conversation ends
before the next begins. :class:`InProcessLocks` serialises the turns of one process.
:class:`DatabaseLocks` serialises them across every process and host that shares a
PostgreSQL database, with a session advisory lock per conversation (Rasa's own Redis
lock store is not relied on: it can let two turns of one conversation through at once).
On SQLite, which serves one host, it is the in-process lock alone.
"""

from __future__ import annotations

import hashlib
import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from bot.conversations.errors import ConversationBusyError

__all__ = ["ConversationLocks", "DatabaseLocks", "InProcessLocks", "advisory_key"]


class ConversationLocks(Protocol):
    """Hands out one exclusive hold per conversation."""

    def hold(self, conversation_id: str) -> AbstractContextManager[None]:
        """Returns a context in which no other turn of the conversation runs.

        Args:
            conversation_id: The conversation.
        """
        ...


class InProcessLocks:
    """One :class:`threading.Lock` per conversation, forgotten once nobody holds it."""

    def __init__(self) -> None:
        self._locks: weakref.WeakValueDictionary[str, threading.Lock] = (
            weakref.WeakValueDictionary()
        )
        self._guard = threading.Lock()

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        """Holds the conversation's lock for the duration of the ``with`` block.

        Args:
            conversation_id: The conversation.

        Yields:
            Nothing; the lock is released when the block ends.
        """
        lock = self._lock_for(conversation_id)
        with lock:
            yield

    def _lock_for(self, conversation_id: str) -> threading.Lock:
        with self._guard:
            lock = self._locks.get(conversation_id)
            if lock is None:
                lock = threading.Lock()
                self._locks[conversation_id] = lock
            return lock


def advisory_key(conversation_id: str) -> int:
    """The conversation's advisory lock key: a signed 64-bit number from its id."""
    digest = hashlib.blake2b(f"conversation:{conversation_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


class DatabaseLocks:
    """Serialises a conversation's turns across processes sharing a PostgreSQL database.

    A turn first takes the in-process lock, so that the turns of one process queue
    without holding database connections, then one of ``slots`` places, then a session
    advisory lock on a connection of its own, released when the turn ends (or by the
    server, if the process dies). The places bound the connections turns hold, so that
    a busy gateway queues turns instead of exhausting its connection pool.

    Args:
        engine: The database engine.
        wait_seconds: How long a turn waits for the one before it, or for a place.
        slots: How many turns of this process may run at once.
    """

    def __init__(self, engine: Engine, wait_seconds: float = 60.0, slots: int = 10) -> None:
        self._engine = engine
        self._local = InProcessLocks()
        self._wait_seconds = wait_seconds
        self._wait_ms = max(1, int(wait_seconds * 1000))
        self._slots = threading.BoundedSemaphore(slots)

    @contextmanager
    def hold(self, conversation_id: str) -> Iterator[None]:
        """Holds the conversation's lock for the duration of the ``with`` block.

        Raises:
            ConversationBusyError: The turn before it did not end in time.
        """
        with self._local.hold(conversation_id):
            if not self._slots.acquire(timeout=self._wait_seconds):
                raise ConversationBusyError(conversation_id)
            try:
                with self._across_processes(conversation_id):
                    yield
            finally:
                self._slots.release()

    @contextmanager
    def _across_processes(self, conversation_id: str) -> Iterator[None]:
        if self._engine.dialect.name != "postgresql":
            yield
            return
        key = advisory_key(conversation_id)
        with self._engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            try:
                connection.execute(text(f"SET lock_timeout = {self._wait_ms}"))
                connection.execute(text("SELECT pg_advisory_lock(:key)"), {"key": key})
            except OperationalError as exc:
                connection.invalidate()  # never back to the pool with the timeout set
                if "lock timeout" not in str(exc):
                    raise
                raise ConversationBusyError(conversation_id) from exc
            connection.execute(text("RESET lock_timeout"))
            try:
                yield
            finally:
                connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
