"""Write transactions that serialise properly on SQLite as well as PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from bot.db import UnitOfWork, UowFactory

__all__ = ["UowFactory", "write_transaction"]


@contextmanager
def write_transaction(uow_factory: UowFactory) -> Iterator[UnitOfWork]:
    """Opens a unit of work whose transaction may write.

    On SQLite the transaction starts with ``BEGIN IMMEDIATE``: it takes the write lock
    at once (waiting up to the busy timeout), so that what it reads cannot change
    before it writes and it never fails with "database is locked" on upgrading a
    read lock. PostgreSQL needs nothing special: row locks and unique constraints do
    the work.

    Yields:
        The unit of work; commit it to keep the changes.
    """
    with uow_factory() as uow:
        connection = uow.session.connection()
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        yield uow
