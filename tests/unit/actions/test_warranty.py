from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.warranty import ActionCheckWarranty, ValidateWarrantyCheckForm, format_date
from bot import services
from bot.language import Language
from bot.texts import MESSAGES
from tests.unit.actions.conftest import (
    IN_WARRANTY_SERIAL,
    NO_DOMAIN,
    OUT_OF_WARRANTY_SERIAL,
    PERSON,
    REGISTERED_PHONE,
    make_tracker,
    msg,
    run_action,
    validate_answer,
)

FORM = ValidateWarrantyCheckForm()
_FORGET = [SlotSet(slot, None) for slot in ("serial_number", "purchase_date", "no_serial")]
_BOOK = {
    "zh": {"title": "预约师傅上门", "payload": "/book_repair"},
    "en": {"title": "Book a technician visit", "payload": "/book_repair"},
}


def _validate(slot: str, value: str, **slots: Any) -> tuple[dict[str, Any], list[str]]:
    result, said = validate_answer(FORM, slot, value, **slots)
    return result, [r["text"] for r in said]


def test_serial_is_normalised() -> None:
    assert _validate("serial_number", "序列号 rf2303001234") == (
        {"serial_number": "RF2303001234"},
        [],
    )


@pytest.mark.parametrize("text", ["没有序列号", "铭牌磨掉了看不清", "I don't have the serial"])
def test_no_serial_switches_to_model_and_date(text: str) -> None:
    assert _validate("serial_number", text) == ({"serial_number": None, "no_serial": True}, [])


def test_invalid_serial_is_explained_in_the_customers_language() -> None:
    assert _validate("serial_number", "12345", language="en") == (
        {"serial_number": None},
        [MESSAGES["invalid_serial"].en],
    )


@pytest.mark.parametrize(
    ("text", "slot"),
    [("138 1234 5678", "+8613812345678"), ("+44 7700 900123", "+447700900123"), ("12345", None)],
)
def test_phone(text: str, slot: str | None) -> None:
    result, messages = _validate("phone", text)
    assert result == {"phone": slot}
    assert messages == ([] if slot else [MESSAGES["invalid_phone"].zh])


def test_model_typo_is_accepted_and_sets_the_product() -> None:
    assert _validate("model", "wm 8012") == (
        {"model": "WM-8012", "product": "washing_machine"},
        [],
    )


def test_a_date_taken_for_a_model_keeps_the_model_given() -> None:
    result, messages = _validate(
        "model", "2026-12-12", requested_slot="purchase_date", model="RF-5501"
    )
    assert (result, messages) == ({"model": "RF-5501"}, [])


def test_a_number_given_for_the_model_is_not_a_model() -> None:
    result, messages = _validate("model", "12345")
    assert result == {"model": None}
    assert messages == [MESSAGES["unknown_model"].zh.format(typed="12345")]


def test_unknown_model_offers_the_closest_models_of_the_category() -> None:
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("冰箱 XY-1", intent="inform")
    assert FORM.validate_model("冰箱 XY-1", dispatcher, tracker, NO_DOMAIN) == {"model": None}
    [message] = dispatcher.messages
    assert message["text"] == MESSAGES["unknown_model"].zh.format(typed="冰箱 XY-1")
    assert [b["payload"] for b in message["buttons"]] == [
        '/inform{"model":"RF-5501"}',
        '/inform{"model":"RF-6203"}',
        '/inform{"model":"RF-4802"}',
    ]


def test_purchase_date() -> None:
    assert _validate("purchase_date", "2024年3月15日") == ({"purchase_date": "2024-03-15"}, [])
    assert _validate("purchase_date", "soon") == (
        {"purchase_date": None},
        [MESSAGES["invalid_purchase_date"].zh],
    )
    tomorrow = (services.clock().today() + timedelta(days=1)).isoformat()
    assert _validate("purchase_date", tomorrow) == (
        {"purchase_date": None},
        [MESSAGES["purchase_date_future"].zh],
    )


def test_dates_are_written_as_each_language_writes_them() -> None:
    assert format_date(date(2024, 3, 5), "zh") == "2024年3月5日"
    assert format_date(date(2024, 3, 5), "en") == "5 March 2024"


@pytest.mark.usefixtures("service_db")
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_serial_with_another_phone_is_not_found(language: Language) -> None:
    tracker = make_tracker(
        "x", language=language, serial_number=IN_WARRANTY_SERIAL, phone="+8613700000000"
    )
    again = {"zh": "重新查询", "en": "Try again"}[language]
    assert run_action(ActionCheckWarranty(), tracker) == (
        [*_FORGET, SlotSet("phone", None)],
        [
            {
                "text": msg("warranty_not_found", language),
                "buttons": [{"title": again, "payload": "/check_warranty"}, PERSON[language]],
            }
        ],
    )


@pytest.mark.usefixtures("service_db")
@pytest.mark.parametrize(
    ("serial", "days_ago", "says"),
    [
        (IN_WARRANTY_SERIAL, 100, "is under full warranty until"),
        (OUT_OF_WARRANTY_SERIAL, 5 * 366, "a call-out fee of CNY 50"),
    ],
)
def test_a_registered_unit_gets_its_rule(serial: str, days_ago: int, says: str) -> None:
    tracker = make_tracker("x", language="en", serial_number=serial, phone=REGISTERED_PHONE)
    events, said = run_action(ActionCheckWarranty(), tracker)
    assert events == [*_FORGET, SlotSet("model", "WM-8012"), SlotSet("product", "washing_machine")]
    [reply] = said
    bought = format_date(services.clock().today() - timedelta(days=days_ago), "en")
    model = "WM-8012 Mingjia 8 kg front-loading washer"
    assert reply["text"].startswith(f"Your {model} (bought {bought})")
    assert says in reply["text"]
    assert reply["buttons"] == [_BOOK["en"], PERSON["en"]]


@pytest.mark.usefixtures("service_db")
@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_unit_without_serial_is_estimated_from_model_and_date(language: Language) -> None:
    bought = services.clock().today() - timedelta(days=3)
    tracker = make_tracker(
        "x", language=language, no_serial=True, model="RF-5501", purchase_date=bought.isoformat()
    )
    events, said = run_action(ActionCheckWarranty(), tracker)
    assert events == [*_FORGET, SlotSet("model", "RF-5501"), SlotSet("product", "refrigerator")]
    assert format_date(bought, language) in said[0]["text"]
    assert said[1:] == [{"text": msg("warranty_estimate_note", language), "buttons": []}]
    exchange = {"zh": "办理退换货（转人工）", "en": "Return or exchange (a person)"}[language]
    assert said[0]["buttons"] == [_BOOK[language], {"title": exchange, "payload": "/request_human"}]
