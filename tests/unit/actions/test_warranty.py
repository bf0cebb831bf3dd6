from __future__ import annotations

from datetime import date, timedelta
from typing import Any, cast

import pytest
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.warranty import ValidateWarrantyCheckForm, format_date
from bot.texts import MESSAGES
from tests.unit.actions.conftest import make_tracker

FORM = ValidateWarrantyCheckForm()
NO_DOMAIN = cast(DomainDict, {})


def _validate(slot: str, value: str, **slots: Any) -> tuple[dict[str, Any], list[str]]:
    dispatcher = CollectingDispatcher()
    slots.setdefault("requested_slot", slot)  # the form asked for this slot
    tracker = make_tracker(value, intent="inform", **slots)
    result = getattr(FORM, f"validate_{slot}")(value, dispatcher, tracker, NO_DOMAIN)
    return result, [m["text"] for m in dispatcher.messages]


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
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    assert _validate("purchase_date", tomorrow) == (
        {"purchase_date": None},
        [MESSAGES["purchase_date_future"].zh],
    )


def test_dates_are_written_as_each_language_writes_them() -> None:
    assert format_date(date(2024, 3, 5), "zh") == "2024年3月5日"
    assert format_date(date(2024, 3, 5), "en") == "5 March 2024"
