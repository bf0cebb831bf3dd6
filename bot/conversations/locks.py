"""Taking a conversation's messages one at a time.

Sequence numbers follow the order of turns only if one turn of a conversation ends
before the next begins. :class:`InProcessLocks` serialises the turns of one process; a
database advisory or row lock can take its place when several processes serve
conversations.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

__all__ = ["ConversationLocks", "InProcessLocks"]


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
