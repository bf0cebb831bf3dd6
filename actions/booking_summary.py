"""The booking summary: what will be booked, what it costs, and the buttons to change it.

The visit is quoted from the warranty of the unit the customer identified earlier in
the conversation (serial number and phone), on the service's clock.
"""

from __future__ import annotations

from typing import Final

from rasa_sdk.events import EventType
from rasa_sdk.interfaces import Tracker

from actions.common import Reply, RespondingAction, choice
from actions.visit_text import appliance_text, fee_text, region_name
from bot import services
from bot.language import Language
from bot.repairs import Window
from bot.repairs.tasks import CHANGES
from bot.texts import render
from bot.warranty.quote import Quote, QuoteStatus, quote
from bot.warranty.units import find_unit_facts

__all__ = ["ActionAskBookingConfirmed", "charge_note", "summary_buttons", "warranty_quote"]

#: The summary's first and last buttons; a "change" button per detail goes between.
_CONFIRM: Final = ("booking_button_confirm", "/affirm")
_STOP: Final = ("booking_button_stop", "/stop")


def warranty_quote(tracker: Tracker, category: str) -> Quote:
    """The quote for repairing an appliance of ``category``, from the unit identified."""
    kb = services.knowledge()
    serial, phone = tracker.get_slot("serial_number"), tracker.get_slot("phone")
    unit = (
        find_unit_facts(services.unit_of_work(), str(serial), str(phone), kb.models)
        if serial and phone
        else None
    )
    return quote(
        unit,
        category,
        services.clock().today(),
        company=kb.company,
        statutory=kb.statutory,
        call_out_fee=kb.charges["call_out"].amount,
    )


def charge_note(status: QuoteStatus, fee: str, language: Language) -> str:
    """What the visit will cost, as far as is known before it."""
    return render(f"booking_charges_{status}", language, fee=fee)


def summary_buttons(language: Language) -> list[dict[str, str]]:
    """Confirm, a "change" button per detail, and "don't book"."""
    changes = [
        (f"booking_button_change_{field}", '/inform{"change":"' + field + '"}') for field in CHANGES
    ]
    return [choice(language, key, payload) for key, payload in (_CONFIRM, *changes, _STOP)]


class ActionAskBookingConfirmed(RespondingAction):
    """Shows what will be booked and asks the customer to confirm or change it."""

    action = "action_ask_repair_booking_form_booking_confirmed"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the summary with confirm and change buttons."""
        language = reply.language
        category = str(tracker.get_slot("product"))
        quoted = warranty_quote(tracker, category)
        window = Window.from_key(str(tracker.get_slot("visit_window")))
        reply.say(
            "booking_summary",
            summary_buttons(language),
            appliance=appliance_text(category, tracker.get_slot("model"), language),
            symptom=tracker.get_slot("symptom"),
            city=region_name(tracker.get_slot("city"), language),
            address=tracker.get_slot("address"),
            name=tracker.get_slot("customer_name"),
            phone=tracker.get_slot("phone"),
            window=window.label(language),
            charges=charge_note(quoted.status, fee_text(quoted.call_out_fee, language), language),
        )
        return []
