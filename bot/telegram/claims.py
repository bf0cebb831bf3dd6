"""Each Telegram update handled once: its ``update_id`` is committed with its effect.

Telegram delivers an update again when it is not sure we got it (a webhook call that
timed out, a poller restarted before confirming). Handling an update means writing its
effect — the customer's message, a language switch — and a ``telegram_updates`` row with
its identifier **in the same transaction**: a second delivery finds the row (or, racing
the first, fails on its primary key) and is dropped, so the customer is answered once.

The conversation service commits the customer's message in its own unit of work. To put
the update's row in that transaction, the Telegram channel gives the service a
:func:`claiming_factory`: while :func:`claiming` is active (in the current context), the
first unit of work that commits adds the row. If the service commits nothing (a refused
button), :func:`claiming` records the update on its own afterwards.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from bot.db import UnitOfWork, UowFactory
from bot.telegram.models import TelegramUpdate

__all__ = ["DuplicateUpdate", "claim_in", "claiming", "claiming_factory", "is_processed"]


class DuplicateUpdate(Exception):  # noqa: N818 - reads as what happened
    """This update was already handled; its effect is in the database."""

    def __init__(self, update_id: int) -> None:
        super().__init__(f"update {update_id} was already handled")
        self.update_id = update_id


@dataclass
class _Claim:
    update_id: int
    now: datetime
    done: bool = False


_PENDING: ContextVar[_Claim | None] = ContextVar("telegram_update_claim", default=None)


def claim_in(session: Session, update_id: int, now: datetime) -> None:
    """Records the update in the caller's transaction.

    Raises:
        DuplicateUpdate: It was already recorded (the caller's transaction is rolled back).
    """
    session.add(TelegramUpdate(update_id=update_id, processed_at=now))
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise DuplicateUpdate(update_id) from None


def is_processed(uow_factory: UowFactory, update_id: int) -> bool:
    """Whether the update was already handled (a cheap check before any work)."""
    with uow_factory() as uow:
        found = uow.session.scalars(
            select(TelegramUpdate.update_id).where(TelegramUpdate.update_id == update_id)
        ).first()
    return found is not None


class _ClaimingUnitOfWork(UnitOfWork):
    """A unit of work that commits the pending claim with whatever else it commits."""

    def __init__(self, inner: UnitOfWork) -> None:
        self._inner = inner

    @property
    def session(self) -> Session:
        return self._inner.session

    def __enter__(self) -> _ClaimingUnitOfWork:
        self._inner.__enter__()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._inner.__exit__(exc_type, exc, tb)

    def commit(self) -> None:
        claim = _PENDING.get()
        if claim is not None and not claim.done:
            claim_in(self.session, claim.update_id, claim.now)
            try:
                self._inner.commit()
            except IntegrityError:
                raise DuplicateUpdate(claim.update_id) from None
            claim.done = True
            return
        self._inner.commit()


def claiming_factory(base: UowFactory) -> UowFactory:
    """Units of work that also commit the update being handled (see :func:`claiming`)."""

    def factory() -> UnitOfWork:
        return _ClaimingUnitOfWork(base())

    return factory


@contextmanager
def claiming(uow_factory: UowFactory, update_id: int, now: datetime) -> Iterator[None]:
    """Handles one update: the first commit inside also records ``update_id``.

    Use it around synchronous calls in one thread (the claim lives in the current
    context). When nothing was committed inside, the update is recorded on leaving,
    whether the block succeeded or raised.

    Raises:
        DuplicateUpdate: The update was already handled (nothing inside was committed).
    """
    claim = _Claim(update_id, now)
    token = _PENDING.set(claim)
    try:
        yield
    finally:
        _PENDING.reset(token)
        if not claim.done:
            with uow_factory() as uow:
                claim_in(uow.session, update_id, now)
                try:
                    uow.commit()
                except IntegrityError:
                    raise DuplicateUpdate(update_id) from None
