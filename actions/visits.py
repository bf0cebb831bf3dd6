"""Checking, moving and cancelling a booked visit, by reference and phone number.

The visit form asks for the booking reference and the phone number it was booked
with. A wrong phone number and an unknown reference get the same reply, so nothing
about someone else's visit is revealed. Moving the visit offers free windows;
cancelling asks once for confirmation.
"""

from __future__ import annotations

from typing import Any, Final

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.common import NamedAction, choice, language_of, latest_intent, latest_text, say
from actions.forms import FormStart, FormValidation, slot_question
from actions.lookup import not_found, owner_phone_answer, reference_answer
from actions.visit_text import booking_summary, window_text
from actions.windows import offer_windows_for, validate_window_choice
from bot import services
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
from bot.repairs.tasks import visit_questions, visit_reply, visit_task

__all__ = [
    "ActionAskCancelConfirmed",
    "ActionAskVisitPhone",
    "ActionAskVisitReference",
    "ActionAskVisitWindowToMove",
    "ActionStartVisit",
    "ActionVisitDone",
    "ValidateVisitForm",
]

_FORM = "visit_form"
_NOT_FOUND: Final = "visit_not_found"
ActionAskVisitReference = slot_question(_FORM, "reference", "ask_visit_reference")
ActionAskVisitPhone = slot_question(_FORM, "phone", "ask_visit_phone")


def _looked_up(tracker: Tracker) -> Booking | None:
    reference, phone = tracker.get_slot("reference"), tracker.get_slot("phone")
    if not reference or not phone:
        return None
    return find_booking(services.unit_of_work(), str(reference), str(phone))


def _booked_visit(dispatcher: CollectingDispatcher, tracker: Tracker) -> Booking | None:
    """The visit booked with the reference and phone given; if none, says so."""
    booking = _looked_up(tracker)
    if booking is None:
        not_found(dispatcher, language_of(tracker), _NOT_FOUND)
    return booking


def _exists(reference: str, phone: str) -> bool:
    return find_booking(services.unit_of_work(), reference, phone) is not None


class ActionStartVisit(FormStart):
    """Notes what is to be done with the visit, and reads a reference given with it."""

    action = "action_start_visit"

    def prefill(self, tracker: Tracker) -> list[EventType]:
        """The task the request asks for, and the reference it gives."""
        events = [SlotSet("visit_task", visit_task(latest_intent(tracker)))]
        reference = find_reference(latest_text(tracker), "RV")
        return [*events, SlotSet("reference", reference)] if reference else events


class ValidateVisitForm(FormValidation):
    """Validates the reference, phone and the chosen change of a booked visit."""

    form = _FORM

    def questions(self, tracker: Tracker) -> list[str]:
        """Reference and phone; then a new window to move, or a yes to cancel."""
        return visit_questions(tracker.get_slot("visit_task"))

    def validate_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a booking reference (``RV-`` and 8 letters or digits)."""
        reference = reference_answer(dispatcher, tracker, value, "RV", "invalid_visit_reference")
        return {"reference": reference}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts the phone the visit was booked with; otherwise starts over."""
        return owner_phone_answer(
            dispatcher,
            tracker,
            value,
            reference_slot="reference",
            exists=_exists,
            missing=_NOT_FOUND,
        )

    def validate_visit_window(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Moves the visit to the chosen window; offers others if it was just taken."""
        language = language_of(tracker)
        booking = _booked_visit(dispatcher, tracker)
        if booking is None:
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
                now=services.now(),
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
        if latest_intent(tracker) != "affirm":
            return {"cancel_confirmed": False}
        try:
            cancel(
                services.unit_of_work(),
                str(tracker.get_slot("reference")),
                str(tracker.get_slot("phone")),
                now=services.now(),
            )
        except (BookingNotFound, BookingClosed):
            say(dispatcher, language_of(tracker), "visit_closed")
            return {"cancel_confirmed": False}
        return {"cancel_confirmed": True}


class ActionAskVisitWindowToMove(NamedAction):
    """Offers free windows to move a booked visit to."""

    action = "action_ask_visit_form_visit_window"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Shows the current window, then the free ones."""
        booking = _booked_visit(dispatcher, tracker)
        if booking is None:
            return []
        summary = booking_summary(booking, language_of(tracker))
        say(dispatcher, language_of(tracker), "visit_current", summary=summary)
        offer_windows_for(
            dispatcher,
            tracker,
            region=booking.region,
            category=booking.category,
            exclude_booking=booking.reference,
        )
        return []


class ActionAskCancelConfirmed(NamedAction):
    """Shows the visit and asks whether to cancel it."""

    action = "action_ask_visit_form_cancel_confirmed"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the visit with yes/no buttons."""
        language = language_of(tracker)
        booking = _booked_visit(dispatcher, tracker)
        if booking is None:
            return []
        buttons = [
            choice(language, "visit_button_confirm_cancel", "/affirm"),
            choice(language, "visit_button_keep", "/deny"),
        ]
        summary = booking_summary(booking, language)
        say(dispatcher, language, "ask_cancel_confirmed", buttons, summary=summary)
        return []


#: What the result forgets: the task and its answers.
_DONE: Final = ("visit_task", "visit_window", "visit_preference", "cancel_confirmed")


class ActionVisitDone(NamedAction):
    """Reports the visit's status, or the result of moving or cancelling it."""

    action = "action_visit_done"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends the visit as it now stands."""
        language = language_of(tracker)
        booking = _booked_visit(dispatcher, tracker)
        if booking is None:
            # The reference and phone found nothing: they are asked again next time.
            return [SlotSet(slot, None) for slot in (*_DONE, "reference", "phone")]
        key = visit_reply(
            tracker.get_slot("visit_task"), bool(tracker.get_slot("cancel_confirmed"))
        )
        buttons = []
        if booking.status == "booked":
            buttons = [
                choice(language, "visit_button_move", "/reschedule_repair"),
                choice(language, "visit_button_cancel", "/cancel_repair"),
            ]
        say(
            dispatcher,
            language,
            key,
            buttons,
            summary=booking_summary(booking, language),
            window=window_text(booking.window, language),
        )
        return [SlotSet(slot, None) for slot in _DONE]
