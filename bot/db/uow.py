"""The unit of work: one transaction, committed explicitly or rolled back."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

__all__ = ["SessionFactory", "UnitOfWork", "UowFactory", "make_session_factory"]

SessionFactory = sessionmaker[Session]


def make_session_factory(engine: Engine) -> SessionFactory:
    """Returns the session factory that units of work draw sessions from."""
    return sessionmaker(engine, expire_on_commit=False)


class UnitOfWork:
    """Owns one session and its transaction.

    Changes are kept only when :meth:`commit` is called; leaving the ``with`` block
    without committing, or with an exception, rolls everything back.

    Example:
        >>> with UnitOfWork(factory) as uow:  # doctest: +SKIP
        ...     uow.session.add(thing)
        ...     uow.commit()
    """

    def __init__(self, session_factory: SessionFactory) -> None:
        self._session_factory = session_factory
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        """The session of the transaction in progress."""
        if self._session is None:
            raise RuntimeError("the unit of work is used outside its 'with' block")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._session = self._session_factory()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        # Closing rolls back whatever was not committed; loaded objects stay readable.
        self.session.close()
        self._session = None

    def commit(self) -> None:
        """Commits the transaction."""
        self.session.commit()


#: Makes a new unit of work for each transaction: what every service is given.
UowFactory = Callable[[], UnitOfWork]
