"""Fifty customers press the button for the last free window at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import yaml
from sqlalchemy import func, select

import bot.repairs.models  # noqa: F401 - registers the tables before the schema is created
from bot.db import UnitOfWork
from bot.repairs import (
    SERVICE_TZ,
    Booking,
    BookingRequest,
    Window,
    WindowTaken,
    book,
    free_windows,
    import_network,
    load_network,
    reschedule,
)
from bot.repairs.models import BookingRecord, WindowClaim

THREADS = 50
# Wednesday 25 November 2026, 06:00 in China: every window of the day is bookable.
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=SERVICE_TZ)
NETWORK = {
    "window_hours": 2,
    "booking_horizon_days": 7,
    "min_lead_hours": 2,
    "regions": [
        {
            "code": "shanghai",
            "name": {"zh": "上海", "en": "Shanghai"},
            "categories": ["washing_machine"],
        }
    ],
    "technicians": [
        {
            "id": "T-ONLY",
            "name": {"zh": "王师傅", "en": "Master Wang"},
            "region": "shanghai",
            "categories": ["washing_machine"],
            "days": "daily",
            "hours": "08:00-18:00",
        }
    ],
}


def _request(customer: int) -> BookingRequest:
    return BookingRequest(
        conversation_id=f"conv-{customer}",
        language="en",
        category="washing_machine",
        model=None,
        serial_number=None,
        symptom="does not spin",
        error_code=None,
        region="shanghai",
        address=f"{customer} Century Avenue",
        customer_name=f"Customer {customer}",
        phone=f"+86138{customer:08d}",
        warranty_status="unknown",
        quoted_fee=None,
    )


def _race(
    calls: list[Callable[[], Booking]],
) -> tuple[list[Booking], list[WindowTaken], list[BaseException]]:
    """Runs every call at the same instant, one thread each; returns what happened."""
    barrier = threading.Barrier(len(calls))
    lock = threading.Lock()
    booked: list[Booking] = []
    taken: list[WindowTaken] = []
    failures: list[BaseException] = []

    def customer(call: Callable[[], Booking]) -> None:
        barrier.wait()
        try:
            result = call()
        except WindowTaken as exc:
            with lock:
                taken.append(exc)
        except BaseException as exc:
            with lock:
                failures.append(exc)
        else:
            with lock:
                booked.append(result)

    threads = [threading.Thread(target=customer, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return booked, taken, failures


def _import(tmp_path: Path, uow_factory: Callable[[], UnitOfWork]) -> None:
    path = tmp_path / "network.yml"
    path.write_text(yaml.safe_dump(NETWORK, allow_unicode=True), encoding="utf-8")
    import_network(uow_factory, load_network(path), now=NOW)


def test_only_one_of_fifty_simultaneous_bookings_gets_the_last_window(
    tmp_path: Path, uow_factory: Callable[[], UnitOfWork]
) -> None:
    _import(tmp_path, uow_factory)
    day = [Window.from_key(f"2026-11-25T{hour:02d}:00+08:00") for hour in (8, 10, 12, 14, 16)]
    for number, window in enumerate(day[:-1]):
        book(uow_factory, _request(1000 + number), window, now=NOW)
    last = day[-1]
    today = free_windows(uow_factory, region="shanghai", category="washing_machine", now=NOW)
    assert today[0] == last
    assert today[1].start - last.start == timedelta(hours=16)

    booked, taken, failures = _race(
        [partial(book, uow_factory, _request(n), last, now=NOW) for n in range(THREADS)]
    )

    assert failures == []
    assert len(booked) == 1
    assert len(taken) == THREADS - 1
    assert booked[0].window == last
    assert booked[0].technician_id == "T-ONLY"
    for exc in taken:
        assert exc.alternatives
        assert last not in exc.alternatives
        assert all(w.start > last.start for w in exc.alternatives)
    with uow_factory() as uow:
        claims = uow.session.scalar(
            select(func.count())
            .select_from(WindowClaim)
            .where(WindowClaim.window_start == last.start)
        )
        bookings = uow.session.scalar(
            select(func.count())
            .select_from(BookingRecord)
            .where(BookingRecord.window_start == last.start)
        )
        total = uow.session.scalar(select(func.count()).select_from(BookingRecord))
    assert (claims, bookings, total) == (1, 1, len(day))


def test_only_one_of_twenty_simultaneous_reschedules_gets_the_last_window(
    tmp_path: Path, uow_factory: Callable[[], UnitOfWork]
) -> None:
    _import(tmp_path, uow_factory)
    for number, hour in enumerate((8, 10, 12, 14)):
        book(uow_factory, _request(2000 + number), _window(25, hour), now=NOW)
    movers = [
        book(uow_factory, _request(number), _window(day, hour), now=NOW)
        for number, (day, hour) in enumerate(
            (day, hour) for day in (26, 27, 28, 29) for hour in (8, 10, 12, 14, 16)
        )
    ]
    last = _window(25, 16)
    moved, taken, failures = _race(
        [partial(reschedule, uow_factory, b.reference, b.phone, last, now=NOW) for b in movers]
    )

    assert failures == []
    assert (len(moved), len(taken)) == (1, len(movers) - 1)
    assert moved[0].window == last
    assert moved[0].reschedule_count == 1
    assert all(exc.alternatives and last not in exc.alternatives for exc in taken)
    with uow_factory() as uow:
        at_last = uow.session.scalar(
            select(func.count())
            .select_from(WindowClaim)
            .where(WindowClaim.window_start == last.start)
        )
        claims = uow.session.scalar(select(func.count()).select_from(WindowClaim))
    assert (at_last, claims) == (1, 4 + len(movers))


def _window(day: int, hour: int) -> Window:
    return Window.from_key(f"2026-11-{day:02d}T{hour:02d}:00+08:00")
