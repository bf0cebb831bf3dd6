"""The warranty check: serial number and buyer's phone, or model and purchase date.

The unit's details are shown only when the serial number and the phone number given at
purchase both match; a wrong phone looks exactly like an unknown serial number.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import (
    AskForSlot,
    button,
    language_of,
    latest_text,
    person_button,
    phone_answer,
    say,
)
from actions.routing import answer_if_question
from bot import services
from bot.language import Language
from bot.parsing import find_serial, parse_date
from bot.warranty import Coverage, FuturePurchaseDateError, assess
from bot.warranty.registry import find_unit

__all__ = [
    "ActionAskModel",
    "ActionAskPhone",
    "ActionAskPurchaseDate",
    "ActionAskSerialNumber",
    "ActionCheckWarranty",
    "ActionStartWarrantyCheck",
    "ValidateWarrantyCheckForm",
    "format_date",
]

_NO_SERIAL: Final = re.compile(
    r"没有|没|找不到|不知道|看不到|看不清|磨掉|no serial|don'?t have|do not have|can'?t find|"
    r"cannot find|can'?t see|no idea|lost|none",
    re.IGNORECASE,
)


def format_date(day: date, language: Language) -> str:
    """``2024年3月15日`` / ``15 March 2024``."""
    if language == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"


class ActionStartWarrantyCheck(Action):
    """Answers a question that only looks like a request to check the customer's unit."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_start_warranty_check"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers and ends the turn, or lets the warranty check start."""
        return answer_if_question(dispatcher, tracker) or []


class ValidateWarrantyCheckForm(FormValidationAction):
    """Validates each answer of the warranty check as it arrives."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "validate_warranty_check_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Serial and phone; model and purchase date for a customer without a serial."""
        if tracker.get_slot("no_serial"):
            return ["model", "purchase_date"]
        return ["serial_number", "phone"]

    def validate_serial_number(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a serial number, or switches to model and date when there is none."""
        serial = find_serial(str(value or ""))
        if serial:
            return {"serial_number": serial}
        if _NO_SERIAL.search(latest_text(tracker)):
            return {"serial_number": None, "no_serial": True}
        say(dispatcher, language_of(tracker), "invalid_serial")
        return {"serial_number": None}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a mainland mobile or an international number."""
        return {"phone": phone_answer(dispatcher, tracker, value)}

    def validate_model(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a catalogue model, tolerating typos; otherwise offers the closest."""
        typed = str(value or "")
        index = services.search_index()
        model = index.detect_model(typed)
        if model is not None:
            return {"model": model, "product": services.knowledge().models[model].category}
        if not any(c.isascii() and c.isalpha() for c in typed) and (
            tracker.get_slot("requested_slot") != "model"
        ):
            # Every model has letters: the entity model took a date or a number for one
            # while another slot was asked for. The model given before stands.
            return {"model": tracker.get_slot("model")}
        language = language_of(tracker)
        category = index.detect_category(typed) or tracker.get_slot("product")
        kb = services.knowledge()
        candidates = [m for m in kb.models.values() if category in (None, m.category)]
        say(
            dispatcher,
            language,
            "unknown_model",
            [
                {"title": f"{m.id} {m.name(language)}", "payload": f'/inform{{"model":"{m.id}"}}'}
                for m in candidates[:5]
            ],
            typed=typed,
        )
        return {"model": None}

    def validate_purchase_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a date that is not in the future."""
        # The entity model may tag only part of a date ("2026年", "8月", "23"): read the
        # whole message when the tagged part is not a date by itself.
        day = parse_date(str(value or ""), date.today()) or parse_date(
            latest_text(tracker), date.today()
        )
        if day is None:
            say(dispatcher, language_of(tracker), "invalid_purchase_date")
            return {"purchase_date": None}
        if day > date.today():
            say(dispatcher, language_of(tracker), "purchase_date_future")
            return {"purchase_date": None}
        return {"purchase_date": day.isoformat()}


class ActionCheckWarranty(Action):
    """Tells the customer which warranty rule applies to their unit today."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_check_warranty"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Looks the unit up (or uses model and date) and explains its coverage."""
        language = language_of(tracker)
        kb = services.knowledge()
        today = date.today()
        done: list[EventType] = [
            SlotSet("serial_number", None),
            SlotSet("purchase_date", None),
            SlotSet("no_serial", None),
        ]
        estimated = bool(tracker.get_slot("no_serial"))
        exchanged: date | None = None
        days_in_repair = 0
        if estimated:
            model = str(tracker.get_slot("model"))
            purchased = date.fromisoformat(str(tracker.get_slot("purchase_date")))
        else:
            with services.unit_of_work()() as uow:
                unit = find_unit(
                    uow, str(tracker.get_slot("serial_number")), str(tracker.get_slot("phone"))
                )
                if unit is None:
                    say(
                        dispatcher,
                        language,
                        "warranty_not_found",
                        [
                            button(language, "重新查询", "Try again", "/check_warranty"),
                            person_button(language),
                        ],
                    )
                    return [*done, SlotSet("phone", None)]
                model, purchased = unit.model, unit.purchased_on
                exchanged, days_in_repair = unit.exchanged_on, unit.days_in_repair
        category = kb.models[model].category
        try:
            coverage = assess(
                category,
                purchased,
                today,
                kb.company,
                kb.statutory,
                exchanged_on=exchanged,
                days_in_repair=days_in_repair,
            )
        except FuturePurchaseDateError:
            say(dispatcher, language, "purchase_date_future")
            return done
        say(
            dispatcher,
            language,
            f"warranty_{coverage.rule}",
            _buttons(coverage, language),
            **_details(coverage, model, category, language),
        )
        if estimated:
            say(dispatcher, language, "warranty_estimate_note")
        return [*done, SlotSet("model", model), SlotSet("product", category)]


def _details(coverage: Coverage, model: str, category: str, language: Language) -> dict[str, str]:
    kb = services.knowledge()
    call_out = kb.charges["call_out"].amount
    parts = ("、" if language == "zh" else ", ").join(
        p(language) for p in kb.categories[category].main_parts
    )
    return {
        "model_name": f"{model} {kb.models[model].name(language)}",
        "purchased_on": format_date(coverage.purchased_on, language),
        "return_until": format_date(coverage.return_until, language),
        "exchange_until": format_date(coverage.exchange_until, language),
        "whole_unit_until": format_date(coverage.whole_unit_until, language),
        "main_parts_until": format_date(coverage.main_parts_until, language),
        "main_parts": parts,
        "call_out_fee": f"{call_out} 元" if language == "zh" else f"CNY {call_out}",
    }


def _buttons(coverage: Coverage, language: Language) -> list[dict[str, str]]:
    buttons = [button(language, "预约师傅上门", "Book a technician visit", "/book_repair")]
    if coverage.rule in ("return", "exchange"):
        buttons.append(
            button(
                language, "办理退换货（转人工）", "Return or exchange (a person)", "/request_human"
            )
        )
    else:
        buttons.append(person_button(language))
    return buttons


class ActionAskSerialNumber(AskForSlot):
    """Asks for the serial number on the rating plate."""

    form = "warranty_check_form"
    slot = "serial_number"


class ActionAskPhone(AskForSlot):
    """Asks for the phone number given at purchase."""

    form = "warranty_check_form"
    slot = "phone"


class ActionAskModel(AskForSlot):
    """Asks for the model."""

    form = "warranty_check_form"
    slot = "model"


class ActionAskPurchaseDate(AskForSlot):
    """Asks for the purchase date."""

    form = "warranty_check_form"
    slot = "purchase_date"
