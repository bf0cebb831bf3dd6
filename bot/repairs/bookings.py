"""Booking, rescheduling and cancelling technician visits.

No window is ever double-booked: an active booking holds a :class:`WindowClaim`, unique
per technician and window start, written in the same transaction as the booking. A
claim that fails the constraint means the window was just taken; the transaction is
rolled back and the next qualified technician is tried (:func:`_write`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from bot.db import UnitOfWork, UowFactory, write_transaction
from bot.references import new_repair_reference
from bot.repairs.assignment import candidates, window_taken
from bot.repairs.availability import bookable, network_settings
from bot.repairs.errors import InvalidRequest
from bot.repairs.lookup import customers_booking, stored_view
from bot.repairs.models import BookingRecord, RegionRecord, WindowClaim
from bot.repairs.request import REQUEST_COLUMNS, BookingRequest, validated_record
from bot.repairs.view import Booking, booking_view
from bot.repairs.windows import Window

__all__ = ["book", "cancel", "reschedule"]

_REFERENCE_ATTEMPTS: Final = 10
_DEADLOCK_RETRIES: Final = 5
_RETRIED_SQLSTATES: Final = frozenset({"40P01", "40001"})  # deadlock, serialisation failure


class _RetryError(Exception):
    """The attempt failed in a way that another attempt, in a new transaction, may not."""


class _TechnicianBusyError(_RetryError):
    """The technician's claim on the window violated the unique constraint."""

    def __init__(self, technician_id: str) -> None:
        super().__init__()
        self.technician_id = technician_id


class _DeadlockError(_RetryError):
    """The database aborted the transaction: deadlock or serialisation failure.

    Two customers swapping windows at the same instant can deadlock on PostgreSQL; the
    database aborts one of them, which simply tries again.
    """

    def __init__(self, cause: OperationalError) -> None:
        super().__init__()
        self.cause = cause


class _ReferenceTakenError(_RetryError):
    """The drawn reference is already in use."""

    def __init__(self, cause: IntegrityError) -> None:
        super().__init__()
        self.cause = cause


@dataclass(frozen=True)
class _Unavailable:
    """Nobody can take the window; what the alternatives are searched with."""

    region: str
    category: str
    exclude_booking: str | None = None


_Attempt = Callable[[UnitOfWork, set[str]], "Booking | _Unavailable"]


def _claim(session: Session, technician_id: str) -> None:
    """Flushes a window claim, turning a taken window or a deadlock into a retry."""
    try:
        session.flush()
    except IntegrityError:
        raise _TechnicianBusyError(technician_id) from None
    except OperationalError as exc:
        if getattr(exc.orig, "sqlstate", None) not in _RETRIED_SQLSTATES:
            raise
        raise _DeadlockError(exc) from None


def _write(uow_factory: UowFactory, window: Window, now: datetime, attempt: _Attempt) -> Booking:
    """Runs ``attempt`` in write transactions until it books or nobody is left.

    Each attempt gets a new transaction and the technicians already tried. A taken
    technician is skipped next time; a deadlock is retried up to five times and a
    reference collision up to ten; beyond that the database's error is raised.

    Raises:
        WindowTaken: The attempt found nobody for the window; alternatives attached.
    """
    tried: set[str] = set()
    deadlocks = collisions = 0
    while True:
        with write_transaction(uow_factory) as uow:
            try:
                outcome = attempt(uow, tried)
            except _TechnicianBusyError as busy:
                tried.add(busy.technician_id)
                continue
            except _DeadlockError as deadlock:
                if deadlocks >= _DEADLOCK_RETRIES:
                    raise deadlock.cause from None
                deadlocks += 1
                continue
            except _ReferenceTakenError as taken:
                collisions += 1
                if collisions >= _REFERENCE_ATTEMPTS:
                    raise taken.cause from None
                continue
        if isinstance(outcome, Booking):
            return outcome
        raise window_taken(
            uow_factory,
            outcome.region,
            outcome.category,
            window,
            now,
            exclude_booking=outcome.exclude_booking,
        )


def book(
    uow_factory: UowFactory, request: BookingRequest, window: Window, *, now: datetime
) -> Booking:
    """Books a visit in a window, with the first qualified technician still free in it.

    The booking and its window claim are written in one transaction. When the claim
    violates the unique constraint (someone else just took that technician's window),
    the transaction is rolled back and the next technician is tried.

    Args:
        uow_factory: Opens units of work.
        request: What the customer asked for.
        window: The chosen window; only its start counts, the end follows from the
            network's window length.
        now: The current time (aware).

    Returns:
        The booking.

    Raises:
        InvalidPhone: The phone number is not valid.
        InvalidRequest: Another field is invalid, or the region is unknown or does
            not service the category.
        WindowTaken: No qualified technician is free in the window (or the window is
            not bookable: too soon, beyond the horizon, outside working hours); up to
            five other free windows are attached.
    """
    template = validated_record(request)
    unavailable = _Unavailable(request.region, request.category)

    def attempt(uow: UnitOfWork, tried: set[str]) -> Booking | _Unavailable:
        session = uow.session
        region = session.get(RegionRecord, request.region)
        if region is None or not region.active or request.category not in region.categories:
            raise InvalidRequest(f"region {request.region!r} does not service {request.category!r}")
        settings = network_settings(session)
        if settings is None:
            return unavailable
        exact = Window(window.start, window.start + timedelta(hours=settings.window_hours))
        if not bookable(settings, exact, now):
            return unavailable
        free = candidates(
            session, request.region, request.category, exact, settings.window_hours, tried
        )
        if not free:
            return unavailable
        technician = free[0]
        technician_id = technician.id  # readable after a failed flush expires objects
        record = BookingRecord(
            **{c: getattr(template, c) for c in REQUEST_COLUMNS},
            reference=new_repair_reference(),
            status="booked",
            window_start=exact.start,
            window_end=exact.end,
            technician_id=technician_id,
            reschedule_count=0,
            parts_used=[],
            created_at=now,
            updated_at=now,
        )
        session.add(record)
        try:
            session.flush()
        except IntegrityError as exc:
            raise _ReferenceTakenError(exc) from None
        session.add(
            WindowClaim(booking_id=record.id, technician_id=technician_id, window_start=exact.start)
        )
        _claim(session, technician_id)
        booking = booking_view(record, technician)
        uow.commit()
        return booking

    return _write(uow_factory, window, now, attempt)


def reschedule(
    uow_factory: UowFactory, reference: str, phone: str, window: Window, *, now: datetime
) -> Booking:
    """Moves a booking to another window, atomically (the claim moves with it).

    The booking's technician is tried first, then the other qualified ones. Moving to
    the window it already has changes nothing.

    Raises:
        BookingNotFound: No such booking for that phone.
        BookingClosed: The booking is cancelled or completed.
        WindowTaken: Nobody qualified is free in the new window; alternatives attached.
    """

    def attempt(uow: UnitOfWork, tried: set[str]) -> Booking | _Unavailable:
        session = uow.session
        record = customers_booking(session, reference, phone)
        unavailable = _Unavailable(record.region_code, record.category, record.reference)
        settings = network_settings(session)
        if settings is None:
            return unavailable
        exact = Window(window.start, window.start + timedelta(hours=settings.window_hours))
        if exact.start == record.window_start:
            return stored_view(session, record)
        if not bookable(settings, exact, now):
            return unavailable
        free = candidates(
            session,
            record.region_code,
            record.category,
            exact,
            settings.window_hours,
            tried,
            prefer=record.technician_id,
        )
        if not free:
            return unavailable
        technician = free[0]
        technician_id = technician.id  # readable after a failed flush expires objects
        claim = session.get(WindowClaim, record.id)
        if claim is None:  # pragma: no cover - every booked booking has a claim
            claim = WindowClaim(booking_id=record.id)
            session.add(claim)
        claim.technician_id = technician_id
        claim.window_start = exact.start
        _claim(session, technician_id)
        record.window_start = exact.start
        record.window_end = exact.end
        record.technician_id = technician_id
        record.reschedule_count += 1
        record.updated_at = now
        session.flush()
        booking = booking_view(record, technician)
        uow.commit()
        return booking

    return _write(uow_factory, window, now, attempt)


def cancel(uow_factory: UowFactory, reference: str, phone: str, *, now: datetime) -> Booking:
    """Cancels a booking and frees its window.

    Raises:
        BookingNotFound: No such booking for that phone.
        BookingClosed: The booking is already cancelled or completed.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        record = customers_booking(session, reference, phone)
        claim = session.get(WindowClaim, record.id)
        if claim is not None:
            session.delete(claim)
        record.status = "cancelled"
        record.cancelled_at = now
        record.updated_at = now
        session.flush()
        booking = stored_view(session, record)
        uow.commit()
        return booking
