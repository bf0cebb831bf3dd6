"""Fifty customers press the button for the last free window at the same moment."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial
from pathlib import Path

import bot.repairs.models  # noqa: F401 - registers the tables before the schema is created
from bot.db import UowFactory
from bot.repairs import (
    SERVICE_TZ,
    Booking,
    BookingRequest,
    WindowTaken,
    book,
    free_windows,
    reschedule,
)
from bot.repairs.models import BookingRecord, WindowClaim
from tests.integration.helpers import (
    count_rows,
    import_network_data,
    network_data,
    region,
    technician,
    window_at,
)

THREADS = 50
# Wednesday 25 November 2026, 06:00 in China: every window of the day is bookable.
NOW = datetime(2026, 11, 25, 6, 0, tzinfo=SERVICE_TZ)
NETWORK = network_data(
    [region("shanghai", "上海", "Shanghai", ["washing_machine"])],
    [technician("T-ONLY", "shanghai", ["washing_machine"], "daily", "08:00-18:00")],
)


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


def test_only_one_of_fifty_simultaneous_bookings_gets_the_lastwindow_at(
    tmp_path: Path, uow_factory: UowFactory
) -> None:
    import_network_data(tmp_path, uow_factory, NETWORK, NOW)
    day = [window_at(25, hour) for hour in (8, 10, 12, 14, 16)]
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
    claims = count_rows(uow_factory, WindowClaim, WindowClaim.window_start == last.start)
    bookings = count_rows(uow_factory, BookingRecord, BookingRecord.window_start == last.start)
    total = count_rows(uow_factory, BookingRecord)
    assert (claims, bookings, total) == (1, 1, len(day))


def test_only_one_of_twenty_simultaneous_reschedules_gets_the_lastwindow_at(
    tmp_path: Path, uow_factory: UowFactory
) -> None:
    import_network_data(tmp_path, uow_factory, NETWORK, NOW)
    for number, hour in enumerate((8, 10, 12, 14)):
        book(uow_factory, _request(2000 + number), window_at(25, hour), now=NOW)
    movers = [
        book(uow_factory, _request(number), window_at(day, hour), now=NOW)
        for number, (day, hour) in enumerate(
            (day, hour) for day in (26, 27, 28, 29) for hour in (8, 10, 12, 14, 16)
        )
    ]
    last = window_at(25, 16)
    moved, taken, failures = _race(
        [partial(reschedule, uow_factory, b.reference, b.phone, last, now=NOW) for b in movers]
    )

    assert failures == []
    assert (len(moved), len(taken)) == (1, len(movers) - 1)
    assert moved[0].window == last
    assert moved[0].reschedule_count == 1
    assert all(exc.alternatives and last not in exc.alternatives for exc in taken)
    at_last = count_rows(uow_factory, WindowClaim, WindowClaim.window_start == last.start)
    claims = count_rows(uow_factory, WindowClaim)
    assert (at_last, claims) == (1, 4 + len(movers))
