"""Where a complaint stands, and information added to it, by reference and phone.

The status form finds a complaint by reference and phone; a wrong phone reveals
nothing. A customer may add information to an open complaint.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Action, Tracker
from rasa_sdk.types import DomainDict

from actions.common import choice, language_of, latest_text, person_button, say
from actions.complaint_filing import category_label
from actions.forms import FormValidation, slot_question
from actions.lookup import exists_with, not_found, owner_phone_answer, reference_answer
from bot import services
from bot.complaints import (
    Complaint,
    ComplaintClosed,
    ComplaintNotFound,
    ComplaintsError,
    add_information,
    find_complaint,
)
from bot.language import Language
from bot.parsing import find_reference
from bot.texts import MESSAGES, render

__all__ = [
    "ActionAskComplaintAddition",
    "ActionAskComplaintReference",
    "ActionAskComplaintStatusPhone",
    "ActionComplaintStatus",
    "ActionStartComplaintStatus",
    "ValidateComplaintStatusForm",
    "complaint_status_text",
]

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


class ActionStartComplaintStatus(Action):
    """Reads a complaint reference given with the status request itself."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_start_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sets the reference found in the latest message, if any."""
        reference = find_reference(latest_text(tracker), "CP")
        return [SlotSet("complaint_reference", reference)] if reference else []


class ValidateComplaintStatusForm(FormValidation):
    """Validates the reference and phone of a status request, and any addition."""

    form = "complaint_status_form"

    def questions(self, tracker: Tracker) -> list[str]:
        """Reference and phone; what to add when the customer adds information."""
        extra = ["complaint_addition"] if tracker.get_slot("complaint_task") == "add" else []
        return ["complaint_reference", "phone", *extra]

    def validate_complaint_reference(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a complaint reference (``CP-`` and 8 letters or digits)."""
        reference = reference_answer(
            dispatcher, tracker, value, "CP", "invalid_complaint_reference"
        )
        return {"complaint_reference": reference}

    def validate_phone(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts the phone the complaint was made with; otherwise starts over."""
        return owner_phone_answer(
            dispatcher,
            tracker,
            value,
            reference_slot="complaint_reference",
            exists=exists_with(find_complaint),
            missing="complaint_not_found",
        )

    def validate_complaint_addition(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Adds the customer's text to the open complaint."""
        language = language_of(tracker)
        try:
            add_information(
                services.unit_of_work(),
                str(tracker.get_slot("complaint_reference")),
                str(tracker.get_slot("phone")),
                str(value or ""),
                now=services.now().astimezone(timezone.utc),
            )
        except ComplaintClosed:
            say(dispatcher, language, "complaint_closed")
            return {"complaint_addition": "-", "complaint_task": None}
        except ComplaintNotFound:
            not_found(dispatcher, language, "complaint_not_found")
            return {"complaint_addition": "-", "complaint_task": None}
        except ComplaintsError:
            say(dispatcher, language, "invalid_complaint_description")
            return {"complaint_addition": None}
        return {"complaint_addition": str(value)}


#: Asks for the complaint reference.
ActionAskComplaintReference = slot_question("complaint_status_form", "complaint_reference")
#: Asks for the phone number the complaint was made with.
ActionAskComplaintStatusPhone = slot_question(
    "complaint_status_form", "phone", "ask_complaint_status_phone"
)
#: Asks what the customer would like to add.
ActionAskComplaintAddition = slot_question("complaint_status_form", "complaint_addition")


class ActionComplaintStatus(Action):
    """Tells the customer where their complaint stands."""

    def name(self) -> str:
        """Returns the action's name as declared in the domain."""
        return "action_complaint_status"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        """Sends status and latest update, offering to add information."""
        language = language_of(tracker)
        done: list[EventType] = [
            SlotSet("complaint_task", None),
            SlotSet("complaint_addition", None),
        ]
        complaint = find_complaint(
            services.unit_of_work(),
            str(tracker.get_slot("complaint_reference")),
            str(tracker.get_slot("phone")),
        )
        if complaint is None:
            not_found(dispatcher, language, "complaint_not_found")
            return [*done, SlotSet("complaint_reference", None), SlotSet("phone", None)]
        added = tracker.get_slot("complaint_task") == "add" and tracker.get_slot(
            "complaint_addition"
        ) not in (None, "-")
        buttons = [person_button(language)]
        if complaint.status != "resolved":
            buttons.insert(0, choice(language, "button_complaint_add", _ADD_PAYLOAD))
        say(
            dispatcher,
            language,
            "complaint_added" if added else "complaint_status",
            buttons,
            summary=complaint_status_text(complaint, language),
        )
        return done
