"""The warranty check: serial number and buyer's phone, or model and purchase date.

The unit's details are shown only when the serial number and the phone number given at
purchase both match; a wrong phone looks exactly like an unknown serial number.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply, RespondingAction, choice, forget, latest_text, person_button
from actions.forms import FormStart, FormValidation, PhoneAnswer, slot_questions
from actions.visit_text import fee_text, format_date
from bot import services
from bot.language import Language
from bot.parsing import find_serial, parse_date
from bot.texts import render
from bot.understanding.details import has_model_letters, says_no_serial
from bot.warranty import Coverage, FuturePurchaseDateError
from bot.warranty.quote import UnitFacts, coverage_of
from bot.warranty.units import find_unit_facts

__all__ = [
    "QUESTIONS",
    "ActionCheckWarranty",
    "ActionStartWarrantyCheck",
    "ValidateWarrantyCheckForm",
    "format_date",
]

_FORM = "warranty_check_form"
#: The warranty check's questions.
QUESTIONS = slot_questions(_FORM, "serial_number", "phone", "model", "purchase_date")


class ActionStartWarrantyCheck(FormStart):
    """Answers a question that only looks like a request to check the customer's unit."""

    action = "action_start_warranty_check"

    def prefill(self, tracker: Tracker) -> list[EventType]:
        """Nothing: the check asks for everything it needs."""
        return []


class ValidateWarrantyCheckForm(PhoneAnswer, FormValidation):
    """Validates each answer of the warranty check as it arrives."""

    form = _FORM

    def questions(self, tracker: Tracker) -> list[str]:
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
        if says_no_serial(latest_text(tracker)):
            return {"serial_number": None, "no_serial": True}
        Reply.to(dispatcher, tracker).say("invalid_serial")
        return {"serial_number": None}

    def validate_model(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a catalogue model, tolerating typos; otherwise offers the closest."""
        typed = str(value or "")
        index = services.search_index()
        kb = services.knowledge()
        model = index.detect_model(typed)
        if model is not None:
            return {"model": model, "product": kb.models[model].category}
        if not has_model_letters(typed) and tracker.get_slot("requested_slot") != "model":
            # Every model has letters: the entity model took a date or a number for one
            # while another slot was asked for. The model given before stands.
            return {"model": tracker.get_slot("model")}
        reply = Reply.to(dispatcher, tracker)
        category = index.detect_category(typed) or tracker.get_slot("product")
        candidates = [m for m in kb.models.values() if category in (None, m.category)]
        buttons = [
            {"title": f"{m.id} {m.name(reply.language)}", "payload": f'/inform{{"model":"{m.id}"}}'}
            for m in candidates[:5]
        ]
        reply.say("unknown_model", buttons, typed=typed)
        return {"model": None}

    def validate_purchase_date(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a date that is not in the future."""
        today = services.clock().today()
        # The entity model may tag only part of a date ("2026年", "8月", "23"): read the
        # whole message when the tagged part is not a date by itself.
        day = parse_date(str(value or ""), today) or parse_date(latest_text(tracker), today)
        if day is None:
            Reply.to(dispatcher, tracker).say("invalid_purchase_date")
            return {"purchase_date": None}
        if day > today:
            Reply.to(dispatcher, tracker).say("purchase_date_future")
            return {"purchase_date": None}
        return {"purchase_date": day.isoformat()}


def _unit(tracker: Tracker) -> UnitFacts | None:
    """The unit to check: registered (serial and phone), or as the customer described it."""
    kb = services.knowledge()
    if tracker.get_slot("no_serial"):
        model = str(tracker.get_slot("model"))
        purchased = date.fromisoformat(str(tracker.get_slot("purchase_date")))
        return UnitFacts(model, kb.models[model].category, purchased)
    serial, phone = tracker.get_slot("serial_number"), tracker.get_slot("phone")
    return find_unit_facts(services.unit_of_work(), str(serial), str(phone), kb.models)


class ActionCheckWarranty(RespondingAction):
    """Tells the customer which warranty rule applies to their unit today."""

    action = "action_check_warranty"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Looks the unit up (or uses model and date) and explains its coverage."""
        language = reply.language
        kb = services.knowledge()
        done = forget("serial_number", "purchase_date", "no_serial")
        unit = _unit(tracker)
        if unit is None:
            buttons = [reply.choice("warranty_button_try_again", "/check_warranty"), reply.person()]
            reply.say("warranty_not_found", buttons)
            return [*done, SlotSet("phone", None)]
        try:
            coverage = coverage_of(
                unit, services.clock().today(), company=kb.company, statutory=kb.statutory
            )
        except FuturePurchaseDateError:
            reply.say("purchase_date_future")
            return done
        reply.say(
            f"warranty_{coverage.rule}",
            _buttons(coverage, language),
            **_details(coverage, unit, language),
        )
        if tracker.get_slot("no_serial"):
            reply.say("warranty_estimate_note")
        return [*done, SlotSet("model", unit.model), SlotSet("product", unit.category)]


def _details(coverage: Coverage, unit: UnitFacts, language: Language) -> dict[str, str]:
    kb = services.knowledge()
    separator = render("main_parts_separator", language)
    dates = {
        "purchased_on": coverage.purchased_on,
        "return_until": coverage.return_until,
        "exchange_until": coverage.exchange_until,
        "whole_unit_until": coverage.whole_unit_until,
        "main_parts_until": coverage.main_parts_until,
    }
    return {
        "model_name": f"{unit.model} {kb.models[unit.model].name(language)}",
        **{name: format_date(day, language) for name, day in dates.items()},
        "main_parts": separator.join(p(language) for p in kb.categories[unit.category].main_parts),
        "call_out_fee": fee_text(kb.charges["call_out"].amount, language),
    }


def _buttons(coverage: Coverage, language: Language) -> list[dict[str, str]]:
    book = choice(language, "warranty_button_book_visit", "/book_repair")
    if coverage.rule in ("return", "exchange"):
        return [book, choice(language, "warranty_button_return_or_exchange", "/request_human")]
    return [book, person_button(language)]
