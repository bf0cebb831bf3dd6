"""Checking, moving and cancelling a booked visit, on real trackers and a real database."""

from __future__ import annotations

from functools import partial
from typing import Any

import pytest
from rasa_sdk.events import FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.visits import (
    ActionAskCancelConfirmed,
    ActionAskVisitWindowToMove,
    ActionStartVisit,
    ActionVisitDone,
    ValidateVisitForm,
)
from bot.db import UowFactory
from bot.language import Language
from bot.references import parse_repair_reference
from bot.repairs import Booking, cancel, get_booking
from tests.unit.actions.conftest import (
    PERSON,
    book_visit,
    make_tracker,
    msg,
    required_slots,
    run_action,
    soonest_starts,
    validate_answer,
    window_buttons,
    window_key,
    window_title,
)

pytestmark = pytest.mark.usefixtures("service_db")

FORM = ValidateVisitForm()
PHONE = "+8613912345678"
_validate = partial(validate_answer, FORM)

MANAGE = {
    "zh": [
        {"title": "改时间", "payload": "/reschedule_repair"},
        {"title": "取消预约", "payload": "/cancel_repair"},
    ],
    "en": [
        {"title": "Move it", "payload": "/reschedule_repair"},
        {"title": "Cancel it", "payload": "/cancel_repair"},
    ],
}


@pytest.fixture
def booked(service_db: UowFactory) -> Booking:
    """A washer visit in the second free window, booked with :data:`PHONE`."""
    return book_visit(service_db, soonest_starts(2)[1], phone=PHONE)


def _summary(booking: Booking, language: Language, status: str = "booked") -> str:
    """The visit as the customer is shown it."""
    window = window_title(booking.window.start, language)
    if language == "zh":
        status_zh = {"booked": "已预约", "cancelled": "已取消"}[status]
        return (
            f"预约单号：{booking.reference}（{status_zh}）\n上门时间：{window}\n"
            "电器：WM-8012 明嘉 8 公斤滚筒洗衣机\n地址：浦东新区张江路88弄5号1201室\n师傅：李师傅"
        )
    return (
        f"Reference: {booking.reference} ({status})\nVisit: {window}\n"
        "Appliance: WM-8012 Mingjia 8 kg front-loading washer\n"
        "Address: 浦东新区张江路88弄5号1201室\nTechnician: Mr Li"
    )


# ---- reference and phone -------------------------------------------------------------------


@pytest.mark.parametrize("intent", ["repair_status", "reschedule_repair", "cancel_repair"])
def test_a_request_for_a_new_visit_taken_for_a_booked_one_starts_the_booking(intent: str) -> None:
    events, messages = run_action(
        ActionStartVisit(), make_tracker("冰箱不制冷，预约师傅上门", intent=intent)
    )
    assert messages == []
    assert events[-1] == FollowupAction("repair_booking_form")
    assert SlotSet("product", "refrigerator") in events


def test_a_request_about_a_booked_visit_starts_the_visit_form() -> None:
    events, _ = run_action(ActionStartVisit(), make_tracker("预约的师傅几点到", "repair_status"))
    assert FollowupAction("repair_booking_form") not in events
    assert SlotSet("visit_task", "status") in events


@pytest.mark.parametrize(
    "text",
    ["RV-7K3M9QXP", "rv 7k3m9qxp", "rv7k3m9qxp", "我的单号是 RV_7K3M9QXP，帮我查一下"],
)
def test_references_are_read_however_they_are_typed(text: str) -> None:
    assert _validate("reference", text) == ({"reference": "RV-7K3M9QXP"}, [])


def test_the_reference_is_found_in_the_text_when_the_value_is_not_one() -> None:
    assert _validate("reference", "查询", text="查询 rv 7k3m9qxp") == (
        {"reference": "RV-7K3M9QXP"},
        [],
    )


@pytest.mark.parametrize("intent", ["ask_product", "report_fault", "inform"])
@pytest.mark.parametrize("text", ["RV-E4A92KPM", "rv wm82a3kp", "单号 RV-AC35X2YZ"])
def test_a_typed_reference_answers_the_question_whatever_intent_was_read(
    intent: str, text: str
) -> None:
    tracker = make_tracker(
        text, intent, active_loop={"name": "visit_form"}, requested_slot="reference"
    )
    events, messages = run_action(FORM, tracker)
    reference = parse_repair_reference(text)
    assert reference is not None
    assert events == [SlotSet("reference", reference), SlotSet("requested_slot", "phone")]
    assert messages == []


@pytest.mark.parametrize(
    ("text", "requested"),
    [("我想问下E4是什么故障", "reference"), ("RV-7K3M9QXP", "phone"), ("RV-12", "reference")],
)
def test_a_reference_is_taken_only_when_asked_for_and_well_formed(
    domain: DomainDict, text: str, requested: str
) -> None:
    tracker = make_tracker(
        text, "ask_product", active_loop={"name": "visit_form"}, requested_slot=requested
    )
    assert FORM.reference_typed(CollectingDispatcher(), tracker, domain) == {}


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_invalid_reference_is_explained(language: Language) -> None:
    assert _validate("reference", "RV-123", language=language) == (
        {"reference": None},
        [{"text": msg("invalid_visit_reference", language), "buttons": []}],
    )


@pytest.mark.parametrize("text", ["139 1234 5678", "+86 139-1234-5678", "13912345678"])
def test_the_phone_of_the_booking_is_accepted(booked: Booking, text: str) -> None:
    assert _validate("phone", text, reference=booked.reference) == ({"phone": PHONE}, [])


def test_a_lower_case_reference_finds_the_booking(booked: Booking) -> None:
    assert _validate("phone", PHONE, reference=booked.reference.lower()) == ({"phone": PHONE}, [])


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_wrong_phone_reveals_nothing_and_starts_over(booked: Booking, language: Language) -> None:
    assert _validate("phone", "138 0000 0000", reference=booked.reference, language=language) == (
        {"phone": None, "reference": None},
        [{"text": msg("visit_not_found", language), "buttons": [PERSON[language]]}],
    )


def test_an_unknown_reference_looks_exactly_like_a_wrong_phone(booked: Booking) -> None:
    assert _validate("phone", PHONE, reference="RV-22222222") == (
        {"phone": None, "reference": None},
        [{"text": msg("visit_not_found", "zh"), "buttons": [PERSON["zh"]]}],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_an_invalid_phone_keeps_the_reference(booked: Booking, language: Language) -> None:
    assert _validate("phone", "12345", reference=booked.reference, language=language) == (
        {"phone": None},
        [{"text": msg("invalid_phone", language), "buttons": []}],
    )


@pytest.mark.parametrize(
    ("task", "slots"),
    [
        ("status", ["reference", "phone"]),
        (None, ["reference", "phone"]),
        ("reschedule", ["reference", "phone", "visit_window"]),
        ("cancel", ["reference", "phone", "cancel_confirmed"]),
    ],
)
def test_required_slots_follow_the_task(task: str | None, slots: list[str]) -> None:
    tracker = make_tracker("x", visit_task=task)
    assert required_slots(FORM, tracker) == slots


# ---- moving ------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_chosen_window_moves_the_visit(
    service_db: UowFactory, booked: Booking, language: Language
) -> None:
    new_start = soonest_starts(5)[4]
    key = window_key(new_start)
    slots: dict[str, Any] = {
        "reference": booked.reference,
        "phone": PHONE,
        "visit_task": "reschedule",
    }
    assert _validate("visit_window", key, language=language, **slots) == ({"visit_window": key}, [])
    moved = get_booking(service_db, booked.reference)
    assert moved is not None
    assert moved.window.start == new_start
    assert moved.reschedule_count == 1
    assert moved.status == "booked"


def test_a_preferred_time_is_remembered_and_nothing_moves(
    service_db: UowFactory, booked: Booking
) -> None:
    slots: dict[str, Any] = {
        "reference": booked.reference,
        "phone": PHONE,
        "visit_task": "reschedule",
    }
    assert _validate("visit_window", "明天上午", **slots) == (
        {"visit_window": None, "visit_preference": "明天上午"},
        [],
    )
    assert get_booking(service_db, booked.reference) == booked


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_window_taken_by_someone_else_is_not_given(
    service_db: UowFactory, booked: Booking, language: Language
) -> None:
    taken = soonest_starts(4)[3]
    book_visit(service_db, taken, phone="13700000000")
    slots: dict[str, Any] = {
        "reference": booked.reference,
        "phone": PHONE,
        "visit_task": "reschedule",
    }
    assert _validate("visit_window", window_key(taken), language=language, **slots) == (
        {"visit_window": None},
        [{"text": msg("window_just_taken", language), "buttons": []}],
    )
    assert get_booking(service_db, booked.reference) == booked


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_cancelled_visit_cannot_be_moved(
    service_db: UowFactory, booked: Booking, language: Language
) -> None:
    cancel(service_db, booked.reference, PHONE, now=booked.created_at)
    slots: dict[str, Any] = {
        "reference": booked.reference,
        "phone": PHONE,
        "visit_task": "reschedule",
    }
    key = window_key(soonest_starts(5)[4])
    assert _validate("visit_window", key, language=language, **slots) == (
        {"visit_window": None, "visit_task": "status"},
        [{"text": msg("visit_closed", language), "buttons": []}],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_moving_offers_the_current_visit_then_the_other_free_windows(
    booked: Booking, language: Language
) -> None:
    tracker = make_tracker("改时间", language=language, reference=booked.reference, phone=PHONE)
    events, replies = run_action(ActionAskVisitWindowToMove(), tracker)
    assert events == []
    others = [s for s in soonest_starts(6) if s != booked.window.start]
    assert replies == [
        {"text": msg("visit_current", language, summary=_summary(booked, language)), "buttons": []},
        {
            "text": msg("ask_visit_window", language),
            "buttons": window_buttons(others, language),
        },
    ]


def test_moving_a_visit_that_is_not_found_offers_a_person(booked: Booking) -> None:
    tracker = make_tracker(
        "改时间", language="en", reference=booked.reference, phone="+447700900123"
    )
    assert run_action(ActionAskVisitWindowToMove(), tracker) == (
        [],
        [{"text": msg("visit_not_found", "en"), "buttons": [PERSON["en"]]}],
    )


# ---- cancelling -------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_cancelling_asks_with_the_visit(booked: Booking, language: Language) -> None:
    tracker = make_tracker("取消", language=language, reference=booked.reference, phone=PHONE)
    buttons = {
        "zh": [
            {"title": "确认取消", "payload": "/affirm"},
            {"title": "保留预约", "payload": "/deny"},
        ],
        "en": [
            {"title": "Yes, cancel it", "payload": "/affirm"},
            {"title": "No, keep it", "payload": "/deny"},
        ],
    }
    assert run_action(ActionAskCancelConfirmed(), tracker) == (
        [],
        [
            {
                "text": msg("ask_cancel_confirmed", language, summary=_summary(booked, language)),
                "buttons": buttons[language],
            }
        ],
    )


def test_yes_cancels_the_visit(service_db: UowFactory, booked: Booking) -> None:
    slots: dict[str, Any] = {"reference": booked.reference, "phone": PHONE, "visit_task": "cancel"}
    assert _validate("cancel_confirmed", True, text="是的", intent="affirm", **slots) == (
        {"cancel_confirmed": True},
        [],
    )
    cancelled = get_booking(service_db, booked.reference)
    assert cancelled is not None
    assert cancelled.status == "cancelled"


@pytest.mark.parametrize("intent", ["deny", "inform", "stop"])
def test_anything_but_yes_keeps_the_visit(
    service_db: UowFactory, booked: Booking, intent: str
) -> None:
    slots: dict[str, Any] = {"reference": booked.reference, "phone": PHONE, "visit_task": "cancel"}
    assert _validate("cancel_confirmed", False, text="算了", intent=intent, **slots) == (
        {"cancel_confirmed": False},
        [],
    )
    assert get_booking(service_db, booked.reference) == booked


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_visit_cancelled_already_is_closed(
    service_db: UowFactory, booked: Booking, language: Language
) -> None:
    cancel(service_db, booked.reference, PHONE, now=booked.created_at)
    slots: dict[str, Any] = {"reference": booked.reference, "phone": PHONE, "visit_task": "cancel"}
    assert _validate(
        "cancel_confirmed", True, text="yes", intent="affirm", language=language, **slots
    ) == ({"cancel_confirmed": False}, [{"text": msg("visit_closed", language), "buttons": []}])


# ---- the result ----------------------------------------------------------------------------

_DONE = [
    SlotSet("visit_task", None),
    SlotSet("visit_window", None),
    SlotSet("visit_preference", None),
    SlotSet("cancel_confirmed", None),
]


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_status_of_a_visit(booked: Booking, language: Language) -> None:
    tracker = make_tracker(
        "查预约", language=language, reference=booked.reference, phone=PHONE, visit_task="status"
    )
    assert run_action(ActionVisitDone(), tracker) == (
        _DONE,
        [
            {
                "text": msg("visit_status", language, summary=_summary(booked, language)),
                "buttons": MANAGE[language],
            }
        ],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_moved_visit_shows_its_new_window(
    service_db: UowFactory, booked: Booking, language: Language
) -> None:
    new_start = soonest_starts(5)[4]
    slots: dict[str, Any] = {
        "reference": booked.reference,
        "phone": PHONE,
        "visit_task": "reschedule",
    }
    _validate("visit_window", window_key(new_start), **slots)
    moved = get_booking(service_db, booked.reference)
    assert moved is not None
    tracker = make_tracker("x", language=language, visit_window=window_key(new_start), **slots)
    assert run_action(ActionVisitDone(), tracker) == (
        _DONE,
        [
            {
                "text": msg(
                    "visit_moved",
                    language,
                    window=window_title(new_start, language),
                    summary=_summary(moved, language),
                ),
                "buttons": MANAGE[language],
            }
        ],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_cancelled_visit_is_confirmed_without_buttons(
    service_db: UowFactory, booked: Booking, language: Language
) -> None:
    slots: dict[str, Any] = {"reference": booked.reference, "phone": PHONE, "visit_task": "cancel"}
    _validate("cancel_confirmed", True, intent="affirm", **slots)
    tracker = make_tracker("x", language=language, cancel_confirmed=True, **slots)
    assert run_action(ActionVisitDone(), tracker) == (
        _DONE,
        [
            {
                "text": msg(
                    "visit_cancelled", language, summary=_summary(booked, language, "cancelled")
                ),
                "buttons": [],
            }
        ],
    )


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_kept_visit_is_confirmed(booked: Booking, language: Language) -> None:
    tracker = make_tracker(
        "x",
        language=language,
        reference=booked.reference,
        phone=PHONE,
        visit_task="cancel",
        cancel_confirmed=False,
    )
    assert run_action(ActionVisitDone(), tracker) == (
        _DONE,
        [
            {
                "text": msg("visit_kept", language, summary=_summary(booked, language)),
                "buttons": MANAGE[language],
            }
        ],
    )


def test_a_visit_not_found_forgets_reference_and_phone(booked: Booking) -> None:
    tracker = make_tracker("x", reference=booked.reference, phone="+8613700000000")
    assert run_action(ActionVisitDone(), tracker) == (
        [*_DONE, SlotSet("reference", None), SlotSet("phone", None)],
        [{"text": msg("visit_not_found", "zh"), "buttons": [PERSON["zh"]]}],
    )


@pytest.mark.parametrize(
    ("intent", "text", "events"),
    [
        ("repair_status", "师傅什么时候到", [SlotSet("visit_task", "status")]),
        (
            "reschedule_repair",
            "I need to move visit rv 7k3m 9qxp",
            [SlotSet("visit_task", "reschedule"), SlotSet("reference", "RV-7K3M9QXP")],
        ),
        (
            "cancel_repair",
            "取消预约RV-7K3M9QXP",
            [SlotSet("visit_task", "cancel"), SlotSet("reference", "RV-7K3M9QXP")],
        ),
    ],
)
def test_the_request_that_opens_the_visit_form_sets_the_task(
    intent: str, text: str, events: list[dict[str, Any]]
) -> None:
    tracker = make_tracker(text, intent=intent, confidence=0.95)
    assert run_action(ActionStartVisit(), tracker) == (events, [])
