"""Checking, moving and cancelling a booked visit, by reference and phone number.

The visit form asks for the booking reference and the phone number it was booked
with. A wrong phone number and an unknown reference get the same reply, so nothing
about someone else's visit is revealed. Moving the visit offers free windows;
cancelling asks once for confirmation.
"""

from __future__ import annotations

from typing import Any, Final

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import FormValidationAction
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.booking import now_in_service_time, offer_windows, validate_window_choice
from actions.common import (
    AskForSlot,
    button,
    language_of,
    latest_intent,
    latest_text,
    person_button,
    phone_answer,
    say,
)
from actions.routing import answer_if_question
from actions.visit_text import booking_summary, window_text
from bot import services
from bot.language import Language
from bot.parsing import find_reference
from bot.repairs import (
    Booking,
    BookingClosed,
    BookingNotFound,
    Window,
    WindowTaken,
    cancel,
    find_booking,
    reschedule,
)

__all__ = [
    "ActionAskCancelConfirmed",
    "ActionAskVisitPhone",
    "ActionAskVisitReference",
    "ActionAskVisitWindowToMove",
    "ActionStartVisit",
    "ActionVisitDone",
    "ValidateVisitForm",
]


def _looked_up(tracker: Tracker) -> Booking | None:
    reference, phone = tracker.get_slot("reference"), tracker.get_slot("phone")
    if not reference or not phone:
        return None
    return find_booking(services.unit_of_work(), str(reference), str(phone))


def _not_found(dispatcher: CollectingDispatcher, language: Language) -> None:
    say(
        dispatcher,
        language,
        "visit_not_found",
        [person_button(language)],
    )


#: What the customer wants done with a booked visit, by the intent that asked.
_TASKS: Final = {
    "repair_status": "status",
    "reschedule_repair": "reschedule",
    "cancel_repair": "cancel",
}


class ActionStartVisit(Action):
    """Notes what is to be done with the visit, and reads a reference given with it."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_start_visit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Answers a question that only looks like a visit request; else starts the form."""
        answered = answer_if_question(dispatcher, tracker)
        if answered is not None:
            return answered
        intent = latest_intent(tracker)
        events = [SlotSet("visit_task", _TASKS.get(str(intent), "status"))]
        reference = find_reference(latest_text(tracker), "RV")
        return [*events, SlotSet("reference", reference)] if reference else events


class ValidateVisitForm(FormValidationAction):
    """Validates the reference, phone and the chosen change of a booked visit."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "validate_visit_form"

    async def required_slots(
        self,
        domain_slots: list[str],
        dispatcher: CollectingDispatcher,
        tracker: Tracker,
        domain: DomainDict,
    ) -> list[str]:
        """Reference and phone; then a new window to move, or a yes to cancel."""
        task = tracker.get_slot("visit_task")
        extra = {"reschedule": ["visit_window"], "cancel": ["cancel_confirmed"]}
        return ["reference", "phone", *extra.get(str(task), [])]

    def validate_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a booking reference (``RV-`` and 8 letters or digits)."""
        reference = find_reference(str(value or ""), "RV") or find_reference(
            latest_text(tracker), "RV"
        )
        if reference is None:
            say(dispatcher, language_of(tracker), "invalid_visit_reference")
        return {"reference": reference}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts the phone the visit was booked with; otherwise starts over."""
        language = language_of(tracker)
        phone = phone_answer(dispatcher, tracker, value)
        if phone is None:
            return {"phone": None}
        reference = tracker.get_slot("reference")
        if find_booking(services.unit_of_work(), str(reference), phone) is None:
            _not_found(dispatcher, language)
            return {"phone": None, "reference": None}
        return {"phone": phone}

    def validate_visit_window(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Moves the visit to the chosen window; offers others if it was just taken."""
        language = language_of(tracker)
        booking = _looked_up(tracker)
        if booking is None:
            _not_found(dispatcher, language)
            return {"visit_window": None, "reference": None, "phone": None}
        found = validate_window_choice(
            dispatcher,
            tracker,
            str(value or ""),
            region=booking.region,
            category=booking.category,
            exclude_booking=booking.reference,
        )
        if not found.get("visit_window"):
            return found
        try:
            reschedule(
                services.unit_of_work(),
                str(tracker.get_slot("reference")),
                str(tracker.get_slot("phone")),
                Window.from_key(found["visit_window"]),
                now=now_in_service_time(),
            )
        except WindowTaken:
            say(dispatcher, language, "window_just_taken")
            return {"visit_window": None}
        except (BookingNotFound, BookingClosed):
            say(dispatcher, language, "visit_closed")
            return {"visit_window": None, "visit_task": "status"}
        return found

    def validate_cancel_confirmed(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Cancels on "yes"; keeps the visit on anything else."""
        intent = latest_intent(tracker)
        if intent != "affirm":
            return {"cancel_confirmed": False}
        try:
            cancel(
                services.unit_of_work(),
                str(tracker.get_slot("reference")),
                str(tracker.get_slot("phone")),
                now=now_in_service_time(),
            )
        except (BookingNotFound, BookingClosed):
            say(dispatcher, language_of(tracker), "visit_closed")
            return {"cancel_confirmed": False}
        return {"cancel_confirmed": True}


class ActionAskVisitReference(AskForSlot):
    """Asks for the booking reference."""

    form = "visit_form"
    slot = "reference"
    message = "ask_visit_reference"


class ActionAskVisitPhone(AskForSlot):
    """Asks for the phone number the visit was booked with."""

    form = "visit_form"
    slot = "phone"
    message = "ask_visit_phone"


class ActionAskVisitWindowToMove(Action):
    """Offers free windows to move a booked visit to."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_ask_visit_form_visit_window"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Shows the current window, then the free ones."""
        language = language_of(tracker)
        booking = _looked_up(tracker)
        if booking is None:
            _not_found(dispatcher, language)
            return []
        say(dispatcher, language, "visit_current", summary=booking_summary(booking, language))
        offer_windows(
            dispatcher,
            language,
            region=booking.region,
            category=booking.category,
            preference_text=tracker.get_slot("visit_preference") or tracker.get_slot("when"),
            exclude_booking=booking.reference,
        )
        return []


class ActionAskCancelConfirmed(Action):
    """Shows the visit and asks whether to cancel it."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_ask_visit_form_cancel_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the visit with yes/no buttons."""
        language = language_of(tracker)
        booking = _looked_up(tracker)
        if booking is None:
            _not_found(dispatcher, language)
            return []
        say(
            dispatcher,
            language,
            "ask_cancel_confirmed",
            [
                button(language, "确认取消", "Yes, cancel it", "/affirm"),
                button(language, "保留预约", "No, keep it", "/deny"),
            ],
            summary=booking_summary(booking, language),
        )
        return []


class ActionVisitDone(Action):
    """Reports the visit's status, or the result of moving or cancelling it."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_visit_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the visit as it now stands."""
        language = language_of(tracker)
        booking = _looked_up(tracker)
        done = [
            SlotSet("visit_task", None),
            SlotSet("visit_window", None),
            SlotSet("visit_preference", None),
            SlotSet("cancel_confirmed", None),
        ]
        if booking is None:
            _not_found(dispatcher, language)
            return [*done, SlotSet("reference", None), SlotSet("phone", None)]
        task = tracker.get_slot("visit_task")
        if task == "cancel" and tracker.get_slot("cancel_confirmed"):
            key = "visit_cancelled"
        elif task == "cancel":
            key = "visit_kept"
        elif task == "reschedule":
            key = "visit_moved"
        else:
            key = "visit_status"
        buttons = []
        if booking.status == "booked":
            buttons = [
                button(language, "改时间", "Move it", "/reschedule_repair"),
                button(language, "取消预约", "Cancel it", "/cancel_repair"),
            ]
        say(
            dispatcher,
            language,
            key,
            buttons,
            summary=booking_summary(booking, language),
            window=window_text(booking.window, language),
        )
        return done
