"""The Rasa server's tracker store, as the gateway checks and erases it.

Rasa wraps its tracker store in ``FailSafeTrackerStore``: when the database fails, a
tracker is saved in the server's memory instead, and a failed read starts the
conversation afresh, with nothing but a line in Rasa's log. The assistant must never
serve on that unknowingly, so the gateway reads the same ``events`` table Rasa writes:

* before each turn it notes the conversation's newest event (:meth:`TrackerStore.mark`);
* after Rasa answered, it checks that the turn's user event reached the table
  (:meth:`TrackerStore.saved_since`); if not, the turn counts as not answered;
* ``/health`` appends a probe event through Rasa's API and checks that it arrived.

It also erases a customer's conversations from the table on request.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Final

from sqlalchemy import (
    Column,
    Engine,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    delete,
    func,
    select,
)
from sqlalchemy.exc import SQLAlchemyError

__all__ = ["TrackerStore", "TrackerStoreError"]

_METADATA: Final = MetaData()

#: Rasa's ``SQLTrackerStore.SQLEvent`` table, as Rasa 3.6 creates it.
EVENTS: Final = Table(
    "events",
    _METADATA,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


class TrackerStoreError(Exception):
    """The tracker store's database did not answer."""


class TrackerStore:
    """Reads and erases rows of Rasa's ``events`` table.

    Args:
        engine: An engine on the tracker store's database
            (:func:`bot.runtime.open_tracker_store` makes it from the settings).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def close(self) -> None:
        """Closes the connections."""
        self._engine.dispose()

    def create(self) -> None:
        """Creates the table if it does not exist yet (Rasa does so when it starts)."""
        _METADATA.create_all(self._engine)

    def mark(self, conversation_id: str) -> int:
        """The id of the conversation's newest event (0 if it has none).

        Raises:
            TrackerStoreError: The database did not answer.
        """
        query = select(func.coalesce(func.max(EVENTS.c.id), 0)).where(
            EVENTS.c.sender_id == conversation_id
        )
        try:
            with self._engine.connect() as connection:
                return int(connection.execute(query).scalar_one())
        except SQLAlchemyError as exc:
            raise TrackerStoreError(str(exc)) from exc

    def saved_since(self, conversation_id: str, mark: int, type_name: str = "user") -> bool:
        """Whether an event of this type reached the table after ``mark``.

        Raises:
            TrackerStoreError: The database did not answer.
        """
        query = (
            select(EVENTS.c.id)
            .where(
                EVENTS.c.sender_id == conversation_id,
                EVENTS.c.id > mark,
                EVENTS.c.type_name == type_name,
            )
            .limit(1)
        )
        try:
            with self._engine.connect() as connection:
                return connection.scalar(query) is not None
        except SQLAlchemyError as exc:
            raise TrackerStoreError(str(exc)) from exc

    def erase(self, conversation_ids: Collection[str]) -> int:
        """Deletes every event of these conversations; returns how many rows went.

        Raises:
            TrackerStoreError: The database did not answer.
        """
        if not conversation_ids:
            return 0
        try:
            with self._engine.begin() as connection:
                result = connection.execute(
                    delete(EVENTS).where(EVENTS.c.sender_id.in_(list(conversation_ids)))
                )
                return int(result.rowcount or 0)
        except SQLAlchemyError as exc:
            raise TrackerStoreError(str(exc)) from exc

    def senders(self) -> set[str]:
        """Every conversation the table holds events of.

        Raises:
            TrackerStoreError: The database did not answer.
        """
        try:
            with self._engine.connect() as connection:
                return set(connection.scalars(select(EVENTS.c.sender_id).distinct()))
        except SQLAlchemyError as exc:
            raise TrackerStoreError(str(exc)) from exc
