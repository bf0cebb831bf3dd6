"""Carries "something changed" between gateways through PostgreSQL LISTEN/NOTIFY.

With several gateways behind a load balancer, an agent's reply may be written by one
while the customer's stream is held by another. Every gateway on PostgreSQL runs a
:class:`PostgresBroadcast`: its feed's notifications are sent on one channel, and the
notifications of the other gateways wake its own streams at once (each stream still
re-reads the database every half second, which covers a lost notification).

Two threads do the work, so that no event loop ever waits for the database: one sends
(several notifications in quick succession go as one), one listens, reconnecting after
a failure and then waking every stream once, since it may have missed something.
"""

from __future__ import annotations

import logging
import threading
import uuid
from typing import Final

import psycopg
from sqlalchemy.engine import make_url

from bot.live.feed import ChangeFeed

__all__ = ["CHANNEL", "PostgresBroadcast"]

logger = logging.getLogger(__name__)

#: The notification channel all gateways share.
CHANNEL: Final = "assistant_changes"

_RETRY_SECONDS: Final = 1.0


def _conninfo(url: str) -> str:
    """A libpq connection string from a SQLAlchemy URL (``postgresql+psycopg://…``)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


class PostgresBroadcast:
    """Relays a :class:`ChangeFeed` to and from the other gateways.

    Args:
        url: SQLAlchemy URL of the shared PostgreSQL database.
        feed: This gateway's feed.
    """

    def __init__(self, url: str, feed: ChangeFeed) -> None:
        self._conninfo = _conninfo(url)
        self._feed = feed
        self._instance = uuid.uuid4().hex
        self._pending = threading.Event()
        self._closing = threading.Event()
        self._threads = [
            threading.Thread(target=self._send_forever, name="broadcast-send", daemon=True),
            threading.Thread(target=self._listen_forever, name="broadcast-listen", daemon=True),
        ]
        #: Set while the listener is listening.
        self.listening = threading.Event()
        #: How many times the listener has started listening (1 + reconnections).
        self.subscriptions = 0

    def start(self) -> None:
        """Subscribes to the feed and starts sending and listening."""
        self._feed.subscribe(self._pending.set)
        for thread in self._threads:
            thread.start()

    def close(self) -> None:
        """Stops both threads."""
        self._closing.set()
        self._pending.set()
        for thread in self._threads:
            if thread.is_alive():
                thread.join(timeout=5)

    def _send_forever(self) -> None:
        connection: psycopg.Connection[tuple[object, ...]] | None = None
        while not self._closing.is_set():
            self._pending.wait()
            if self._closing.is_set():
                break
            self._pending.clear()
            try:
                if connection is None or connection.closed:
                    connection = psycopg.connect(self._conninfo, autocommit=True)
                connection.execute("SELECT pg_notify(%s, %s)", (CHANNEL, self._instance))
            except psycopg.Error as exc:
                logger.warning("could not tell the other gateways of a change: %s", exc)
                connection = None
                self._closing.wait(_RETRY_SECONDS)
        if connection is not None:
            connection.close()

    def _listen_forever(self) -> None:
        while not self._closing.is_set():
            try:
                with psycopg.connect(self._conninfo, autocommit=True) as connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self.subscriptions += 1
                    self.listening.set()
                    self._feed.wake()  # whatever happened while not listening
                    while not self._closing.is_set():
                        for note in connection.notifies(timeout=1.0):
                            if note.payload != self._instance:
                                self._feed.wake()
            except psycopg.Error as exc:
                self.listening.clear()
                logger.warning("not hearing the other gateways (retrying): %s", exc)
                self._closing.wait(_RETRY_SECONDS)
