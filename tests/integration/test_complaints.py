from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import Engine, select

import bot.complaints.models
import bot.handoff.models  # noqa: F401 - the tables must be in Base.metadata before create_schema
from bot.complaints import (
    CATEGORIES,
    Complaint,
    ComplaintClosed,
    ComplaintNotFound,
    ComplaintNotResolved,
    ComplaintRecord,
    ComplaintRequest,
    ComplaintUpdate,
    InvalidDescription,
    InvalidRating,
    InvalidStatus,
    ResolutionRequired,
    add_information,
    commands,
    complaint_history,
    complaint_report,
    file_complaint,
    find_complaint,
    format_report,
    get_complaint,
    record_feedback,
    update_status,
)
from bot.db import Base, UowFactory
from bot.handoff import handoff_events, queued_handoffs
from tests.integration.helpers import count_rows

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=timezone.utc)
PHONE = "+8613812345678"


REQUEST = ComplaintRequest(
    conversation_id="conv-1",
    language="en",
    category="repair_quality",
    description="The washer is still noisy after the repair.",
    model=None,
    serial_number=None,
    booking_reference=None,
    customer_name="Li Wei",
    phone="138 1234 5678",
)


def _request(**changes: Any) -> ComplaintRequest:
    return replace(REQUEST, **changes)


def _references(*values: str) -> Callable[[], str]:
    iterator: Iterator[str] = iter(values)
    return lambda: next(iterator)


def _resolve(
    uow_factory: UowFactory,
    reference: str,
    *,
    now: datetime,
    resolution: str,
    note: str = "n",
    author: str = "W",
) -> Complaint:
    return update_status(
        uow_factory,
        reference,
        status="resolved",
        note=note,
        author=author,
        now=now,
        resolution=resolution,
    )


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_category_is_filed_received_and_owned(uow_factory: UowFactory, category: str) -> None:
    complaint = file_complaint(uow_factory, _request(category=category), now=NOW)

    assert re.fullmatch(r"CP-[A-HJKMNP-Z2-9]{8}", complaint.reference)
    assert complaint.category == category
    assert (complaint.status, complaint.severity, complaint.owner) == (
        "received",
        "normal",
        "complaints-desk",
    )
    assert complaint.due_at == NOW + timedelta(hours=24)
    assert (complaint.created_at, complaint.updated_at, complaint.last_update_at) == (NOW,) * 3
    assert "within 24 hours" in complaint.last_update
    assert complaint.phone == PHONE
    assert complaint.repeat_of == ()
    assert complaint.safety_words == ()
    assert (complaint.resolution, complaint.review_rating, complaint.review_note) == (None,) * 3
    history = complaint_history(uow_factory, complaint.reference)
    assert [(e.kind, e.author) for e in history] == [("received", "system")]
    assert queued_handoffs(uow_factory) == []


def test_a_chinese_complaint_is_acknowledged_in_chinese(uow_factory: UowFactory) -> None:
    complaint = file_complaint(
        uow_factory,
        _request(language="zh", category="charges", description="上门多收了我100块"),
        now=NOW,
    )
    assert complaint.last_update == "已受理您的投诉（收费问题），我们会在24小时内答复您。"
    assert get_complaint(uow_factory, complaint.reference) == complaint


def test_a_critical_complaint_is_queued_for_a_person_at_once(uow_factory: UowFactory) -> None:
    complaint = file_complaint(
        uow_factory,
        _request(
            description="The heater is smoking and there is a burning smell",
            model="WH-8060",
            serial_number="WH2011002468",
        ),
        now=NOW,
    )

    assert complaint.severity == "critical"
    assert complaint.safety_words == ("smoking", "burning smell")
    assert complaint.owner == "duty-supervisor"
    assert complaint.due_at == NOW + timedelta(hours=1)
    assert "duty supervisor" in complaint.last_update
    [handoff] = queued_handoffs(uow_factory)
    assert (handoff.reason, handoff.reference, handoff.priority, handoff.conversation_id) == (
        "critical_complaint",
        complaint.reference,
        0,
        "conv-1",
    )
    for fact in (PHONE, "Li Wei", "WH-8060", "WH2011002468", "burning smell", "smoking"):
        assert fact in handoff.summary
    assert handoff.created_at == NOW
    # Announced on the agents' stream like any request for a person, with its language
    # and structured summary for the queue and the summary card.
    assert handoff_events(uow_factory, handoff.id) == [("bot", "requested")]
    assert handoff.language == complaint.language
    assert handoff.details is not None
    assert handoff.details.complaint_references == (complaint.reference,)
    assert (handoff.details.model, handoff.details.phone) == ("WH-8060", PHONE)


def test_complaint_and_handoff_are_one_transaction(engine: Engine, uow_factory: UowFactory) -> None:
    Base.metadata.tables["handoff_requests"].drop(engine)  # the queue write fails, for real

    with pytest.raises(Exception, match="handoff_requests"):
        file_complaint(uow_factory, _request(description="电机冒烟了"), now=NOW)

    assert count_rows(uow_factory, ComplaintRecord) == 0
    assert count_rows(uow_factory, ComplaintUpdate) == 0
    # A complaint that needs no person is unaffected.
    file_complaint(uow_factory, _request(), now=NOW)
    assert count_rows(uow_factory, ComplaintRecord) == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            {"booking_reference": "RB-1001"},
            {"booking_reference": "rb-1001", "phone": "13900000000"},
        ),
        ({"serial_number": "WM2304001234"}, {"serial_number": "wm2304001234", "model": "WM-8012"}),
        ({"model": "WM-8012"}, {"model": "wm-8012", "phone": "+86 138-1234-5678"}),
    ],
    ids=["booking", "serial", "phone-and-model"],
)
def test_a_repeat_raises_the_severity(
    uow_factory: UowFactory, first: dict[str, Any], second: dict[str, Any]
) -> None:
    earlier = file_complaint(uow_factory, _request(**first), now=NOW)
    repeat = file_complaint(uow_factory, _request(**second), now=NOW + timedelta(days=10))

    assert repeat.repeat_of == (earlier.reference,)
    assert (repeat.severity, repeat.owner) == ("high", "complaints-desk")
    assert repeat.due_at == NOW + timedelta(days=10, hours=4)
    third = file_complaint(uow_factory, _request(**second), now=NOW + timedelta(days=11))
    assert third.repeat_of == (earlier.reference, repeat.reference)


def test_what_is_not_a_repeat(uow_factory: UowFactory) -> None:
    file_complaint(
        uow_factory,
        _request(model="WM-8012", serial_number="WM2304001234", booking_reference="RB-1"),
        now=NOW,
    )
    later = NOW + timedelta(days=31)
    outside_window = file_complaint(uow_factory, _request(serial_number="WM2304001234"), now=later)
    other_phone = file_complaint(
        uow_factory, _request(model="WM-8012", phone="13900000000"), now=NOW + timedelta(days=1)
    )
    nothing_to_match = file_complaint(uow_factory, _request(), now=NOW + timedelta(days=1))
    for complaint in (outside_window, other_phone, nothing_to_match):
        assert (complaint.repeat_of, complaint.severity) == ((), "normal")


def test_a_repeated_safety_complaint_stays_critical(uow_factory: UowFactory) -> None:
    file_complaint(uow_factory, _request(booking_reference="RB-7"), now=NOW)
    again = file_complaint(
        uow_factory, _request(booking_reference="RB-7", description="now sparks!"), now=NOW
    )
    assert (again.severity, len(again.repeat_of)) == ("critical", 1)


def test_a_reference_collision_draws_a_fresh_reference(uow_factory: UowFactory) -> None:
    first = file_complaint(
        uow_factory, _request(), now=NOW, reference_factory=_references("CP-AAAA2222")
    )
    second = file_complaint(
        uow_factory,
        _request(description="smoke!"),
        now=NOW,
        reference_factory=_references("CP-AAAA2222", "CP-BBBB3333"),
    )
    assert (first.reference, second.reference) == ("CP-AAAA2222", "CP-BBBB3333")
    assert [h.reference for h in queued_handoffs(uow_factory)] == ["CP-BBBB3333"]
    assert count_rows(uow_factory, ComplaintUpdate) == 2


def test_find_needs_the_right_phone_and_tolerates_sloppy_references(
    uow_factory: UowFactory,
) -> None:
    complaint = file_complaint(
        uow_factory, _request(), now=NOW, reference_factory=_references("CP-7KQ3MZ2A")
    )
    for typed in ("CP-7KQ3MZ2A", "cp7kq3mz2a", "cp 7kq3 mz2a", "7KQ3-MZ2A"):
        assert find_complaint(uow_factory, typed, "+86 138 1234 5678") == complaint
    assert find_complaint(uow_factory, "CP-7KQ3MZ2A", "13900000000") is None
    assert find_complaint(uow_factory, "CP-7KQ3MZ2B", "13812345678") is None
    assert find_complaint(uow_factory, "CP-7KQ3MZ2A", "no phone") is None
    assert find_complaint(uow_factory, "not a reference", "13812345678") is None


def test_added_information_is_appended(uow_factory: UowFactory) -> None:
    complaint = file_complaint(uow_factory, _request(), now=NOW)
    later = NOW + timedelta(hours=2)

    updated = add_information(
        uow_factory, complaint.reference.lower(), "13812345678", "  It also rattles.  ", now=later
    )

    assert (updated.last_update, updated.last_update_at, updated.updated_at) == (
        "It also rattles.",
        later,
        later,
    )
    assert (updated.severity, updated.due_at) == ("normal", complaint.due_at)
    history = complaint_history(uow_factory, complaint.reference)
    assert [(e.kind, e.author) for e in history] == [
        ("received", "system"),
        ("customer_info", "customer"),
    ]
    assert queued_handoffs(uow_factory) == []


def test_a_new_safety_word_escalates_and_queues_once(uow_factory: UowFactory) -> None:
    complaint = file_complaint(uow_factory, _request(booking_reference="RB-9"), now=NOW)
    later = NOW + timedelta(hours=3)

    escalated = add_information(
        uow_factory, complaint.reference, PHONE, "今天插头冒烟了", now=later
    )

    assert (escalated.severity, escalated.owner) == ("critical", "duty-supervisor")
    assert escalated.safety_words == ("冒烟",)
    assert escalated.due_at == later + timedelta(hours=1)
    assert "duty supervisor" in escalated.last_update
    [handoff] = queued_handoffs(uow_factory)
    assert handoff.reference == complaint.reference
    assert "今天插头冒烟了" in handoff.summary
    assert "RB-9" in handoff.summary

    more = add_information(uow_factory, complaint.reference, PHONE, "and sparks", now=later)
    assert more.safety_words == ("冒烟", "sparks")
    assert len(queued_handoffs(uow_factory)) == 1
    kinds = [e.kind for e in complaint_history(uow_factory, complaint.reference)]
    assert kinds == ["received", "customer_info", "status", "customer_info"]


def test_added_information_is_refused_when_it_cannot_be_taken(uow_factory: UowFactory) -> None:
    complaint = file_complaint(uow_factory, _request(), now=NOW)
    with pytest.raises(ComplaintNotFound):
        add_information(uow_factory, complaint.reference, "13900000000", "more", now=NOW)
    with pytest.raises(ComplaintNotFound):
        add_information(uow_factory, "CP-22222222", PHONE, "more", now=NOW)
    with pytest.raises(InvalidDescription):
        add_information(uow_factory, complaint.reference, PHONE, "   ", now=NOW)
    _resolve(
        uow_factory,
        complaint.reference,
        note="Drum bearing replaced",
        author="Wang",
        now=NOW,
        resolution="Replaced the bearing; tested for 30 minutes.",
    )
    with pytest.raises(ComplaintClosed):
        add_information(uow_factory, complaint.reference, PHONE, "it smokes now", now=NOW)
    assert queued_handoffs(uow_factory) == []


def test_status_resolution_and_feedback(uow_factory: UowFactory) -> None:
    complaint = file_complaint(uow_factory, _request(), now=NOW)
    reference = complaint.reference
    t1, t2, t3 = (NOW + timedelta(hours=h) for h in (1, 2, 30))

    with pytest.raises(ComplaintNotResolved):
        record_feedback(uow_factory, reference, rating=5, note="", now=t1)
    working = update_status(
        uow_factory,
        reference,
        status="in_progress",
        note="Called the customer; visit tomorrow",
        author="Wang",
        owner="Wang Fang",
        now=t1,
    )
    assert (working.status, working.owner, working.last_update) == (
        "in_progress",
        "Wang Fang",
        "Called the customer; visit tomorrow",
    )
    with pytest.raises(ResolutionRequired):
        update_status(uow_factory, reference, status="resolved", note="done", author="W", now=t2)
    with pytest.raises(InvalidStatus):
        update_status(uow_factory, reference, status="received", note="x", author="W", now=t2)
    with pytest.raises(InvalidStatus):
        update_status(
            uow_factory,
            reference,
            status="in_progress",
            note="x",
            author="W",
            now=t2,
            resolution="too early",
        )
    with pytest.raises(ComplaintNotFound):
        update_status(
            uow_factory, "CP-22222222", status="in_progress", note="x", author="W", now=t2
        )

    resolved = _resolve(
        uow_factory,
        reference,
        note="Visited",
        author="Wang",
        now=t2,
        resolution="Bearing replaced free of charge",
    )
    assert (resolved.status, resolved.resolution, resolved.last_update) == (
        "resolved",
        "Bearing replaced free of charge",
        "Bearing replaced free of charge",
    )
    assert resolved.owner == "Wang Fang"
    with pytest.raises(ComplaintClosed):
        update_status(uow_factory, reference, status="in_progress", note="x", author="W", now=t2)

    for bad in (0, 6):
        with pytest.raises(InvalidRating):
            record_feedback(uow_factory, reference, rating=bad, note="", now=t3)
    reviewed = record_feedback(uow_factory, reference, rating=4, note=" Quick, thanks ", now=t3)
    assert (reviewed.review_rating, reviewed.review_note, reviewed.last_update) == (
        4,
        "Quick, thanks",
        "4/5: Quick, thanks",
    )
    assert reviewed.updated_at == t3
    history = complaint_history(uow_factory, reference)
    assert [(e.kind, e.author, e.at) for e in history] == [
        ("received", "system", NOW),
        ("status", "Wang", t1),
        ("status", "Wang", t2),
        ("resolution", "Wang", t2),
        ("feedback", "customer", t3),
    ]


def _seed_report(uow_factory: UowFactory) -> dict[str, str]:
    """Files a known set of complaints; returns the references by name."""
    old = file_complaint(
        uow_factory,
        _request(category="charges", model="AC-3609", description="overcharged"),
        now=NOW - timedelta(days=40),
    )
    a = file_complaint(
        uow_factory,
        _request(category="repair_quality", model="WM-8012", booking_reference="RB-1"),
        now=NOW,
    )
    b = file_complaint(
        uow_factory,
        _request(category="repair_quality", model="WM-8012", booking_reference="RB-1"),
        now=NOW + timedelta(hours=1),
    )  # repeat: high, due NOW + 5 h
    c = file_complaint(
        uow_factory,
        _request(category="product_quality", model="RF-5501", description="it is smoking"),
        now=NOW + timedelta(hours=2),
    )  # critical, due NOW + 3 h
    d = file_complaint(
        uow_factory, _request(category="service_attitude", description="rude"), now=NOW
    )  # no model
    e = file_complaint(
        uow_factory,
        _request(category="charges", model="WM-8012", phone="13900000000"),
        now=NOW + timedelta(hours=3),
    )  # another customer's WM-8012: not a repeat
    for resolved in (d, e):
        _resolve(uow_factory, resolved.reference, now=NOW, resolution="r")
    record_feedback(uow_factory, e.reference, rating=5, note="", now=NOW)
    return {"old": old.reference, "a": a.reference, "b": b.reference, "c": c.reference}


def test_report_figures_match_the_rows(uow_factory: UowFactory) -> None:
    refs = _seed_report(uow_factory)
    with uow_factory() as uow:  # an owner blanked outside the service is still caught
        record = uow.session.scalars(
            select(ComplaintRecord).where(ComplaintRecord.reference == refs["a"])
        ).one()
        record.owner = ""
        uow.commit()

    report = complaint_report(uow_factory, since=date(2026, 11, 1), now=NOW + timedelta(hours=30))

    assert report.total == 5
    assert report.by_category == {
        "service_attitude": 1,
        "repair_quality": 2,
        "late_or_missed_visit": 0,
        "charges": 1,
        "product_quality": 1,
        "other": 0,
    }
    assert report.by_model == {"RF-5501": 1, "WM-8012": 3, "unknown": 1}
    assert report.by_severity == {"critical": 1, "high": 1, "normal": 3}
    assert (report.resolved, report.awaiting_review) == (2, 1)
    assert report.unresolved_without_owner == 1
    # Overdue covers every date, longest overdue first: old (day -39), c (+3 h), b (+5 h), a.
    assert [c.reference for c in report.overdue] == [refs["old"], refs["c"], refs["b"], refs["a"]]

    early = complaint_report(uow_factory, since=date(2026, 11, 22), now=NOW + timedelta(hours=4))
    assert [c.reference for c in early.overdue] == [refs["old"], refs["c"]]
    assert complaint_report(uow_factory, since=date(2026, 11, 23), now=NOW).total == 0

    text = format_report(report)
    for pattern in (
        r"Complaints filed\s+5\n",
        r"Resolved, awaiting review\s+1\n",
        r"WM-8012\s+3\n",
    ):
        assert re.search(pattern, text)
    assert re.search(
        rf"{refs['a']}\s+Repair quality\s+normal\s+2026-11-23 09:00\s+\(no owner\)", text
    )
    for reference in refs.values():
        assert reference in text
    chinese = format_report(report, "zh")
    assert re.search(r"投诉总数\s+5\n", chinese)
    assert "（无负责人）" in chinese


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bot")
    commands.add_commands(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def test_cli_report_prints_the_counts(
    uow_factory: UowFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = _seed_report(uow_factory)
    args = _parse(["report", "complaints", "--since", "2026-11-01"])

    assert commands.run(args, uow_factory, NOW + timedelta(hours=30)) == 0

    out = capsys.readouterr().out
    assert re.search(r"Complaints filed\s+5\n", out)
    assert re.search(r"Repair quality\s+2\n", out)
    assert re.search(r"Late or missed visit\s+0\n", out)
    assert re.search(r"critical\s+1\n", out)
    assert re.search(r"WM-8012\s+3\n", out)
    assert re.search(r"unknown\s+1\n", out)
    assert re.search(r"Overdue\s+4\n", out)
    assert re.search(rf"{refs['c']}\s+Product quality\s+critical\s+2026-11-22 12:00\s+duty", out)


def test_cli_show_update_and_feedback(
    uow_factory: UowFactory, capsys: pytest.CaptureFixture[str]
) -> None:
    reference = file_complaint(uow_factory, _request(), now=NOW).reference
    steps = [
        ["complaints", "update", reference, "--status", "in_progress", "--note", "On it",
         "--owner", "Zhang"],
        ["complaints", "update", reference.lower(), "--status", "resolved", "--note", "Fixed",
         "--resolution", "New pump"],
        ["complaints", "feedback", reference, "--rating", "5", "--note", "Great"],
        ["complaints", "show", reference],
    ]  # fmt: skip
    for argv in steps:
        assert commands.run(_parse(argv), uow_factory, NOW + timedelta(hours=1)) == 0

    out = capsys.readouterr().out
    assert f"{reference}: resolved, owner Zhang" in out
    assert "review 5/5 recorded" in out
    assert "resolution:    New pump" in out
    assert "feedback      customer: 5/5: Great" in out

    missing = _parse(["complaints", "show", "CP-22222222"])
    assert commands.run(missing, uow_factory, NOW) == 1
    assert "no complaint" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        _parse(["complaints", "feedback", reference, "--rating", "9", "--note", "x"])
    with pytest.raises(SystemExit):
        _parse(["report", "complaints", "--since", "yesterday"])
