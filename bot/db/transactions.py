"""Write transactions that serialise properly on SQLite as well as PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from bot.db.uow import UnitOfWork, UowFactory

__all__ = ["in_unit_of_work", "write_transaction"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def in_unit_of_work(
    query: Callable[Concatenate[Session, _P], _R],
) -> Callable[Concatenate[UowFactory, _P], _R]:
    """Turns a query run inside an open session into one that opens its own unit of work.

    Args:
        query: Reads through the session it is given first; it commits nothing.

    Returns:
        The same query taking a unit-of-work factory in place of the session.
    """

    def run(uow_factory: UowFactory, /, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with uow_factory() as uow:
            return query(uow.session, *args, **kwargs)

    return run


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
