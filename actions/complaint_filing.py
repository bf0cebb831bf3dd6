"""Filing a complaint: recorded with a reference and a response time, and triaged.

The complaint form takes what the customer already said as the description (and
guesses the category from it), adds the appliance and booking the conversation knows,
and asks only for what is missing. A description that is keyboard mash or noise is
queried once; anger alone is not taken as one. Safety complaints are critical: they
are queued for a person at once and the customer gets the safety first steps.
"""

from __future__ import annotations

from datetime import timezone
from typing import Any

from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.interfaces import Tracker
from rasa_sdk.types import DomainDict

from actions.common import Reply, RespondingAction, forget, language_of, latest_text
from actions.forms import (
    SENSE_CHECKED,
    FormStart,
    FormValidation,
    PhoneAnswer,
    sensible,
    slot_questions,
)
from bot import services
from bot.complaints import (
    CATEGORIES,
    RESPONSE_HOURS,
    ComplaintRequest,
    ComplaintsError,
    category_label,
    file_complaint,
    find_safety_words,
    guess_category,
)
from bot.understanding.complaints import MAX_DESCRIPTION, category_of, says_what_happened
from bot.understanding.questions import asks_to_complain

__all__ = [
    "QUESTIONS",
    "ActionAskComplaintCategory",
    "ActionComplaintFiled",
    "ActionStartComplaint",
    "ValidateComplaintForm",
]

#: The complaint form's questions other than its category.
QUESTIONS = slot_questions("complaint_form", "complaint_description", phone="ask_complaint_phone")


class ActionStartComplaint(FormStart):
    """Reads the complaint message itself: its description and its category."""

    action = "action_start_complaint"

    def may_be_question(self, tracker: Tracker) -> bool:
        """A complaint in so many words that names a safety word is always a complaint.

        "洗衣机漏水把楼下淹了，我要投诉" is one; "water under the sink from the purifier"
        describes a fault, and gets its first steps with the complaint offered.
        """
        text = latest_text(tracker).strip()
        return not (find_safety_words(text) and asks_to_complain(text))

    def prefill(self, tracker: Tracker) -> list[EventType]:
        """The description and category of a message that says what happened."""
        text = latest_text(tracker).strip()
        events: list[EventType] = forget("complaint_reference", SENSE_CHECKED)
        if not says_what_happened(text):
            return [*events, SlotSet("complaint_description", None)]
        events.append(SlotSet("complaint_description", text[:MAX_DESCRIPTION]))
        category = category_of(text)
        if category is not None:
            events.append(SlotSet("complaint_category", category))
        return events


class ValidateComplaintForm(PhoneAnswer, FormValidation):
    """Validates the category, description and phone of a complaint."""

    form = "complaint_form"

    def questions(self, tracker: Tracker) -> list[str]:
        """Category, description and phone, in order."""
        return ["complaint_category", "complaint_description", "phone"]

    def validate_complaint_category(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts one of the categories, pressed or typed."""
        if value in CATEGORIES:
            return {"complaint_category": value}
        guessed = guess_category(latest_text(tracker))
        return {"complaint_category": guessed or "other"}

    def validate_complaint_description(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Accepts a description of up to 2,000 characters; queries noise once."""
        text = str(value or "").strip()
        if len(text) < 2 or len(text) > MAX_DESCRIPTION:
            Reply.to(dispatcher, tracker).say("invalid_complaint_description")
            return {"complaint_description": None}
        found: dict[str, Any] = {"complaint_description": text}
        if not tracker.get_slot("complaint_category"):
            category = guess_category(text)
            if category is not None:
                found["complaint_category"] = category
        return sensible(dispatcher, tracker, "complaint_description", text, found)


class ActionAskComplaintCategory(RespondingAction):
    """Asks what the complaint is about, with the categories as buttons."""

    action = "action_ask_complaint_form_complaint_category"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Sends the categories."""
        categories = [
            reply.choice(f"complaint_category_{c}", '/inform{"complaint_category":"' + c + '"}')
            for c in CATEGORIES
        ]
        reply.say("ask_complaint_category", categories)
        return []


class ActionComplaintFiled(RespondingAction):
    """Records the complaint and gives the reference and the response time."""

    action = "action_complaint_filed"

    def respond(self, reply: Reply, tracker: Tracker) -> list[EventType]:
        """Files the complaint; a critical one is queued for a person at once."""
        done = forget("complaint_description", "complaint_category")
        person = [reply.person()]
        try:
            complaint = file_complaint(
                services.unit_of_work(),
                _request(tracker),
                now=services.now().astimezone(timezone.utc),
            )
        except ComplaintsError:
            reply.say("complaint_not_recorded", person)
            return done
        values: dict[str, Any] = {
            "reference": complaint.reference,
            "category": category_label(complaint.category, reply.language),
            "hours": RESPONSE_HOURS[complaint.severity],
        }
        if complaint.severity == "critical":
            reply.say("complaint_critical", **values)
        elif complaint.repeat_of:
            reply.say("complaint_repeat", person, **values)
        else:
            reply.say("complaint_filed", person, **values)
        return [*done, SlotSet("complaint_reference", complaint.reference)]


def _request(tracker: Tracker) -> ComplaintRequest:
    """The complaint as the conversation states it (the service validates it)."""
    return ComplaintRequest(
        conversation_id=tracker.sender_id,
        language=language_of(tracker),
        category=str(tracker.get_slot("complaint_category") or "other"),
        description=str(tracker.get_slot("complaint_description") or ""),
        model=tracker.get_slot("model"),
        serial_number=tracker.get_slot("serial_number"),
        booking_reference=tracker.get_slot("booking_reference")
        or _visit_reference(tracker.get_slot("reference")),
        customer_name=tracker.get_slot("customer_name"),
        phone=str(tracker.get_slot("phone") or ""),
    )


def _visit_reference(value: Any) -> str | None:
    text = str(value or "")
    return text if text.startswith("RV-") else None
