"""Booking, finding, rescheduling and cancelling technician visits.

No window is ever double-booked: an active booking holds a :class:`WindowClaim`, unique
per technician and window start, written in the same transaction as the booking. A
claim that fails the constraint means the window was just taken; the transaction is
rolled back and the next qualified technician is tried.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Final, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from bot.parsing import normalise_phone
from bot.repairs.availability import (
    bookable,
    free_windows,
    free_windows_in,
    network_settings,
    qualified_technicians,
    shift_of,
)
from bot.repairs.errors import (
    BookingClosed,
    BookingNotFound,
    InvalidPhone,
    InvalidRequest,
    WindowTaken,
)
from bot.repairs.models import BookingRecord, RegionRecord, TechnicianRecord, WindowClaim
from bot.repairs.network import CATEGORIES
from bot.repairs.reference import new_reference, normalise_reference
from bot.repairs.transactions import UowFactory, write_transaction
from bot.repairs.windows import SERVICE_TZ, Window

__all__ = [
    "Booking",
    "BookingRequest",
    "BookingStatus",
    "WarrantyStatus",
    "book",
    "booking_view",
    "cancel",
    "find_booking",
    "get_booking",
    "list_bookings",
    "load_booking",
    "reschedule",
]

BookingStatus = Literal["booked", "cancelled", "completed"]
WarrantyStatus = Literal["free", "paid", "unknown"]
_WARRANTY_STATUSES: Final = ("free", "paid", "unknown")
_ALTERNATIVES: Final = 5
_REFERENCE_ATTEMPTS: Final = 10
_RETRIED_SQLSTATES: Final = frozenset({"40P01", "40001"})  # deadlock, serialisation failure

_REQUEST_COLUMNS: Final = (
    "conversation_id",
    "language",
    "category",
    "model",
    "serial_number",
    "symptom",
    "error_code",
    "region_code",
    "address",
    "customer_name",
    "phone",
    "warranty_status",
    "quoted_fee",
)


@dataclass(frozen=True)
class BookingRequest:
    """What the customer asked for; validated by :func:`book`.

    Attributes:
        conversation_id: The conversation the booking was made in, if any.
        language: ``zh`` or ``en``.
        category: Product category.
        model: Catalogue model, if known.
        serial_number: Serial number, if known.
        symptom: The fault in the customer's words.
        error_code: Error code shown by the appliance, if any.
        region: Region code.
        address: Where the technician goes.
        customer_name: Whom the technician asks for.
        phone: The customer's phone; any form :func:`bot.parsing.normalise_phone`
            reads, stored in E.164.
        warranty_status: ``free`` (under warranty), ``paid`` or ``unknown``.
        quoted_fee: Fee quoted in CNY, if any.
    """

    conversation_id: str | None
    language: str
    category: str
    model: str | None
    serial_number: str | None
    symptom: str
    error_code: str | None
    region: str
    address: str
    customer_name: str
    phone: str
    warranty_status: WarrantyStatus
    quoted_fee: int | None


@dataclass(frozen=True)
class Booking:
    """A booked visit as the rest of the application sees it (not an ORM object).

    Attributes:
        reference: ``RV-`` and 8 characters.
        status: ``booked``, ``cancelled`` or ``completed``.
        window: The visit window, in service time.
        technician_id: The technician who visits.
        technician_name_zh: Their Chinese name.
        technician_name_en: Their English name.
        reschedule_count: How often the visit was moved.
        fixed_first_visit: Outcome; ``None`` until recorded.
        parts_used: Outcome: spare parts used.
    """

    reference: str
    status: BookingStatus
    conversation_id: str | None
    language: str
    category: str
    model: str | None
    serial_number: str | None
    symptom: str
    error_code: str | None
    region: str
    address: str
    customer_name: str
    phone: str
    warranty_status: WarrantyStatus
    quoted_fee: int | None
    window: Window
    technician_id: str
    technician_name_zh: str
    technician_name_en: str
    created_at: datetime
    updated_at: datetime
    reschedule_count: int
    fixed_first_visit: bool | None
    parts_used: tuple[str, ...]


def booking_view(record: BookingRecord, technician: TechnicianRecord) -> Booking:
    """The view of a stored booking."""
    status: BookingStatus
    if record.status == "cancelled":
        status = "cancelled"
    elif record.status == "completed":
        status = "completed"
    else:
        status = "booked"
    warranty: WarrantyStatus
    if record.warranty_status == "free":
        warranty = "free"
    elif record.warranty_status == "paid":
        warranty = "paid"
    else:
        warranty = "unknown"
    return Booking(
        reference=record.reference,
        status=status,
        conversation_id=record.conversation_id,
        language=record.language,
        category=record.category,
        model=record.model,
        serial_number=record.serial_number,
        symptom=record.symptom,
        error_code=record.error_code,
        region=record.region_code,
        address=record.address,
        customer_name=record.customer_name,
        phone=record.phone,
        warranty_status=warranty,
        quoted_fee=record.quoted_fee,
        window=Window(record.window_start, record.window_end),
        technician_id=technician.id,
        technician_name_zh=technician.name_zh,
        technician_name_en=technician.name_en,
        created_at=record.created_at,
        updated_at=record.updated_at,
        reschedule_count=record.reschedule_count,
        fixed_first_visit=record.fixed_first_visit,
        parts_used=tuple(record.parts_used),
    )


def _view(session: Session, record: BookingRecord) -> Booking:
    return booking_view(record, session.get_one(TechnicianRecord, record.technician_id))


def _optional(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _validated(request: BookingRequest) -> BookingRecord:
    phone = normalise_phone(request.phone)
    if phone is None:
        raise InvalidPhone(f"{request.phone!r} is not a valid phone number")
    problems = []
    if request.language not in ("zh", "en"):
        problems.append(f"language {request.language!r} is not zh or en")
    if request.category not in CATEGORIES:
        problems.append(f"unknown category {request.category!r}")
    if request.warranty_status not in _WARRANTY_STATUSES:
        problems.append(f"warranty status {request.warranty_status!r} is not free/paid/unknown")
    for field in ("symptom", "address", "customer_name"):
        if not getattr(request, field).strip():
            problems.append(f"{field} is empty")
    if request.quoted_fee is not None and request.quoted_fee < 0:
        problems.append("quoted fee is negative")
    if problems:
        raise InvalidRequest("; ".join(problems))
    return BookingRecord(
        conversation_id=request.conversation_id,
        language=request.language,
        category=request.category,
        model=_optional(request.model),
        serial_number=_optional(request.serial_number),
        symptom=request.symptom.strip(),
        error_code=_optional(request.error_code),
        region_code=request.region,
        address=request.address.strip(),
        customer_name=request.customer_name.strip(),
        phone=phone,
        warranty_status=request.warranty_status,
        quoted_fee=request.quoted_fee,
    )


def _count_deadlock(exc: OperationalError, deadlocks: int) -> int:
    """Counts a deadlock or serialisation failure (retried); re-raises anything else.

    Two customers swapping windows at the same instant can deadlock on PostgreSQL; the
    database aborts one of them, which simply tries again.
    """
    if getattr(exc.orig, "sqlstate", None) not in _RETRIED_SQLSTATES or deadlocks >= 5:
        raise exc
    return deadlocks + 1


def _candidates(
    session: Session,
    region: str,
    category: str,
    window: Window,
    window_hours: int,
    tried: set[str],
    prefer: str | None = None,
) -> list[TechnicianRecord]:
    """Qualified technicians working the window who seem free, ``prefer`` first.

    Reading the claims only spares useless attempts; the unique constraint on the
    claim is what guarantees that nobody is booked twice.
    """
    working = [
        t
        for t in qualified_technicians(session, region, category, lock=True)
        if t.id not in tried and shift_of(t).works(window, window_hours)
    ]
    if not working:
        return []
    claimed = set(
        session.scalars(
            select(WindowClaim.technician_id).where(
                WindowClaim.window_start == window.start,
                WindowClaim.technician_id.in_([t.id for t in working]),
            )
        )
    )
    free = [t for t in working if t.id not in claimed]
    return sorted(free, key=lambda t: t.id != prefer)


def _taken(
    uow_factory: UowFactory,
    region: str,
    category: str,
    window: Window,
    now: datetime,
    exclude_booking: str | None = None,
) -> WindowTaken:
    with uow_factory() as uow:
        later = free_windows_in(
            uow.session,
            region=region,
            category=category,
            now=now,
            limit=_ALTERNATIVES,
            exclude_booking=exclude_booking,
            after=window.start,
        )
    if not later:
        later = free_windows(
            uow_factory,
            region=region,
            category=category,
            now=now,
            limit=_ALTERNATIVES,
            exclude_booking=exclude_booking,
        )
    return WindowTaken([w for w in later if w.start != window.start])


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
    template = _validated(request)
    tried: set[str] = set()
    reference_attempts = deadlocks = 0
    while True:
        with write_transaction(uow_factory) as uow:
            session = uow.session
            region = session.get(RegionRecord, request.region)
            if region is None or not region.active or request.category not in region.categories:
                raise InvalidRequest(
                    f"region {request.region!r} does not service {request.category!r}"
                )
            settings = network_settings(session)
            if settings is None:
                break
            exact = Window(window.start, window.start + timedelta(hours=settings.window_hours))
            if not bookable(settings, exact, now):
                break
            candidates = _candidates(
                session, request.region, request.category, exact, settings.window_hours, tried
            )
            if not candidates:
                break
            technician = candidates[0]
            technician_id = technician.id  # readable after a failed flush expires objects
            record = BookingRecord(
                **{c: getattr(template, c) for c in _REQUEST_COLUMNS},
                reference=new_reference(),
                status="booked",
                window_start=exact.start,
                window_end=exact.end,
                technician_id=technician.id,
                reschedule_count=0,
                parts_used=[],
                created_at=now,
                updated_at=now,
            )
            session.add(record)
            try:
                session.flush()
            except IntegrityError:
                reference_attempts += 1
                if reference_attempts >= _REFERENCE_ATTEMPTS:
                    raise
                continue
            session.add(
                WindowClaim(
                    booking_id=record.id, technician_id=technician.id, window_start=exact.start
                )
            )
            try:
                session.flush()
            except IntegrityError:
                tried.add(technician_id)
                continue
            except OperationalError as exc:
                deadlocks = _count_deadlock(exc, deadlocks)
                continue
            booking = booking_view(record, technician)
            uow.commit()
            return booking
    raise _taken(uow_factory, request.region, request.category, window, now)


def load_booking(session: Session, reference: str, *, lock: bool = False) -> BookingRecord | None:
    """The stored booking with a reference typed in any form, optionally row-locked."""
    canonical = normalise_reference(reference)
    if canonical is None:
        return None
    statement = select(BookingRecord).where(BookingRecord.reference == canonical)
    if lock:
        statement = statement.with_for_update()
    return session.scalars(statement).one_or_none()


def _customers(session: Session, reference: str, phone: str) -> BookingRecord:
    """The booking, row-locked, if the phone matches; a mismatch looks like no booking."""
    normalised = normalise_phone(phone)
    record = load_booking(session, reference, lock=True)
    if record is None or normalised is None or record.phone != normalised:
        raise BookingNotFound(f"no booking {reference!r} for that phone number")
    if record.status != "booked":
        raise BookingClosed(record.reference, record.status)
    return record


def find_booking(uow_factory: UowFactory, reference: str, phone: str) -> Booking | None:
    """The customer's booking, if the reference and the phone both match.

    The reference may be typed in any case, with or without the dash or spaces. A
    wrong phone gives ``None``, exactly like an unknown reference.
    """
    normalised = normalise_phone(phone)
    with uow_factory() as uow:
        record = load_booking(uow.session, reference)
        if record is None or normalised is None or record.phone != normalised:
            return None
        return _view(uow.session, record)


def get_booking(uow_factory: UowFactory, reference: str) -> Booking | None:
    """A booking by reference alone, for agents (no phone check)."""
    with uow_factory() as uow:
        record = load_booking(uow.session, reference)
        return None if record is None else _view(uow.session, record)


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
    tried: set[str] = set()
    deadlocks = 0
    region = category = own = ""
    while True:
        with write_transaction(uow_factory) as uow:
            session = uow.session
            record = _customers(session, reference, phone)
            region, category, own = record.region_code, record.category, record.reference
            settings = network_settings(session)
            if settings is None:
                break
            exact = Window(window.start, window.start + timedelta(hours=settings.window_hours))
            if exact.start == record.window_start:
                return _view(session, record)
            if not bookable(settings, exact, now):
                break
            candidates = _candidates(
                session,
                record.region_code,
                record.category,
                exact,
                settings.window_hours,
                tried,
                prefer=record.technician_id,
            )
            if not candidates:
                break
            technician = candidates[0]
            technician_id = technician.id  # readable after a failed flush expires objects
            claim = session.get(WindowClaim, record.id)
            if claim is None:  # pragma: no cover - every booked booking has a claim
                claim = WindowClaim(booking_id=record.id)
                session.add(claim)
            claim.technician_id = technician.id
            claim.window_start = exact.start
            try:
                session.flush()
            except IntegrityError:
                tried.add(technician_id)
                continue
            except OperationalError as exc:
                deadlocks = _count_deadlock(exc, deadlocks)
                continue
            record.window_start = exact.start
            record.window_end = exact.end
            record.technician_id = technician.id
            record.reschedule_count += 1
            record.updated_at = now
            session.flush()
            booking = booking_view(record, technician)
            uow.commit()
            return booking
    raise _taken(uow_factory, region, category, window, now, exclude_booking=own)


def cancel(uow_factory: UowFactory, reference: str, phone: str, *, now: datetime) -> Booking:
    """Cancels a booking and frees its window.

    Raises:
        BookingNotFound: No such booking for that phone.
        BookingClosed: The booking is already cancelled or completed.
    """
    with write_transaction(uow_factory) as uow:
        session = uow.session
        record = _customers(session, reference, phone)
        claim = session.get(WindowClaim, record.id)
        if claim is not None:
            session.delete(claim)
        record.status = "cancelled"
        record.cancelled_at = now
        record.updated_at = now
        session.flush()
        booking = _view(session, record)
        uow.commit()
        return booking


def list_bookings(uow_factory: UowFactory, since: date) -> list[Booking]:
    """Every booking whose window is on or after ``since`` (service time), by window."""
    start = datetime.combine(since, time(0), tzinfo=SERVICE_TZ)
    with uow_factory() as uow:
        rows = uow.session.execute(
            select(BookingRecord, TechnicianRecord)
            .join(TechnicianRecord, TechnicianRecord.id == BookingRecord.technician_id)
            .where(BookingRecord.window_start >= start)
            .order_by(BookingRecord.window_start, BookingRecord.reference)
        )
        return [booking_view(record, technician) for record, technician in rows]
