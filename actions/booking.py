"""Booking a technician visit: the repair booking form, its questions and its result.

The form asks only for what the conversation does not know yet (appliance, symptom,
model, city, address, name, phone), offers free windows as buttons, then a summary to
confirm. An answer that cannot be what was asked (keyboard mash as the fault, a phone
number as the address or the name) is queried once. The booking itself is written
when the customer confirms: if the window was taken in the meantime, the next free
windows are offered instead.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.booking_model import MODEL_UNKNOWN, model_answer, model_buttons, named_model
from actions.booking_summary import warranty_quote
from actions.common import (
    Reply,
    RespondingAction,
    forget,
    language_of,
    latest_intent,
    latest_text,
    previous_value,
)
from actions.forms import (
    SENSE_CHECKED,
    FormStart,
    FormValidation,
    PhoneAnswer,
    detail_answer,
    sensible,
    slot_questions,
)
from actions.windows import offer_windows_for, validate_window_choice
from bot import services
from bot.repairs import (
    BookingRequest,
    InvalidPhone,
    RepairsError,
    Window,
    WindowTaken,
    book,
    find_region,
)
from bot.repairs.tasks import BOOKING_QUESTIONS, CHANGES, PER_BOOKING
from bot.understanding.details import (
    MAX_ADDRESS,
    customer_name,
    fault_in,
    looks_like_address,
    model_like,
    street_address,
    symptom,
)

__all__ = [
    "QUESTIONS",
    "ActionAskVisitWindow",
    "ActionBookingDone",
    "ActionResetBooking",
    "ActionStartBooking",
    "ValidateRepairBookingForm",
    "reset_events",
]

_FORM = "repair_booking_form"
#: The booking's questions asked with a message alone; the others offer buttons or, for
#: the model, say where its rating plate is.
QUESTIONS = slot_questions(
    _FORM, "product", "symptom", "city", "address", "customer_name", phone="ask_booking_phone"
)


class ActionStartBooking(FormStart):
    """Reads the booking request itself: the appliance and the fault it may describe."""

    action = "action_start_booking"

    def prefill(self, tracker: Tracker) -> list[EventType]:
        """The appliance, model, fault and error code the request names.

        The fault kept is the fault part of the request, without greeting and request.
        """
        text = latest_text(tracker).strip()
        events: list[EventType] = forget("booking_confirmed", SENSE_CHECKED, MODEL_UNKNOWN)
        if text.startswith("/"):
            return events
        index = services.search_index()
        fault = fault_in(text)
        found = {
            "model": index.detect_model(text, fuzzy=False),
            "product": index.detect_category(text),
            "symptom": fault.text if fault else None,
            "error_code": fault.error_code if fault else None,
        }
        return events + [SlotSet(slot, value) for slot, value in found.items() if value]


class ValidateRepairBookingForm(PhoneAnswer, FormValidation):
    """Validates each answer of the booking form as it arrives."""

    form = _FORM

    def questions(self, tracker: Tracker) -> list[str]:
        """Every question of the booking, in order; the model's once it cannot be given."""
        skipped = {"model"} if tracker.get_slot(MODEL_UNKNOWN) else set()
        return [slot for slot in BOOKING_QUESTIONS if slot not in skipped]

    def validate_product(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a category or a catalogue model; offers the closest to an unknown model."""
        kb = services.knowledge()
        index = services.search_index()
        typed = latest_text(tracker)
        model = named_model(tracker, value)
        if model is not None:
            return {"product": kb.models[model].category, "model": model}
        reply = Reply.to(dispatcher, tracker)
        category = value if value in kb.categories else index.detect_category(typed)
        unknown = model_like(typed)
        if unknown is not None:
            buttons = model_buttons(reply, unknown, category)
            reply.say("unknown_model", buttons, typed=unknown.upper())
            return {"product": None}
        if category is not None:
            return {"product": category}
        buttons = [
            {"title": c.name(reply.language), "payload": f'/inform{{"product":"{c.id}"}}'}
            for c in kb.categories.values()
        ]
        reply.say("ask_product_again", buttons)
        return {"product": None}

    def validate_symptom(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keeps the customer's description and any error code in it; queries noise once."""
        typed = str(value or "")
        found = symptom(typed)
        if found is None:
            Reply.to(dispatcher, tracker).say("invalid_symptom")
            return {"symptom": None}
        read: dict[str, Any] = {"symptom": found.text}
        if found.error_code:
            read["error_code"] = found.error_code
        return sensible(dispatcher, tracker, "symptom", typed, read)

    def validate_model(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a catalogue model; goes on without one the customer cannot give."""
        return model_answer(dispatcher, tracker, value)

    def validate_city(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a city of the service network that repairs this appliance."""
        reply = Reply.to(dispatcher, tracker)
        typed = latest_text(tracker)
        region = find_region(services.unit_of_work(), str(value or "")) or find_region(
            services.unit_of_work(), typed
        )
        product = tracker.get_slot("product")
        served = region is not None and (not product or product in region.categories)
        if not served and tracker.get_slot("requested_slot") != "city":
            # A place named in another answer ("100 Caoxi Road, Xuhui"): not a new city.
            return {"city": previous_value(tracker, "city")}
        if region is None or not served:
            city = str(value or typed)[:40]
            reply.say("city_not_served", [reply.person()], city=city)
            return {"city": None}
        found: dict[str, Any] = {"city": region.code}
        if not tracker.get_slot("address") and looks_like_address(typed):
            found["address"] = typed.strip()[:MAX_ADDRESS]
        return found

    def validate_address(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a street address (a few characters at least); queries a number once."""
        typed = str(value or "")
        address = street_address(typed)
        if address is None:
            return detail_answer(dispatcher, tracker, "address", address, "invalid_address")
        return sensible(dispatcher, tracker, "address", typed, {"address": address})

    def validate_customer_name(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts the name to ask for at the door, without "my name is".

        A phone number or an address given as the name is queried once.
        """
        typed = str(value or "")
        name = customer_name(typed)
        if name is None:
            return detail_answer(dispatcher, tracker, "customer_name", name, "invalid_name")
        return sensible(dispatcher, tracker, "customer_name", typed, {"customer_name": name})

    def validate_visit_window(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts an offered window, or reads a preferred day and time to offer anew."""
        return validate_window_choice(
            dispatcher,
            tracker,
            str(value or ""),
            region=str(tracker.get_slot("city")),
            category=str(tracker.get_slot("product")),
        )

    def validate_booking_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Books on "yes"; clears the answer the customer wants to change otherwise."""
        reply = Reply.to(dispatcher, tracker)
        entities = (tracker.latest_message or {}).get("entities", [])
        change = next((e.get("value") for e in entities if e.get("entity") == "change"), None)
        if change in CHANGES:
            reply.say("booking_change_ok")
            return {"booking_confirmed": None, **dict.fromkeys(CHANGES[str(change)])}
        if latest_intent(tracker) != "affirm":
            # Any other answer, a corrected detail included, shows the summary again.
            return {"booking_confirmed": None}
        try:
            booking = book(
                services.unit_of_work(),
                _request(tracker),
                Window.from_key(str(tracker.get_slot("visit_window"))),
                now=services.now(),
            )
        except WindowTaken:
            reply.say("window_just_taken")
            return {"visit_window": None, "booking_confirmed": None}
        except InvalidPhone:
            reply.say("invalid_phone")
            return {"phone": None, "booking_confirmed": None}
        except RepairsError:
            reply.say("booking_not_recorded", [reply.person()])
            return {"booking_confirmed": None}
        return {"booking_confirmed": True, "booking_reference": booking.reference}


def _request(tracker: Tracker) -> BookingRequest:
    """The booking the customer confirmed, quoted from the unit's warranty."""
    category = str(tracker.get_slot("product"))
    quoted = warranty_quote(tracker, category)
    return BookingRequest(
        conversation_id=tracker.sender_id,
        language=language_of(tracker),
        category=category,
        model=tracker.get_slot("model"),
        serial_number=tracker.get_slot("serial_number"),
        symptom=str(tracker.get_slot("symptom")),
        error_code=tracker.get_slot("error_code"),
        region=str(tracker.get_slot("city")),
        address=str(tracker.get_slot("address")),
        customer_name=str(tracker.get_slot("customer_name")),
        phone=str(tracker.get_slot("phone")),
        warranty_status=quoted.status,
        quoted_fee=quoted.call_out_fee,
    )


class ActionAskVisitWindow(RespondingAction):
    """Offers free windows for the booking, matching any preference given."""

    action = "action_ask_repair_booking_form_visit_window"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the windows as buttons."""
        region, category = str(tracker.get_slot("city")), str(tracker.get_slot("product"))
        offer_windows_for(reply.dispatcher, tracker, region=region, category=category)
        return []


class ActionBookingDone(RespondingAction):
    """Tells the customer the booking's reference and forgets this booking's details."""

    action = "action_booking_done"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the reference and the window."""
        reference = tracker.get_slot("booking_reference")
        window = Window.from_key(str(tracker.get_slot("visit_window")))
        buttons = [
            reply.choice("booking_button_check_visit", "/repair_status"),
            reply.choice("booking_button_another_question", "/help"),
        ]
        reply.say("booking_done", buttons, reference=reference, window=window.label(reply.language))
        return [*reset_events(), SlotSet("reference", reference)]


def reset_events() -> list[EventType]:
    """Forgets one request's details: symptom, window, what was being done to a visit."""
    return forget(*PER_BOOKING)


class ActionResetBooking(RespondingAction):
    """Forgets the details of an abandoned booking or visit change."""

    action = "action_reset_booking"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Clears the per-booking slots."""
        return reset_events()
