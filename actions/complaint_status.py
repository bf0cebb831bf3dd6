"""Where a complaint stands, and information added to it, by reference and phone.

The status form finds a complaint by reference and phone; a wrong phone reveals
nothing. A customer may add information to an open complaint.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any, Final

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply, RespondingAction, forget, latest_text
from actions.forms import FormStart, FormValidation, slot_questions
from actions.lookup import Lookup, LookupAnswers, not_found
from bot import services
from bot.complaints import (
    Complaint,
    ComplaintClosed,
    ComplaintNotFound,
    ComplaintsError,
    add_information,
    category_label,
    find_complaint,
)
from bot.language import Language
from bot.references import find_reference
from bot.texts import MESSAGES, render

__all__ = [
    "QUESTIONS",
    "ActionComplaintStatus",
    "ActionStartComplaintStatus",
    "ValidateComplaintStatusForm",
    "complaint_status_text",
]

_FORM = "complaint_status_form"
#: The status form's questions.
QUESTIONS = slot_questions(
    _FORM, "complaint_reference", "complaint_addition", phone="ask_complaint_status_phone"
)
#: A complaint is found by its reference and the phone it was made with.
_COMPLAINT: Final = Lookup(
    "complaint", reference_slot="complaint_reference", prefix="CP", find=find_complaint
)
#: The payload of the button that adds information to a complaint.
_ADD_PAYLOAD = '/complaint_status{"complaint_task":"add"}'


def complaint_status_text(complaint: Complaint, language: Language) -> str:
    """Status, category, last update and its time, as shown to the customer."""
    state = f"complaint_state_{complaint.status}"
    when = complaint.last_update_at.astimezone(timezone.utc)
    return render(
        "complaint_summary",
        language,
        reference=complaint.reference,
        status=render(state, language) if state in MESSAGES else complaint.status,
        category=category_label(complaint.category, language),
        stamp=f"{when:%Y-%m-%d %H:%M}",
        update=complaint.last_update,
    )


class ActionStartComplaintStatus(FormStart):
    """Reads a complaint reference given with the status request itself.

    A fault described without a reference ("the outdoor unit started rattling, the
    neighbours are complaining") is answered instead.
    """

    action = "action_start_complaint_status"

    def prefill(self, tracker: Tracker) -> list[EventType]:
        """Sets the reference found in the latest message, if any."""
        reference = find_reference(latest_text(tracker), "CP")
        return [SlotSet("complaint_reference", reference)] if reference else []


class ValidateComplaintStatusForm(LookupAnswers, FormValidation):
    """Validates the reference and phone of a status request, and any addition."""

    form = _FORM
    lookup = _COMPLAINT

    def questions(self, tracker: Tracker) -> list[str]:
        """Reference and phone; what to add when the customer adds information."""
        extra = ["complaint_addition"] if tracker.get_slot("complaint_task") == "add" else []
        return ["complaint_reference", "phone", *extra]

    def validate_complaint_addition(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Adds the customer's text to the open complaint."""
        reply = Reply.to(dispatcher, tracker)
        try:
            add_information(
                services.unit_of_work(),
                str(tracker.get_slot("complaint_reference")),
                str(tracker.get_slot("phone")),
                str(value or ""),
                now=services.now().astimezone(timezone.utc),
            )
        except ComplaintClosed:
            reply.say("complaint_closed")
            return {"complaint_addition": "-", "complaint_task": None}
        except ComplaintNotFound:
            not_found(reply, _COMPLAINT.missing)
            return {"complaint_addition": "-", "complaint_task": None}
        except ComplaintsError:
            reply.say("invalid_complaint_description")
            return {"complaint_addition": None}
        return {"complaint_addition": str(value)}


class ActionComplaintStatus(RespondingAction):
    """Tells the customer where their complaint stands."""

    action = "action_complaint_status"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends status and latest update, offering to add information."""
        done = forget("complaint_task", "complaint_addition")
        complaint = _COMPLAINT.record(tracker)
        if complaint is None:
            not_found(reply, _COMPLAINT.missing)
            return [*done, *forget("complaint_reference", "phone")]
        added = tracker.get_slot("complaint_task") == "add" and tracker.get_slot(
            "complaint_addition"
        ) not in (None, "-")
        buttons = [reply.person()]
        if complaint.status != "resolved":
            buttons.insert(0, reply.choice("button_complaint_add", _ADD_PAYLOAD))
        reply.say(
            "complaint_added" if added else "complaint_status",
            buttons,
            summary=complaint_status_text(complaint, reply.language),
        )
        return done
