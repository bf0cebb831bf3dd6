from __future__ import annotations

import argparse
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

import bot.repairs.models  # noqa: F401 - registers the tables before the schema is created
from bot.db import UowFactory
from bot.repairs import (
    SERVICE_TZ,
    BookingClosed,
    BookingNotFound,
    BookingRequest,
    InvalidPhone,
    InvalidRequest,
    NetworkImportReport,
    Preference,
    ServiceNetworkError,
    Window,
    WindowTaken,
    book,
    booking_rules,
    cancel,
    find_booking,
    find_region,
    first_visit_fix_rate,
    free_windows,
    get_booking,
    list_bookings,
    record_outcome,
    reschedule,
)
from bot.repairs.commands import add_commands, run
from bot.repairs.models import BookingRecord, RegionRecord, TechnicianRecord, WindowClaim
from tests.integration.helpers import (
    count_rows,
    import_network_data,
    network_data,
    region,
    technician,
    window_at,
    write_network,
)

# Wednesday 25 November 2026, 09:30 in China; with 2 hours' lead the first window is 11:30.
NOW = datetime(2026, 11, 25, 9, 30, tzinfo=SERVICE_TZ)
PHONE = "+8613812345678"
ALL_DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _data() -> dict[str, Any]:
    return network_data(
        [
            region(
                "shanghai",
                "上海",
                "Shanghai",
                ["washing_machine", "air_conditioner"],
                aliases=["浦东", "南京路", "pudong", "shanghai city"],
            ),
            region("nanjing", "南京", "Nanjing", ["washing_machine"], aliases=["鼓楼区"]),
        ],
        [
            # Washing machines: A 08-12, D 08-10 (so 08:00 has two technicians), B 14-20.
            technician("T-A", "shanghai", ["washing_machine"], "daily", "08:00-12:00"),
            technician(
                "T-B", "shanghai", ["washing_machine", "air_conditioner"], "daily", "14:00-20:00"
            ),
            technician("T-C", "shanghai", ["air_conditioner"], ["sat"], "08:00-10:00"),
            technician("T-D", "shanghai", ["washing_machine"], ALL_DAYS, "08:00-10:00"),
            technician("T-N", "nanjing", ["washing_machine"], "daily", "09:00-11:00"),
        ],
    )


def _import(
    tmp_path: Path, uow_factory: UowFactory, data: dict[str, Any] | None = None, now: datetime = NOW
) -> NetworkImportReport:
    return import_network_data(tmp_path, uow_factory, data or _data(), now)


@pytest.fixture
def network(tmp_path: Path, uow_factory: UowFactory) -> None:
    _import(tmp_path, uow_factory)


REQUEST = BookingRequest(
    conversation_id="conv-1",
    language="zh",
    category="washing_machine",
    model="WM-8012",
    serial_number="WM2304001234",
    symptom="不脱水",
    error_code="E21",
    region="shanghai",
    address="浦东新区世纪大道100号",
    customer_name="张先生",
    phone="138 1234 5678",
    warranty_status="free",
    quoted_fee=None,
)


def _request(**changes: Any) -> BookingRequest:
    return replace(REQUEST, **changes)


# Import -------------------------------------------------------------------------------


def test_import_is_idempotent(tmp_path: Path, uow_factory: UowFactory) -> None:
    first = _import(tmp_path, uow_factory)
    assert (len(first.regions.added), len(first.technicians.added)) == (2, 5)
    assert first.settings_changed
    again = _import(tmp_path, uow_factory)
    assert again.regions.unchanged == ["shanghai", "nanjing"]
    assert len(again.technicians.unchanged) == 5
    assert not (again.regions.added)
    assert not (again.regions.updated)
    assert not (again.technicians.updated)
    assert not again.settings_changed
    assert "regions: 0 added, 0 updated, 2 unchanged, 0 deactivated" in again.summary()
    assert booking_rules(uow_factory) is not None


def test_removed_items_are_deactivated_and_come_back(
    tmp_path: Path, uow_factory: UowFactory
) -> None:
    _import(tmp_path, uow_factory)
    data = _data()
    data["regions"] = data["regions"][:1]
    data["technicians"] = [t for t in data["technicians"] if t["id"] not in ("T-D", "T-N")]
    data["booking_horizon_days"] = 10
    report = _import(tmp_path, uow_factory, data)
    assert report.regions.deactivated == ["nanjing"]
    assert sorted(report.technicians.deactivated) == ["T-D", "T-N"]
    assert report.settings_changed
    assert "(T-D, T-N)" in report.summary() or "(T-N, T-D)" in report.summary()
    with uow_factory() as uow:
        assert uow.session.get_one(TechnicianRecord, "T-D").active is False
        assert uow.session.get_one(RegionRecord, "nanjing").active is False
    assert _free(uow_factory, "nanjing") == []
    assert find_region(uow_factory, "南京") is None
    back = _import(tmp_path, uow_factory)
    assert back.regions.updated == ["nanjing"]
    assert sorted(back.technicians.updated) == ["T-D", "T-N"]
    assert find_region(uow_factory, "南京") is not None


def test_an_import_stranding_a_booking_is_refused(tmp_path: Path, uow_factory: UowFactory) -> None:
    _import(tmp_path, uow_factory)
    first = book(uow_factory, _request(), window_at(26, 8), now=NOW)
    second = book(uow_factory, _request(), window_at(26, 8), now=NOW)
    assert (first.technician_id, second.technician_id) == ("T-A", "T-D")

    without_d = _data()
    without_d["technicians"] = [t for t in without_d["technicians"] if t["id"] != "T-D"]
    with pytest.raises(ServiceNetworkError) as caught:
        _import(tmp_path, uow_factory, without_d)
    assert any(second.reference in p and "T-D would be removed" in p for p in caught.value.problems)
    assert str(tmp_path / "network.yml") in str(caught.value)

    shorter = _data()
    shorter["technicians"][0]["hours"] = "10:00-12:00"  # T-A no longer works 08:00-10:00
    shorter["technicians"][3]["days"] = ALL_DAYS[3:]  # T-D keeps Thursday the 26th
    with pytest.raises(ServiceNetworkError) as caught:
        _import(tmp_path, uow_factory, shorter)
    assert len(caught.value.problems) == 2  # the headline and T-A's booking
    assert first.reference in caught.value.problems[1]
    assert "T-A would no longer work that window" in caught.value.problems[1]
    with uow_factory() as uow:  # nothing was changed
        assert uow.session.get_one(TechnicianRecord, "T-D").active is True
        assert uow.session.get_one(TechnicianRecord, "T-A").start_minute == 8 * 60

    # Once the visits are over, the same change is accepted.
    later = NOW + timedelta(days=2)
    assert _import(tmp_path, uow_factory, without_d, now=later).technicians.deactivated == ["T-D"]


# Regions ------------------------------------------------------------------------------


@pytest.mark.usefixtures("network")
@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("上海", "shanghai"),
        ("我在上海浦东", "shanghai"),
        ("Pudong please", "shanghai"),
        ("SHANGHAI", "shanghai"),
        ("I live in Shanghia", "shanghai"),
        ("shanghai city", "shanghai"),
        ("上海南京路", "shanghai"),
        ("南京", "nanjing"),
        ("南京鼓楼区", "nanjing"),
        ("nanjnig", "nanjing"),
        ("Paris", None),
        ("我家洗衣机坏了", None),
        ("", None),
    ],
)
def test_find_region(uow_factory: UowFactory, text: str, code: str | None) -> None:
    region = find_region(uow_factory, text)
    assert (region.code if region else None) == code
    if region is not None and code == "shanghai":
        assert (region.name_zh, region.name_en) == ("上海", "Shanghai")
        assert region.categories == ("washing_machine", "air_conditioner")


# Free windows -------------------------------------------------------------------------


def _keys(windows: list[Window]) -> list[str]:
    return [w.key[5:16] for w in windows]


def _free(
    uow_factory: UowFactory,
    region: str = "shanghai",
    category: str = "washing_machine",
    **options: Any,
) -> list[Window]:
    """The free windows as of ``NOW``: washing machines in Shanghai unless told otherwise."""
    return free_windows(uow_factory, region=region, category=category, now=NOW, **options)


@pytest.mark.usefixtures("network")
def test_free_windows_soonest_first_after_the_lead_time(uow_factory: UowFactory) -> None:
    windows = _free(uow_factory)
    assert _keys(windows) == [
        "11-25T14:00",
        "11-25T16:00",
        "11-25T18:00",
        "11-26T08:00",
        "11-26T10:00",
    ]
    assert all(w.start.utcoffset() == timedelta(hours=8) for w in windows)
    assert windows[0].end - windows[0].start == timedelta(hours=2)


@pytest.mark.usefixtures("network")
def test_free_windows_stay_within_the_horizon(uow_factory: UowFactory) -> None:
    windows = _free(uow_factory, limit=1000)
    assert len(windows) == 3 + 7 * 5
    assert windows[-1].start.date() == date(2026, 12, 2)
    assert windows == sorted(windows)


@pytest.mark.usefixtures("network")
def test_free_windows_follow_the_technicians_categories_days_and_hours(
    uow_factory: UowFactory,
) -> None:
    windows = _free(uow_factory, category="air_conditioner", limit=1000)
    mornings = [w for w in windows if w.part == "morning"]
    assert _keys(mornings) == ["11-28T08:00"]  # T-C works Saturdays only
    assert {w.start.hour for w in windows if w.part != "morning"} == {14, 16, 18}
    nanjing = _free(uow_factory, "nanjing")
    assert _keys(nanjing) == [f"11-{day}T09:00" for day in range(26, 31)]  # T-N, every day
    assert _free(uow_factory, "nanjing", "air_conditioner") == []
    assert _free(uow_factory, "atlantis") == []


@pytest.mark.usefixtures("network")
def test_free_windows_with_a_preference(uow_factory: UowFactory) -> None:
    def find(preference: Preference) -> list[str]:
        return _keys(_free(uow_factory, preference=preference))

    assert find(Preference(date(2026, 11, 28), "morning")) == ["11-28T08:00", "11-28T10:00"]
    assert find(Preference(None, "evening"))[:2] == ["11-25T18:00", "11-26T18:00"]
    assert find(Preference(date(2026, 11, 27), None)) == [
        "11-27T08:00",
        "11-27T10:00",
        "11-27T14:00",
        "11-27T16:00",
        "11-27T18:00",
    ]
    assert find(Preference(date(2026, 11, 25), "morning")) == []  # within the lead time
    assert find(Preference(date(2026, 12, 10), None)) == []  # beyond the horizon
    assert find(Preference(date(2026, 11, 20), None)) == []  # past


@pytest.mark.usefixtures("network")
def test_booked_windows_disappear_and_cancelling_frees_them(uow_factory: UowFactory) -> None:
    booking = book(uow_factory, _request(), window_at(25, 14), now=NOW)
    assert booking.technician_id == "T-B"
    washing = _free(uow_factory)
    assert "11-25T14:00" not in _keys(washing)
    # T-B also repairs air conditioners: that window is gone for them too.
    cooling = _free(uow_factory, category="air_conditioner")
    assert "11-25T14:00" not in _keys(cooling)
    cancel(uow_factory, booking.reference, PHONE, now=NOW)
    washing = _free(uow_factory)
    assert _keys(washing)[0] == "11-25T14:00"


@pytest.mark.usefixtures("network")
def test_a_window_stays_free_while_one_of_its_technicians_is(uow_factory: UowFactory) -> None:
    book(uow_factory, _request(), window_at(26, 8), now=NOW)
    assert "11-26T08:00" in _keys(_free(uow_factory))
    book(uow_factory, _request(), window_at(26, 8), now=NOW)
    assert "11-26T08:00" not in _keys(_free(uow_factory))
    with pytest.raises(WindowTaken):
        book(uow_factory, _request(), window_at(26, 8), now=NOW)


# Booking ------------------------------------------------------------------------------


@pytest.mark.usefixtures("network")
def test_book_and_find_with_the_right_phone_only(uow_factory: UowFactory) -> None:
    booking = book(
        uow_factory,
        _request(quoted_fee=80, warranty_status="paid"),
        window_at(26, 10),
        now=NOW,
    )
    assert booking.reference.startswith("RV-")
    assert len(booking.reference) == 11
    assert booking.status == "booked"
    assert booking.window == window_at(26, 10)
    assert booking.window.start.utcoffset() == timedelta(hours=8)
    assert (booking.technician_id, booking.technician_name_zh, booking.technician_name_en) == (
        "T-A",
        "T-A师傅",
        "Technician T-A",
    )
    assert booking.phone == PHONE
    assert (booking.category, booking.model, booking.serial_number, booking.error_code) == (
        "washing_machine",
        "WM-8012",
        "WM2304001234",
        "E21",
    )
    assert (booking.warranty_status, booking.quoted_fee, booking.conversation_id) == (
        "paid",
        80,
        "conv-1",
    )
    assert (booking.reschedule_count, booking.fixed_first_visit, booking.parts_used) == (
        0,
        None,
        (),
    )
    assert booking.created_at == booking.updated_at == NOW

    typed = booking.reference.lower().replace("-", " ")
    assert find_booking(uow_factory, typed, "+86 138-1234-5678") == booking
    assert find_booking(uow_factory, booking.reference, "13900000000") is None
    assert find_booking(uow_factory, booking.reference, "not a phone") is None
    assert find_booking(uow_factory, "RV-22222222", PHONE) is None
    assert get_booking(uow_factory, booking.reference) == booking
    assert get_booking(uow_factory, "RV-22222222") is None


@pytest.mark.usefixtures("network")
def test_invalid_requests_are_refused(uow_factory: UowFactory) -> None:
    with pytest.raises(InvalidPhone):
        book(uow_factory, _request(phone="12345"), window_at(26, 10), now=NOW)
    with pytest.raises(InvalidRequest, match="does not service"):
        book(uow_factory, _request(region="atlantis"), window_at(26, 10), now=NOW)
    with pytest.raises(InvalidRequest, match="does not service"):
        book(
            uow_factory,
            _request(region="nanjing", category="air_conditioner"),
            window_at(26, 9),
            now=NOW,
        )
    with pytest.raises(InvalidRequest, match="address is empty"):
        book(uow_factory, _request(address="  "), window_at(26, 10), now=NOW)
    assert count_rows(uow_factory, BookingRecord) == 0


@pytest.mark.usefixtures("network")
def test_unbookable_windows_are_taken_with_alternatives(uow_factory: UowFactory) -> None:
    for window in (
        window_at(25, 10),
        window_at(25, 9),
        Window.from_key("2026-12-09T08:00+08:00"),
    ):
        with pytest.raises(WindowTaken) as caught:  # too soon, nobody's window, too far
            book(uow_factory, _request(), window, now=NOW)
        assert caught.value.alternatives
    assert count_rows(uow_factory, BookingRecord) == 0


@pytest.mark.usefixtures("network")
def test_a_taken_window_leaves_no_booking_behind(uow_factory: UowFactory) -> None:
    book(uow_factory, _request(), window_at(25, 14), now=NOW)
    with pytest.raises(WindowTaken) as caught:
        book(uow_factory, _request(customer_name="李女士"), window_at(25, 14), now=NOW)
    assert _keys(caught.value.alternatives) == [
        "11-25T16:00",
        "11-25T18:00",
        "11-26T08:00",
        "11-26T10:00",
        "11-26T14:00",
    ]
    assert count_rows(uow_factory, BookingRecord) == 1
    assert count_rows(uow_factory, WindowClaim) == 1


@pytest.mark.usefixtures("network")
def test_reschedule_moves_the_claim(uow_factory: UowFactory) -> None:
    booking = book(uow_factory, _request(), window_at(26, 10), now=NOW)
    later = NOW + timedelta(hours=1)
    moved = reschedule(uow_factory, booking.reference, "13812345678", window_at(27, 16), now=later)
    assert (moved.window, moved.technician_id, moved.reschedule_count) == (
        window_at(27, 16),
        "T-B",
        1,
    )
    assert moved.updated_at == later
    assert moved.created_at == NOW
    free = _keys(_free(uow_factory, limit=100))
    assert "11-26T10:00" in free
    assert "11-27T16:00" not in free
    assert count_rows(uow_factory, WindowClaim) == 1
    # The same window again changes nothing.
    same = reschedule(uow_factory, booking.reference, PHONE, window_at(27, 16), now=later)
    assert same.reschedule_count == 1

    # Rescheduling offers every window but the booking's own.
    offered = _free(uow_factory, limit=100, exclude_booking=booking.reference)
    assert "11-27T16:00" not in _keys(offered)


@pytest.mark.usefixtures("network")
def test_reschedule_to_a_taken_window_changes_nothing(uow_factory: UowFactory) -> None:
    other = book(uow_factory, _request(), window_at(27, 14), now=NOW)
    booking = book(uow_factory, _request(), window_at(26, 10), now=NOW)
    with pytest.raises(WindowTaken) as caught:
        reschedule(uow_factory, booking.reference, PHONE, window_at(27, 14), now=NOW)
    assert caught.value.alternatives
    assert window_at(27, 14) not in caught.value.alternatives
    assert window_at(26, 10) not in caught.value.alternatives  # its own window
    unchanged = get_booking(uow_factory, booking.reference)
    assert unchanged is not None
    assert (unchanged.window, unchanged.reschedule_count) == (window_at(26, 10), 0)
    assert get_booking(uow_factory, other.reference) == other


@pytest.mark.usefixtures("network")
def test_wrong_phone_and_closed_bookings(uow_factory: UowFactory) -> None:
    booking = book(uow_factory, _request(), window_at(26, 10), now=NOW)
    with pytest.raises(BookingNotFound):
        reschedule(uow_factory, booking.reference, "13900000000", window_at(27, 14), now=NOW)
    with pytest.raises(BookingNotFound):
        cancel(uow_factory, booking.reference, "13900000000", now=NOW)
    with pytest.raises(BookingNotFound):
        cancel(uow_factory, "RV-22222222", PHONE, now=NOW)
    cancelled = cancel(uow_factory, booking.reference, PHONE, now=NOW)
    assert cancelled.status == "cancelled"
    assert count_rows(uow_factory, WindowClaim) == 0
    with pytest.raises(BookingClosed):
        cancel(uow_factory, booking.reference, PHONE, now=NOW)
    with pytest.raises(BookingClosed):
        reschedule(uow_factory, booking.reference, PHONE, window_at(27, 14), now=NOW)
    with pytest.raises(BookingClosed):
        record_outcome(
            uow_factory, booking.reference, fixed_first_visit=True, parts_used=[], now=NOW
        )
    with pytest.raises(BookingNotFound):
        record_outcome(uow_factory, "RV-22222222", fixed_first_visit=True, parts_used=[], now=NOW)


@pytest.mark.usefixtures("network")
def test_outcomes_and_the_first_visit_fix_rate(uow_factory: UowFactory) -> None:
    assert first_visit_fix_rate(uow_factory) is None
    fixed = book(uow_factory, _request(), window_at(26, 10), now=NOW)
    not_fixed = book(uow_factory, _request(), window_at(28, 14), now=NOW)
    open_one = book(uow_factory, _request(), window_at(29, 14), now=NOW)
    done = record_outcome(
        uow_factory,
        fixed.reference.lower(),
        fixed_first_visit=True,
        parts_used=["drain pump", " "],
        now=NOW,
    )
    assert (done.status, done.fixed_first_visit, done.parts_used) == (
        "completed",
        True,
        ("drain pump",),
    )
    record_outcome(
        uow_factory, not_fixed.reference, fixed_first_visit=False, parts_used=[], now=NOW
    )
    assert first_visit_fix_rate(uow_factory) == 0.5
    assert first_visit_fix_rate(uow_factory, date(2026, 11, 27)) == 0.0
    assert first_visit_fix_rate(uow_factory, date(2026, 12, 1)) is None
    assert count_rows(uow_factory, WindowClaim) == 1  # only the open booking holds a window
    with pytest.raises(BookingClosed):
        reschedule(uow_factory, fixed.reference, PHONE, window_at(30, 14), now=NOW)

    listed = list_bookings(uow_factory, date(2026, 11, 26))
    assert [b.reference for b in listed] == [
        fixed.reference,
        not_fixed.reference,
        open_one.reference,
    ]
    assert [b.reference for b in list_bookings(uow_factory, date(2026, 11, 29))] == [
        open_one.reference
    ]


# Command line -------------------------------------------------------------------------


def _run(uow_factory: UowFactory, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="command", required=True))
    return run(parser.parse_args(list(argv)), uow_factory, datetime.now(SERVICE_TZ))


def test_command_line(
    tmp_path: Path, uow_factory: UowFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = write_network(tmp_path / "bad.yml", {**_data(), "window_hours": 3})
    assert _run(uow_factory, "network", "import", str(bad)) == 1
    assert "not a whole number of 3-hour windows" in capsys.readouterr().err

    good = write_network(tmp_path / "network.yml", _data())
    assert _run(uow_factory, "network", "import", str(good)) == 0
    assert "technicians: 5 added" in capsys.readouterr().out

    soon = datetime.now(SERVICE_TZ) + timedelta(days=2)
    window = Window.from_key(soon.strftime("%Y-%m-%dT14:00+08:00"))
    booking = book(uow_factory, _request(), window, now=datetime.now(SERVICE_TZ))
    assert _run(uow_factory, "repairs", "show", booking.reference.lower()) == 0
    assert booking.reference in capsys.readouterr().out
    assert _run(uow_factory, "repairs", "show", "RV-22222222") == 1
    capsys.readouterr()
    assert (
        _run(
            uow_factory,
            "repairs",
            "outcome",
            booking.reference,
            "--not-fixed",
            "--part",
            "pump",
            "--part",
            "belt",
        )
        == 0
    )
    assert "parts: pump, belt" in capsys.readouterr().out
    assert _run(uow_factory, "repairs", "list", "--since", soon.date().isoformat()) == 0
    out = capsys.readouterr().out
    assert booking.reference in out
    assert "first-visit fix rate: 0%" in out


@pytest.mark.usefixtures("network")
def test_the_database_itself_refuses_a_second_claim_on_a_window(uow_factory: UowFactory) -> None:
    booking = book(uow_factory, _request(), window_at(26, 10), now=NOW)
    other = book(uow_factory, _request(), window_at(26, 8), now=NOW)
    with uow_factory() as uow:
        record = uow.session.scalars(
            select(BookingRecord).where(BookingRecord.reference == other.reference)
        ).one()
        claim = uow.session.get_one(WindowClaim, record.id)
        claim.technician_id = booking.technician_id
        claim.window_start = booking.window.start
        with pytest.raises(IntegrityError):
            uow.session.flush()
