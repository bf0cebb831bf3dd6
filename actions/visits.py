"""Checking, moving and cancelling a booked visit, by reference and phone number.

The visit form asks for the booking reference and the phone number it was booked
with. A wrong phone number and an unknown reference get the same reply, so nothing
about someone else's visit is revealed. Moving the visit offers free windows;
cancelling asks once for confirmation.
"""

from __future__ import annotations

from abc import abstractmethod
from typing import Any, Final

from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.booking import ActionStartBooking
from actions.common import (
    Reply,
    RespondingAction,
    forget,
    latest_intent,
    latest_text,
)
from actions.forms import FormStart, FormValidation, slot_questions
from actions.lookup import Lookup, LookupAnswers, not_found
from actions.visit_text import booking_summary
from actions.windows import offer_windows_for, validate_window_choice
from bot import services
from bot.references import find_reference
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
from bot.understanding.questions import wants_new_visit

__all__ = [
    "QUESTIONS",
    "ActionAskCancelConfirmed",
    "ActionAskVisitWindowToMove",
    "ActionStartVisit",
    "ActionVisitDone",
    "ValidateVisitForm",
]

_FORM = "visit_form"
#: The visit's own questions; the others are asked by the actions below.
QUESTIONS = slot_questions(_FORM, reference="ask_visit_reference", phone="ask_visit_phone")
#: A visit is found by its booking reference and the phone it was booked with.
_VISIT: Final = Lookup("visit", reference_slot="reference", prefix="RV", find=find_booking)


def _booked_visit(dispatcher: CollectingDispatcher, tracker: Tracker) -> Booking | None:
    """The visit booked with the reference and phone given; if none, says so."""
    booking = _VISIT.record(tracker)
    if booking is None:
        not_found(Reply.to(dispatcher, tracker), _VISIT.missing)
    return booking


class ActionStartVisit(FormStart):
    """Notes what is to be done with the visit, and reads a reference given with it.

    A request for a new visit the classifier took for one about a booked visit
    ("预约师傅上门", "帮我约个师傅") starts the booking instead.
    """

    action = "action_start_visit"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Starts the booking for a new visit; else as every form's start."""
        if wants_new_visit(latest_text(tracker)):
            booking = ActionStartBooking().prefill(tracker)
            return [*booking, FollowupAction("repair_booking_form")]
        return super().respond(reply, tracker)

    def prefill(self, tracker: Tracker) -> list[EventType]:
        """The task the request asks for, and the reference it gives."""
        events = [SlotSet("visit_task", visit_task(latest_intent(tracker)))]
        reference = find_reference(latest_text(tracker), "RV")
        return [*events, SlotSet("reference", reference)] if reference else events


class ValidateVisitForm(LookupAnswers, FormValidation):
    """Validates the reference, phone and the chosen change of a booked visit."""

    form = _FORM
    lookup = _VISIT

    def questions(self, tracker: Tracker) -> list[str]:
        """Reference and phone; then a new window to move, or a yes to cancel."""
        return visit_questions(tracker.get_slot("visit_task"))

    def validate_visit_window(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Moves the visit to the chosen window; offers others if it was just taken."""
        reply = Reply.to(dispatcher, tracker)
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
            reply.say("window_just_taken")
            return {"visit_window": None}
        except (BookingNotFound, BookingClosed):
            reply.say("visit_closed")
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
            Reply.to(dispatcher, tracker).say("visit_closed")
            return {"cancel_confirmed": False}
        return {"cancel_confirmed": True}


class _AboutVisit(RespondingAction):
    """An action about the visit booked with the reference and phone given.

    When they find no visit the customer is told so and ``forget_if_none`` is cleared;
    otherwise :meth:`about` replies about the visit.
    """

    forget_if_none: tuple[str, ...] = ()

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Looks the visit up, then replies about it."""
        booking = _booked_visit(reply.dispatcher, tracker)
        if booking is None:
            return forget(*self.forget_if_none)
        return self.about(booking, reply, tracker)

    @abstractmethod
    def about(self, booking: Booking, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Replies about the customer's visit ``booking``."""


class ActionAskVisitWindowToMove(_AboutVisit):
    """Offers free windows to move a booked visit to."""

    action = "action_ask_visit_form_visit_window"

    def about(self, booking: Booking, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Shows the current window, then the free ones."""
        reply.say("visit_current", summary=booking_summary(booking, reply.language))
        offer_windows_for(
            reply.dispatcher,
            tracker,
            region=booking.region,
            category=booking.category,
            exclude_booking=booking.reference,
        )
        return []


class ActionAskCancelConfirmed(_AboutVisit):
    """Shows the visit and asks whether to cancel it."""

    action = "action_ask_visit_form_cancel_confirmed"

    def about(self, booking: Booking, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the visit with yes/no buttons."""
        buttons = [
            reply.choice("visit_button_confirm_cancel", "/affirm"),
            reply.choice("visit_button_keep", "/deny"),
        ]
        reply.say("ask_cancel_confirmed", buttons, summary=booking_summary(booking, reply.language))
        return []


#: What the result forgets: the task and its answers.
_DONE: Final = ("visit_task", "visit_window", "visit_preference", "cancel_confirmed")


class ActionVisitDone(_AboutVisit):
    """Reports the visit's status, or the result of moving or cancelling it."""

    action = "action_visit_done"
    # The reference and phone found nothing: they are asked again next time.
    forget_if_none = (*_DONE, "reference", "phone")

    def about(self, booking: Booking, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the visit as it now stands."""
        key = visit_reply(
            tracker.get_slot("visit_task"), bool(tracker.get_slot("cancel_confirmed"))
        )
        buttons = []
        if booking.status == "booked":
            buttons = [
                reply.choice("visit_button_move", "/reschedule_repair"),
                reply.choice("visit_button_cancel", "/cancel_repair"),
            ]
        reply.say(
            key,
            buttons,
            summary=booking_summary(booking, reply.language),
            window=booking.window.label(reply.language),
        )
        return forget(*_DONE)
